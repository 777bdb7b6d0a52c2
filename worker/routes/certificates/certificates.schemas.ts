import { z } from '@hono/zod-openapi';
import { Line, Slug, Uuid } from '../../schemas';

export const IssueRequest = z.object({ learnerId: Uuid, courseId: Slug, institutionId: Uuid }).openapi('IssueRequest');
export const CertificateParams = z.object({ certificateId: Uuid.openapi({ param: { name: 'certificateId', in: 'path' } }) });
export const StatusChange = z
  .object({ action: z.enum(['revoke', 'suspend', 'reinstate']), reason: Line(500, 3) })
  .openapi('StatusChange');
export const StatusListParams = z.object({
  institutionId: Uuid.openapi({ param: { name: 'institutionId', in: 'path' } }),
  purpose: z.enum(['revocation', 'suspension']).openapi({ param: { name: 'purpose', in: 'path' } }),
});

export const Certificate = z
  .object({
    id: z.string(),
    learnerId: z.string().nullable(),
    institutionId: z.string(),
    courseId: z.string(),
    courseVersion: z.string(),
    status: z.enum(['valid', 'suspended', 'revoked']),
    statusReason: z.string().nullable(),
    issuedAt: z.string(),
    validUntil: z.string().nullable(),
    credential: z.string().openapi({ description: 'The signed Open Badges 3.0 credential, a VC-JOSE JWT, for wallets.' }),
    qrUrl: z.string().nullable().openapi({ description: 'The /verify URL with the signed offline proof in its fragment: what the printed QR code holds.' }),
    renews: z.string().nullable().openapi({ description: 'The certificate this one renewed.' }),
  })
  .openapi('Certificate');

export const MyCertificate = Certificate.extend({
  learnerName: z.string().nullable(),
  issuerName: z.string(),
  trainerName: z.string().nullable(),
  courseTitle: z.string(),
  renewal: z.object({
    opensAt: z.string().nullable().openapi({ description: 'When the refresher assessment opens; null if this certificate does not expire or the course has none.' }),
    renewedBy: z.string().nullable().openapi({ description: 'The certificate that renewed this one.' }),
  }),
}).openapi('MyCertificate');

export const OfflineBundle = z
  .object({
    format: z.literal(1),
    generatedAt: z.string(),
    issuers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        keys: z.array(z.object({ kid: z.string(), x: z.string() }).loose()),
        statusLists: z.object({ revocation: z.string(), suspension: z.string() }),
      }),
    ),
  })
  .openapi('OfflineBundle');

export const VerifyRequest = z
  .object({
    id: Uuid.optional().openapi({ description: 'A certificate id, as printed.' }),
    credential: z.string().trim().min(20).max(20_000).optional().openapi({ description: 'A pasted credential (the JWT).' }),
  })
  .refine((v) => Boolean(v.id) !== Boolean(v.credential), { message: 'Give a certificate id or a credential, not both.', path: ['id'] })
  .openapi('VerifyRequest');

export const Verification = z
  .object({
    valid: z.boolean(),
    status: z.enum(['valid', 'suspended', 'revoked', 'invalid']),
    reason: z.string().optional(),
    certificate: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Verification');

export const BulkIssueRequest = z.object({ cohortId: Uuid, courseId: Slug }).openapi('BulkIssueRequest');
export const BulkIssueResult = z
  .object({
    issued: z.array(z.string()),
    alreadyIssued: z.array(z.string()),
    skipped: z.array(z.object({ learnerId: z.string(), reason: z.string() })),
  })
  .openapi('BulkIssueResult');
