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
import { base64url, bytesToUuid, strictFromBase64url, uuidToBytes } from './encoding';
import { importVerifyingKey, issuerKeys, kidPrefix, type Jwks, type SigningKey } from './keys';
import { getBit } from './status-list';

const VERSION = 1;
const FIXED = 36;
const SIGNATURE = 64;
/** 192 bytes are 256 base64url characters, leaving 44 for `https://<host>/verify#c=` within 300. */
export const MAX_COMPACT_BYTES = 192;
const DAY_MS = 86_400_000;

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

export interface CompactProof {
  certificateId: string;
  courseId: string;
  courseVersion: string;
  /** Empty when the learner did not consent to a public name. */
  learnerName: string;
  nameTruncated: boolean;
  /** Start of the UTC issue day. */
  issuedOn: Date;
  /** Start of the last UTC day on which the certificate is valid. */
  lastValidDay?: Date;
  statusIndexes: { revocation: number; suspension: number };
}

export type CompactStatus = 'valid' | 'revoked' | 'suspended' | 'unchecked';
export type CompactResult =
  | { ok: true; proof: CompactProof; kid: string; status: CompactStatus }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'not_yet_valid' | 'expired' };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

function getUint24(view: DataView, at: number): number {
  return (view.getUint8(at) << 16) | view.getUint16(at + 1);
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
  body[0] = VERSION;
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

/** Reads the signed bytes; undefined unless every length adds up exactly to the payload. */
function parse(bytes: Uint8Array<ArrayBuffer>): { proof: CompactProof; prefix: Uint8Array; body: Uint8Array; signature: Uint8Array } | undefined {
  if (bytes.length < FIXED + 3 + SIGNATURE || bytes.length > MAX_COMPACT_BYTES || bytes[0] !== VERSION || (bytes[1] ?? 0) > 1) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - SIGNATURE;
  const strings: string[] = [];
  let at = FIXED;
  try {
    for (let i = 0; i < 3; i++) {
      const n = bytes[at++] ?? 0;
      if (at + n > end) return undefined;
      strings.push(decoder.decode(bytes.subarray(at, at + n)));
      at += n;
    }
  } catch {
    return undefined; // not UTF-8
  }
  const [courseId = '', courseVersion = '', learnerName = ''] = strings;
  const issuedDay = view.getUint16(26);
  const lastDay = view.getUint16(28);
  if (at !== end || !courseId || !courseVersion || issuedDay === 0) return undefined;
  const proof: CompactProof = {
    certificateId: bytesToUuid(bytes.subarray(2, 18)),
    courseId,
    courseVersion,
    learnerName,
    nameTruncated: bytes[1] === 1,
    issuedOn: new Date(issuedDay * DAY_MS),
    ...(lastDay ? { lastValidDay: new Date(lastDay * DAY_MS) } : {}),
    statusIndexes: { revocation: getUint24(view, 30), suspension: getUint24(view, 33) },
  };
  return { proof, prefix: bytes.subarray(18, 26), body: bytes.subarray(0, end), signature: bytes.subarray(end) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function statusOf(proof: CompactProof, lists?: { revocation: Uint8Array; suspension: Uint8Array }): CompactStatus {
  const { revocation, suspension } = proof.statusIndexes;
  if (!lists || revocation >= lists.revocation.length * 8 || suspension >= lists.suspension.length * 8) return 'unchecked';
  if (getBit(lists.revocation, revocation)) return 'revoked';
  return getBit(lists.suspension, suspension) ? 'suspended' : 'valid';
}

/**
 * Verifies a QR payload with no network: `jwks` and the decoded status bitstrings come from the
 * verifier's cache. Status is `unchecked` when no lists are given (or they are too short).
 */
export async function verifyCompact(
  payload: string,
  jwks: Jwks,
  statusLists: { revocation: Uint8Array; suspension: Uint8Array } | undefined,
  now: Date,
): Promise<CompactResult> {
  const bytes = strictFromBase64url(payload);
  const parsed = bytes && parse(bytes);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const candidates = issuerKeys(jwks).filter((k) => sameBytes(kidPrefix(k.kid), parsed.prefix));
  if (candidates.length === 0) return { ok: false, reason: 'unknown_key' };
  let kid: string | undefined;
  for (const jwk of candidates) {
    if (await crypto.subtle.verify('Ed25519', await importVerifyingKey(jwk), parsed.signature, parsed.body)) kid = jwk.kid;
  }
  if (!kid) return { ok: false, reason: 'bad_signature' };
  const { proof } = parsed;
  if (now.getTime() < proof.issuedOn.getTime()) return { ok: false, reason: 'not_yet_valid' };
  if (proof.lastValidDay && now.getTime() >= proof.lastValidDay.getTime() + DAY_MS) return { ok: false, reason: 'expired' };
  return { ok: true, proof, kid, status: statusOf(proof, statusLists) };
}

/** The URL printed as the QR code; the payload rides in the fragment, which browsers never send. */
export function compactUrl(baseUrl: string, payload: string): string {
  return `${new URL('/verify', baseUrl).href}#c=${payload}`;
}

/** The payload from a scanned URL, or undefined if it carries none. */
export function payloadFromUrl(url: string): string | undefined {
  let hash: string;
  try {
    hash = new URL(url).hash;
  } catch {
    return undefined;
  }
  return new URLSearchParams(hash.slice(1)).get('c') ?? undefined;
}
