/**
 * Builds a certificate as an Open Badges 3.0 `OpenBadgeCredential` on the VC 2.0 data model.
 * Plain data in, plain JSON out: signing is jwt.ts, and storage and routes live elsewhere.
 *
 * Field choices (OB 3.0 §B.1):
 * - the issuing trainer is `credentialSubject.source`, the Profile that "assessed the achievement
 *   on behalf of the issuer" — exactly a trainer assessing for the issuing institution;
 * - a programme endorsement is `achievement.endorsementJwt`: EndorsementCredentials signed as
 *   VC-JWTs (endorsement.ts), the JWT twin of `endorsement`, which expects Data Integrity proofs;
 * - the course is `achievement.humanCode` (its id) and `achievement.version`, and the achievement
 *   id is the URL of that course version.
 */
import * as z from 'zod';
import { isoSeconds } from './encoding';
import { MAX_STATUS_INDEX, OB3_CONTEXT, VC_CONTEXT } from './vocabulary';

export { MAX_STATUS_INDEX, OB3_CONTEXT, VC_CONTEXT } from './vocabulary';

/**
 * A course id as in courses/ (worker/schemas.ts `Slug`, kept apart so this library does not pull
 * in hono's zod-openapi and the drizzle schema), at most 40 characters: the QR proof's room.
 */
export const CourseId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(40);
export const CourseVersion = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,15}$/);

// Any http(s) URL: a Node box on an academy LAN may be reached as http://localhost or an IP.
export const HttpUrl = z.url({ protocol: /^https?$/ });
/** People are named by a web URL or a URN such as `urn:uuid:`; never a `javascript:` or `data:` URL. */
const PersonUri = z.url({ protocol: /^(https?|urn)$/ });
const StatusIndex = z.int().min(0).max(MAX_STATUS_INDEX);
const Name = z.string().trim().min(1).max(200);
const CompactJws = z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

export const CredentialInput = z
  .object({
    /** The certificate's UUID; generated when absent. */
    id: z.uuid().optional(),
    /** A URI for the learner (e.g. a pseudonymous `urn:uuid:`), for wallets that hold it. */
    learnerId: PersonUri.optional(),
    /** Present only when the learner consented to their name in a public record. */
    learnerName: Name.optional(),
    courseId: CourseId,
    courseVersion: CourseVersion,
    courseTitle: z.string().trim().min(1).max(300),
    /** OB 3.0 requires a description of the achievement: the course summary. */
    courseDescription: z.string().trim().min(1).max(2000),
    criteriaNarrative: z.string().trim().min(1).max(4000),
    issuer: z.object({ id: HttpUrl, name: Name }),
    /** The trainer who assessed; absent when the course issues by itself (automatic issue, renewals). */
    trainer: z.object({ id: PersonUri, name: Name }).optional(),
    issuedAt: z.date(),
    validUntil: z.date().optional(),
    statusIndexes: z.object({ revocation: StatusIndex, suspension: StatusIndex }),
    statusListUrls: z.object({ revocation: HttpUrl, suspension: HttpUrl }),
    /** The platform's origin, under which course versions have their URLs. */
    baseUrl: HttpUrl,
    /** Signed EndorsementCredentials of the programme, where it endorses this course. */
    endorsementJwts: z.array(CompactJws).max(4).optional(),
  })
  .refine((v) => v.learnerId || v.learnerName, { message: 'a learner id or a consented name is required', path: ['learnerName'] })
  .refine((v) => !v.validUntil || v.validUntil > v.issuedAt, { message: 'validUntil must follow issuedAt', path: ['validUntil'] });
export type CredentialInput = z.input<typeof CredentialInput>;

const Profile = z.object({ id: z.string(), type: z.literal('Profile'), name: z.string() });

const StatusEntry = z.object({
  id: z.string(),
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.enum(['revocation', 'suspension']),
  statusListIndex: z.string().regex(/^\d+$/),
  statusListCredential: z.string(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;

/** The shape we issue; verify pages parse a verified payload with it before showing fields. */
export const OpenBadgeCredential = z.object({
  '@context': z.tuple([z.literal(VC_CONTEXT), z.literal(OB3_CONTEXT)]),
  id: z.string(),
  type: z.tuple([z.literal('VerifiableCredential'), z.literal('OpenBadgeCredential')]),
  name: z.string(),
  issuer: Profile,
  validFrom: z.string(),
  validUntil: z.string().optional(),
  credentialSubject: z.object({
    type: z.tuple([z.literal('AchievementSubject')]),
    id: z.string().optional(),
    name: z.string().optional(),
    identifier: z.array(z.object({ type: z.literal('IdentityObject'), identityType: z.literal('name'), hashed: z.literal(false), identityHash: z.string() })).optional(),
    achievement: z.object({
      id: z.string(),
      type: z.tuple([z.literal('Achievement')]),
      achievementType: z.literal('Certificate'),
      humanCode: z.string(),
      name: z.string(),
      description: z.string(),
      criteria: z.object({ narrative: z.string() }),
      version: z.string(),
      creator: Profile,
      endorsementJwt: z.array(z.string()).optional(),
    }),
    source: Profile.optional(),
  }),
  credentialStatus: z.tuple([StatusEntry, StatusEntry]),
});
export type OpenBadgeCredential = z.infer<typeof OpenBadgeCredential>;

/** The URL of one version of a course: the achievement a certificate awards. */
export function achievementId(baseUrl: string, courseId: string, courseVersion: string): string {
  return new URL(`/courses/${encodeURIComponent(courseId)}/versions/${encodeURIComponent(courseVersion)}`, baseUrl).href;
}

function statusEntry(purpose: 'revocation' | 'suspension', index: number, listUrl: string): StatusEntry {
  // The entry id must not be the list's URL (Bitstring Status List §2.1); the fragment keeps it unique.
  return { id: `${listUrl}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: listUrl };
}

export function buildCredential(input: CredentialInput): OpenBadgeCredential {
  const v = CredentialInput.parse(input);
  const issuer = { id: v.issuer.id, type: 'Profile' as const, name: v.issuer.name };
  const credential: OpenBadgeCredential = {
    '@context': [VC_CONTEXT, OB3_CONTEXT],
    id: `urn:uuid:${v.id ?? crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: v.courseTitle,
    issuer,
    validFrom: isoSeconds(v.issuedAt),
    ...(v.validUntil ? { validUntil: isoSeconds(v.validUntil) } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      ...(v.learnerId ? { id: v.learnerId } : {}),
      // OB 3.0 names a subject through `identifier`; `name` is what wallets display. Both only with consent.
      ...(v.learnerName
        ? { name: v.learnerName, identifier: [{ type: 'IdentityObject' as const, identityType: 'name' as const, hashed: false as const, identityHash: v.learnerName }] }
        : {}),
      achievement: {
        id: achievementId(v.baseUrl, v.courseId, v.courseVersion),
        type: ['Achievement'],
        achievementType: 'Certificate',
        humanCode: v.courseId,
        name: v.courseTitle,
        description: v.courseDescription,
        criteria: { narrative: v.criteriaNarrative },
        version: v.courseVersion,
        creator: issuer,
        ...(v.endorsementJwts?.length ? { endorsementJwt: v.endorsementJwts } : {}),
      },
      ...(v.trainer ? { source: { id: v.trainer.id, type: 'Profile' as const, name: v.trainer.name } } : {}),
    },
    credentialStatus: [
      statusEntry('revocation', v.statusIndexes.revocation, v.statusListUrls.revocation),
      statusEntry('suspension', v.statusIndexes.suspension, v.statusListUrls.suspension),
    ],
  };
  return credential;
}
