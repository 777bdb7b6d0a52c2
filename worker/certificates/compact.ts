/**
 * The offline QR proof: a few signed bytes small enough to scan from paper, verifiable with
 * cached keys and status lists and no network. Layout, version 1 (integers big-endian):
 *
 *   0      version (1)            18..25  first 8 bytes of the signing key's thumbprint (kid)
 *   1      flags (bit 0: name     26..27  issue day, days since 1970-01-01 UTC
 *            truncated)           28..29  last valid day (0: no expiry)
 *   2..17  certificate UUID       30..32  revocation index   33..35  suspension index
 *   36..   course id, course version, learner name: each a length byte then UTF-8
 *   last 64 bytes: Ed25519 signature over everything before it
 *
 * The whole is base64url in the fragment of `https://<host>/verify#c=…`, so it never reaches a
 * server log. A JWS signing input always starts with a base64url character, never byte 0x01,
 * so the issuer key signing both kinds of message cannot turn one into the other.
 */
import * as z from 'zod';
import { CourseId, CourseVersion, MAX_STATUS_INDEX, type OpenBadgeCredential } from './credential';
import { COMPACT_VERSION, DAY_MS, FIXED, kidPrefix, MAX_COMPACT_BYTES, payloadFromHash, SIGNATURE, verifyCompactWith, type CompactResult, type StatusBits } from './compact-proof';
import { base64url, uuidToBytes } from './encoding';
import { issuerKeys, type Jwks, type SigningKey } from './keys';

export { MAX_COMPACT_BYTES, type CompactProof, type CompactResult, type CompactStatus } from './compact-proof';

const Index = z.int().min(0).max(MAX_STATUS_INDEX);
export const CompactFields = z.object({
  certificateId: z.uuid(),
  courseId: CourseId,
  courseVersion: CourseVersion,
  learnerName: z.string().trim().max(200).optional(),
  issuedAt: z.date(),
  validUntil: z.date().optional(),
  statusIndexes: z.object({ revocation: Index, suspension: Index }),
});
export type CompactFields = z.input<typeof CompactFields>;

const encoder = new TextEncoder();

/** The longest prefix of `text` whose UTF-8 fits in `max` bytes, cut between code points. */
function truncateUtf8(text: string, max: number): Uint8Array {
  let out = '';
  let size = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (size + n > max) break;
    out += ch;
    size += n;
  }
  return encoder.encode(out);
}

function setUint24(view: DataView, at: number, value: number): void {
  view.setUint8(at, value >>> 16);
  view.setUint16(at + 1, value & 0xffff);
}

function day(date: Date): number {
  const d = Math.floor(date.getTime() / DAY_MS);
  if (d < 1 || d > 0xffff) throw new RangeError('date outside the range of the QR proof');
  return d;
}

export async function encodeCompact(input: CompactFields, key: SigningKey): Promise<string> {
  const f = CompactFields.parse(input);
  const course = encoder.encode(f.courseId);
  const version = encoder.encode(f.courseVersion);
  const fullName = encoder.encode(f.learnerName ?? '');
  const name = truncateUtf8(f.learnerName ?? '', Math.min(255, MAX_COMPACT_BYTES - FIXED - SIGNATURE - 3 - course.length - version.length));
  const body = new Uint8Array(FIXED + 3 + course.length + version.length + name.length);
  const view = new DataView(body.buffer);
  body[0] = COMPACT_VERSION;
  body[1] = name.length < fullName.length ? 1 : 0;
  body.set(uuidToBytes(f.certificateId), 2);
  body.set(kidPrefix(key.kid), 18);
  view.setUint16(26, day(f.issuedAt));
  // The last valid day, so a `validUntil` at midnight UTC ends exactly where the credential does.
  view.setUint16(28, f.validUntil ? day(new Date(f.validUntil.getTime() - 1)) : 0);
  setUint24(view, 30, f.statusIndexes.revocation);
  setUint24(view, 33, f.statusIndexes.suspension);
  let at = FIXED;
  for (const part of [course, version, name]) {
    body[at++] = part.length;
    body.set(part, at);
    at += part.length;
  }
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', key.key, body));
  const out = new Uint8Array(body.length + SIGNATURE);
  out.set(body);
  out.set(signature, body.length);
  return base64url(out);
}

/** The QR fields of a built credential, so the printed proof always says what the credential says. */
export function compactFieldsOf(credential: OpenBadgeCredential): CompactFields {
  const { achievement, name } = credential.credentialSubject;
  const index = (purpose: string) => Number(credential.credentialStatus.find((e) => e.statusPurpose === purpose)?.statusListIndex);
  return {
    certificateId: credential.id.replace(/^urn:uuid:/, ''),
    courseId: achievement.humanCode,
    courseVersion: achievement.version,
    ...(name ? { learnerName: name } : {}),
    issuedAt: new Date(credential.validFrom),
    ...(credential.validUntil ? { validUntil: new Date(credential.validUntil) } : {}),
    statusIndexes: { revocation: index('revocation'), suspension: index('suspension') },
  };
}

/**
 * Verifies a QR payload with no network: `jwks` and the decoded status bitstrings come from the
 * verifier's cache. Status is `unchecked` when no lists are given (or they are too short).
 */
export function verifyCompact(payload: string, jwks: Jwks, statusLists: StatusBits | undefined, now: Date): Promise<CompactResult> {
  return verifyCompactWith(payload, issuerKeys(jwks), statusLists, now);
}

/** The URL printed as the QR code; the payload rides in the fragment, which browsers never send. */
export function compactUrl(baseUrl: string, payload: string): string {
  return `${new URL('/verify', baseUrl).href}#c=${payload}`;
}

/** The payload from a scanned URL, or undefined if it carries none. */
export function payloadFromUrl(url: string): string | undefined {
  try {
    return payloadFromHash(new URL(url).hash);
  } catch {
    return undefined;
  }
}
