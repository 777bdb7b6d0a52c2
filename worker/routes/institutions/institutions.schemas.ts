import { z } from '@hono/zod-openapi';
import { INSTITUTION_KINDS } from '../../../db/schema';
import { Line, Country, InstitutionRole, Timestamp, Username, Uuid } from '../../schemas';

export const Institution = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(INSTITUTION_KINDS), country: z.string(), createdAt: Timestamp })
  .openapi('Institution');

export const NewInstitution = z
  .object({
    name: Line(120, 2),
    kind: z.enum(INSTITUTION_KINDS),
    country: Country,
  })
  .openapi('NewInstitution');

export const InstitutionParams = z.object({
  institutionId: Uuid.openapi({ param: { name: 'institutionId', in: 'path' } }),
});

export const MemberParams = InstitutionParams.extend({
  membershipId: Uuid.openapi({ param: { name: 'membershipId', in: 'path' } }),
});

export const Member = z
  .object({
    membershipId: z.string(),
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: InstitutionRole,
    grantedAt: Timestamp,
  })
  .openapi('Member');

export const Grant = z.object({ username: Username, role: InstitutionRole }).openapi('Grant');

export const NewInvitation = z
  .object({
    role: InstitutionRole,
    cohortId: Uuid.optional(),
    expiresInDays: z.number().int().min(1).max(60).default(14),
  })
  .openapi('NewInvitation');

export const Invitation = z
  .object({
    id: z.string(),
    token: z.string().openapi({ description: 'Shown once; only its hash is stored.' }),
    role: InstitutionRole,
    cohortId: z.string().nullable(),
    expiresAt: Timestamp,
  })
  .openapi('Invitation');

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().openapi({ description: 'Entries with an id below this.' }),
});

export const AuditEntry = z
  .object({
    id: z.number(),
    at: Timestamp,
    actorId: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');
