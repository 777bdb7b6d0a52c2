/**
 * Reading and checking the offline QR proof (layout in compact.ts). No zod and no jose: the
 * verify page's script bundles this file, so a border post's phone can check a printed
 * certificate with nothing but WebCrypto and the keys and status lists it cached.
 */
import { bytesToUuid, strictFromBase64url } from './encoding';
import { getBit } from './status-list';

export const COMPACT_VERSION = 1;
export const FIXED = 36;
export const SIGNATURE = 64;
/** 192 bytes are 256 base64url characters, leaving 44 for `https://<host>/verify#c=` within 300. */
export const MAX_COMPACT_BYTES = 192;
export const DAY_MS = 86_400_000;

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
export type CompactFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'not_yet_valid' | 'expired';
export type CompactResult = { ok: true; proof: CompactProof; kid: string; status: CompactStatus } | { ok: false; reason: CompactFailure };

/** The part of a public JWK the proof needs: which key (kid) and its Ed25519 point (x). */
export interface VerifyingJwk {
  kid: string;
  x: string;
}

export interface StatusBits {
  revocation: Uint8Array;
  suspension: Uint8Array;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function getUint24(view: DataView, at: number): number {
  return (view.getUint8(at) << 16) | view.getUint16(at + 1);
}

/** The first 8 bytes of the thumbprint: enough to pick a key in the offline QR proof. */
export function kidPrefix(kid: string): Uint8Array<ArrayBuffer> {
  const bytes = strictFromBase64url(kid);
  if (!bytes || bytes.length < 8) throw new TypeError('kid is not a base64url thumbprint');
  return bytes.slice(0, 8);
}

/** Reads the signed bytes; undefined unless every length adds up exactly to the payload. */
function parse(bytes: Uint8Array<ArrayBuffer>): { proof: CompactProof; prefix: Uint8Array; body: Uint8Array<ArrayBuffer>; signature: Uint8Array<ArrayBuffer> } | undefined {
  if (bytes.length < FIXED + 3 + SIGNATURE || bytes.length > MAX_COMPACT_BYTES || bytes[0] !== COMPACT_VERSION || (bytes[1] ?? 0) > 1) return undefined;
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

export function statusOf(proof: CompactProof, lists?: StatusBits): CompactStatus {
  const { revocation, suspension } = proof.statusIndexes;
  if (!lists || revocation >= lists.revocation.length * 8 || suspension >= lists.suspension.length * 8) return 'unchecked';
  if (getBit(lists.revocation, revocation)) return 'revoked';
  return getBit(lists.suspension, suspension) ? 'suspended' : 'valid';
}

/** An Ed25519 public key from its JWK point, with WebCrypto alone. */
export function importEd25519(x: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x }, { name: 'Ed25519' }, false, ['verify']);
}

/**
 * Verifies a QR payload with no network: `keys` and the decoded status bitstrings come from
 * the verifier's cache. Status is `unchecked` when no lists are given (or they are too short).
 */
export async function verifyCompactWith(payload: string, keys: readonly VerifyingJwk[], statusLists: StatusBits | undefined, now: Date): Promise<CompactResult> {
  const bytes = strictFromBase64url(payload);
  const parsed = bytes && parse(bytes);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const candidates = keys.filter((k) => {
    try {
      return sameBytes(kidPrefix(k.kid), parsed.prefix);
    } catch {
      return false; // a malformed kid in a cache is skipped, not trusted
    }
  });
  if (candidates.length === 0) return { ok: false, reason: 'unknown_key' };
  let kid: string | undefined;
  for (const jwk of candidates) {
    const key = await importEd25519(jwk.x).catch(() => undefined);
    if (key && (await crypto.subtle.verify('Ed25519', key, parsed.signature, parsed.body))) kid = jwk.kid;
  }
  if (!kid) return { ok: false, reason: 'bad_signature' };
  const { proof } = parsed;
  if (now.getTime() < proof.issuedOn.getTime()) return { ok: false, reason: 'not_yet_valid' };
  if (proof.lastValidDay && now.getTime() >= proof.lastValidDay.getTime() + DAY_MS) return { ok: false, reason: 'expired' };
  return { ok: true, proof, kid, status: statusOf(proof, statusLists) };
}

/** The payload from a scanned URL or a page's fragment (`#c=…`), or undefined if it carries none. */
export function payloadFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('c') ?? undefined;
}
