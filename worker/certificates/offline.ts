/**
 * The verifier's offline bundle: every issuer's public keys and signed status lists in one
 * cacheable response, so a phone that opened /verify once can check a printed QR code with no
 * network. Zod- and jose-free like compact-proof.ts, because the verify page's script uses it.
 *
 * A cached bundle is trusted no further than its signatures: each status list is a VC-JOSE JWT
 * checked against its own issuer's keys before a single bit of it is read.
 */
import { statusOf, verifyCompactWith, type CompactFailure, type CompactProof, type CompactStatus, type StatusBits, type VerifyingJwk, importEd25519 } from './compact-proof';
import { strictFromBase64url } from './encoding';
import { decodeList, type StatusPurpose } from './status-list';

export const OFFLINE_BUNDLE_FORMAT = 1;

export interface OfflineIssuer {
  /** The issuer's id as in its credentials and status lists. */
  id: string;
  name: string;
  keys: VerifyingJwk[];
  /** Signed BitstringStatusListCredentials (VC-JOSE JWTs). */
  statusLists: Record<StatusPurpose, string>;
}

export interface OfflineBundle {
  format: typeof OFFLINE_BUNDLE_FORMAT;
  generatedAt: string;
  issuers: OfflineIssuer[];
}

export type OfflineVerdict =
  | { ok: true; proof: CompactProof; issuer: { id: string; name: string }; status: CompactStatus; listsFrom?: Date }
  | { ok: false; reason: CompactFailure };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function json(bytes: Uint8Array | undefined): any {
  try {
    return bytes ? JSON.parse(decoder.decode(bytes)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bits of a signed status list, if it is signed by one of `keys`, was issued by `issuerId`
 * for `purpose`, and decodes; otherwise undefined (the verdict then says status unchecked).
 */
export async function readStatusList(jwt: string, keys: readonly VerifyingJwk[], issuerId: string, purpose: StatusPurpose): Promise<{ bits: Uint8Array; validFrom: Date } | undefined> {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts.map(strictFromBase64url);
  const h = json(header);
  const jwk = keys.find((k) => k.kid === h?.kid);
  if (!jwk || h?.alg !== 'EdDSA' || !signature || signature.length !== 64) return undefined;
  const key = await importEd25519(jwk.x).catch(() => undefined);
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!key || !(await crypto.subtle.verify('Ed25519', key, signature, signed))) return undefined;
  const vc = json(payload);
  const subject = vc?.credentialSubject;
  const types: unknown = vc?.type;
  if (!Array.isArray(types) || !types.includes('BitstringStatusListCredential')) return undefined;
  if (vc.issuer !== issuerId || subject?.statusPurpose !== purpose || typeof subject.encodedList !== 'string') return undefined;
  const validFrom = new Date(vc.validFrom);
  if (Number.isNaN(validFrom.getTime())) return undefined;
  try {
    return { bits: await decodeList(subject.encodedList), validFrom };
  } catch {
    return undefined;
  }
}

/** Checks a QR payload against a bundle: the key, the issuer it belongs to, and that issuer's lists. */
export async function verifyOffline(payload: string, bundle: OfflineBundle, now: Date): Promise<OfflineVerdict> {
  const result = await verifyCompactWith(
    payload,
    bundle.issuers.flatMap((i) => i.keys),
    undefined,
    now,
  );
  if (!result.ok) return result;
  const issuer = bundle.issuers.find((i) => i.keys.some((k) => k.kid === result.kid));
  if (!issuer) return { ok: false, reason: 'unknown_key' };
  const [revocation, suspension] = await Promise.all(
    (['revocation', 'suspension'] as const).map((purpose) => readStatusList(issuer.statusLists[purpose], issuer.keys, issuer.id, purpose)),
  );
  const lists: StatusBits | undefined = revocation && suspension ? { revocation: revocation.bits, suspension: suspension.bits } : undefined;
  const listsFrom = revocation && suspension ? new Date(Math.min(revocation.validFrom.getTime(), suspension.validFrom.getTime())) : undefined;
  return {
    ok: true,
    proof: result.proof,
    issuer: { id: issuer.id, name: issuer.name },
    status: statusOf(result.proof, lists),
    ...(listsFrom ? { listsFrom } : {}),
  };
}
