/**
 * Issuer keys: Ed25519 key pairs stored as JWKs, identified by their RFC 7638 thumbprint, and
 * published as a JWKS. Rotation is additive: a new key signs new certificates, and retired keys
 * stay in the JWKS so everything they signed keeps verifying.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import * as z from 'zod';

// An Ed25519 coordinate is 32 bytes: 43 base64url characters without padding.
const Coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const PublicIssuerJwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: Coordinate,
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
export type PublicIssuerJwk = z.infer<typeof PublicIssuerJwk>;

export const PrivateIssuerJwk = PublicIssuerJwk.extend({ d: Coordinate });
export type PrivateIssuerJwk = z.infer<typeof PrivateIssuerJwk>;

/** A JWKS as fetched or cached: other kinds of keys may sit beside ours and are skipped. */
export const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
export type Jwks = { keys: Array<PublicIssuerJwk | Record<string, unknown>> };

/** A private key ready to sign, with the kid that goes in every signature's header. */
export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

async function thumbprint(x: string): Promise<string> {
  return calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x });
}

/** A fresh key pair in its storage form: the private JWK, which also carries the public `x`. */
export async function generateIssuerKey(): Promise<PrivateIssuerJwk> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const x = z.string().parse(jwk.x);
  return PrivateIssuerJwk.parse({ kty: 'OKP', crv: 'Ed25519', x, d: jwk.d, kid: await thumbprint(x), alg: 'EdDSA', use: 'sig' });
}

/**
 * Reads a stored private key (a Workers secret or the Node key file). Rejects a key whose kid is
 * not its thumbprint, so a hand-edited secret cannot sign under another key's name.
 */
export async function parsePrivateJwk(input: unknown): Promise<PrivateIssuerJwk> {
  const jwk = PrivateIssuerJwk.parse(typeof input === 'string' ? JSON.parse(input) : input);
  if ((await thumbprint(jwk.x)) !== jwk.kid) throw new Error('issuer key: kid is not the key thumbprint');
  return jwk;
}

export function toPublicJwk(jwk: PrivateIssuerJwk | PublicIssuerJwk): PublicIssuerJwk {
  const { kty, crv, x, kid, alg, use } = jwk;
  return { kty, crv, x, kid, alg, use };
}

export async function importSigningKey(jwk: PrivateIssuerJwk): Promise<SigningKey> {
  const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, 'EdDSA');
  if (key instanceof Uint8Array) throw new Error('issuer key: expected an asymmetric key');
  return { kid: jwk.kid, key };
}

/** The published JWKS, newest key first as given; never contains `d`, and each kid once. */
export function buildJwks(keys: Array<PrivateIssuerJwk | PublicIssuerJwk>): { keys: PublicIssuerJwk[] } {
  const seen = new Set<string>();
  const out: PublicIssuerJwk[] = [];
  for (const key of keys) {
    if (seen.has(key.kid)) continue;
    seen.add(key.kid);
    out.push(toPublicJwk(key));
  }
  return { keys: out };
}

/** Our keys in a JWKS, valid ones only; a malformed entry is ignored rather than trusted. */
export function issuerKeys(jwks: Jwks): PublicIssuerJwk[] {
  return jwks.keys.flatMap((k) => {
    const parsed = PublicIssuerJwk.safeParse(k);
    return parsed.success ? [parsed.data] : [];
  });
}

export function findJwk(jwks: Jwks, kid: string): PublicIssuerJwk | undefined {
  return issuerKeys(jwks).find((k) => k.kid === kid);
}

/** Public keys already imported, by their bytes: a key never changes, and importing one per verification was a visible share of its cost. */
const imported = new Map<string, Promise<CryptoKey>>();
const IMPORTED_MAX = 256;

export function importVerifyingKey(jwk: PublicIssuerJwk): Promise<CryptoKey> {
  let key = imported.get(jwk.x);
  if (!key) {
    key = importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA').then((k) => {
      if (k instanceof Uint8Array) throw new Error('issuer key: expected an asymmetric key');
      return k;
    });
    // A failed import is not kept: the next verification tries again.
    key.catch(() => imported.delete(jwk.x));
    if (imported.size >= IMPORTED_MAX) imported.delete(imported.keys().next().value!);
    imported.set(jwk.x, key);
  }
  return key;
}

export { kidPrefix } from './compact-proof';
