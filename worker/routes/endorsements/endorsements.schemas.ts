import { z } from '@hono/zod-openapi';
import { Line, Slug, Uuid } from '../../schemas';

export const EndorseRequest = z
  .object({
    courseId: Slug,
    comment: Line(500, 3).optional().openapi({ description: 'Why the programme stands behind this course, shown to verifiers.' }),
  })
  .openapi('EndorseRequest');
export const EndorsementParams = z.object({ endorsementId: Uuid.openapi({ param: { name: 'endorsementId', in: 'path' } }) });
export const Withdraw = z.object({ reason: Line(500, 3) }).openapi('WithdrawEndorsement');

export const Endorsement = z
  .object({
    id: z.string(),
    courseId: z.string(),
    courseVersion: z.string(),
    comment: z.string().nullable(),
    createdAt: z.string(),
    withdrawnAt: z.string().nullable(),
    credential: z.string().openapi({ description: 'The signed EndorsementCredential (VC-JOSE JWT) certificates carry.' }),
  })
  .openapi('Endorsement');
