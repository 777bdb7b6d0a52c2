/**
 * The programme's endorsement of a course, as an OB 3.0 EndorsementCredential. The programme
 * signs it once per course version with its own key (jwt.ts), and each certificate carries the
 * JWT in `achievement.endorsementJwt`, so an academy issues under its own key while a verifier
 * can still check, offline, that the programme stands behind the course.
 */
import * as z from 'zod';
import { HttpUrl, OB3_CONTEXT, VC_CONTEXT } from './credential';
import { isoSeconds } from './encoding';

export const EndorsementInput = z.object({
  id: z.uuid().optional(),
  endorser: z.object({ id: HttpUrl, name: z.string().trim().min(1).max(200) }),
  /** The achievement endorsed: `achievementId(...)` of the course version. */
  achievementId: HttpUrl,
  achievementName: z.string().trim().min(1).max(300),
  comment: z.string().trim().min(1).max(2000).optional(),
  validFrom: z.date(),
  validUntil: z.date().optional(),
});
export type EndorsementInput = z.input<typeof EndorsementInput>;

export function buildEndorsement(input: EndorsementInput) {
  const v = EndorsementInput.parse(input);
  return {
    '@context': [VC_CONTEXT, OB3_CONTEXT],
    id: `urn:uuid:${v.id ?? crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: `${v.endorser.name} endorses ${v.achievementName}`,
    issuer: { id: v.endorser.id, type: 'Profile', name: v.endorser.name },
    validFrom: isoSeconds(v.validFrom),
    ...(v.validUntil ? { validUntil: isoSeconds(v.validUntil) } : {}),
    credentialSubject: {
      id: v.achievementId,
      type: ['EndorsementSubject'],
      ...(v.comment ? { endorsementComment: v.comment } : {}),
    },
  };
}
