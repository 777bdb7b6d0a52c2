/**
 * VC-JOSE: a credential secured as a compact JWS. Per W3C VC-JOSE-COSE (REC, 2025) the
 * credential itself is the JWT claims set (no `vc` wrapper claim), `typ` is `vc+jwt` (the
 * IANA-registered `application/vc+jwt`) and `cty` is `vc`.
 */
import { CompactSign, compactVerify } from 'jose';
import * as z from 'zod';
import { VC_CONTEXT } from './credential';
import { strictFromBase64url } from './encoding';
import { findJwk, importVerifyingKey, type Jwks, type SigningKey } from './keys';

export const VC_JWT_TYP = 'vc+jwt';

export type VerifyFailure = 'bad_signature' | 'unknown_key' | 'malformed' | 'not_yet_valid' | 'expired';

/** The VC 2.0 envelope every credential we verify must have; other members pass through. */
const DateTimeStamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  .refine((s) => !Number.isNaN(Date.parse(s)));
export const VerifiedCredential = z.looseObject({
  '@context': z.array(z.string()).refine((c) => c[0] === VC_CONTEXT),
  type: z.array(z.string()).refine((t) => t.includes('VerifiableCredential')),
  issuer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  validFrom: DateTimeStamp,
  validUntil: DateTimeStamp.optional(),
});
export type VerifiedCredential = z.infer<typeof VerifiedCredential>;

export type VerifyResult = { ok: true; credential: VerifiedCredential; kid: string } | { ok: false; reason: VerifyFailure };

const Header = z.object({ alg: z.literal('EdDSA'), kid: z.string(), typ: z.string(), cty: z.string().optional() });

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export async function signCredential(credential: { '@context': readonly string[] }, key: SigningKey): Promise<string> {
  if ('vc' in credential || 'vp' in credential) throw new TypeError('VC-JOSE forbids the vc and vp claims');
  return new CompactSign(encoder.encode(JSON.stringify(credential)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: VC_JWT_TYP, cty: 'vc' })
    .sign(key.key);
}

/** RFC 7515 §4.1.9: a `typ` without a slash means `application/<typ>`; media types ignore case. */
function isVcJwtTyp(typ: string): boolean {
  const t = typ.toLowerCase();
  return t === VC_JWT_TYP || t === `application/${VC_JWT_TYP}`;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

const fail = (reason: VerifyFailure): VerifyResult => ({ ok: false, reason });

/**
 * Verifies signature, key, `typ` and validity period at `now`. It does not check status (see
 * status.ts). `jwks` must hold only the keys of the issuer you expect: a key proves who signed,
 * and the credential's `issuer` is trusted because that signer is its issuer.
 */
export async function verifyCredentialJwt(jwt: string, jwks: Jwks, opts: { now: Date }): Promise<VerifyResult> {
  const parts = jwt.split('.');
  if (parts.length !== 3) return fail('malformed');
  const [headerBytes, payloadBytes, signature] = parts.map(strictFromBase64url);
  if (!headerBytes || !payloadBytes || signature?.length !== 64) return fail('malformed');

  const header = Header.safeParse(parseJson(headerBytes));
  if (!header.success || !isVcJwtTyp(header.data.typ)) return fail('malformed');
  const jwk = findJwk(jwks, header.data.kid);
  if (!jwk) return fail('unknown_key');
  try {
    await compactVerify(jwt, await importVerifyingKey(jwk), { algorithms: ['EdDSA'] });
  } catch {
    return fail('bad_signature');
  }

  const payload = parseJson(payloadBytes);
  const credential = VerifiedCredential.safeParse(payload);
  if (!credential.success || 'vc' in credential.data || 'vp' in credential.data) return fail('malformed');
  const now = opts.now.getTime();
  if (now < Date.parse(credential.data.validFrom)) return fail('not_yet_valid');
  if (credential.data.validUntil && now > Date.parse(credential.data.validUntil)) return fail('expired');
  return { ok: true, credential: credential.data, kid: jwk.kid };
}
