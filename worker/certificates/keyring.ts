import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { issuerKeys } from '../../db/schema';
import { base64url, fromBase64url } from '../lib/crypto';
import { buildJwks, generateIssuerKey, importSigningKey, parsePrivateJwk, toPublicJwk, type SigningKey } from './keys';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The deployment's master key, from 32 random bytes in base64url (a secret, or the Node key file). */
export async function importMasterKey(secret: string): Promise<CryptoKey> {
  const raw = fromBase64url(secret.trim());
  if (raw.length !== 32) throw new Error('The issuer master key must be 32 bytes, base64url-encoded.');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export function newMasterKeySecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Seals a secret under the master key (AES-GCM): issuer keys, LTI tool keys, LRS credentials. */
export async function seal(master: CryptoKey, text: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, master, encoder.encode(text)));
  return `${base64url(iv)}.${base64url(sealed)}`;
}

export async function unseal(master: CryptoKey, text: string): Promise<string> {
  const [iv, data] = text.split('.');
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(iv ?? '') }, master, fromBase64url(data ?? ''));
  return decoder.decode(plain);
}

/** The issuer's current signing key, created on first use. */
export async function signingKeyFor(db: Db, master: CryptoKey, issuerId: string, now: Date): Promise<SigningKey> {
  const [current] = await db
    .select()
    .from(issuerKeys)
    .where(and(eq(issuerKeys.issuerId, issuerId), isNull(issuerKeys.retiredAt)))
    .orderBy(desc(issuerKeys.createdAt))
    .limit(1);
  if (current) return importSigningKey(await parsePrivateJwk(await unseal(master, current.sealedPrivateJwk)));
  const jwk = await generateIssuerKey();
  await db.insert(issuerKeys).values({
    kid: jwk.kid,
    issuerId,
    publicJwk: toPublicJwk(jwk),
    sealedPrivateJwk: await seal(master, JSON.stringify(jwk)),
    createdAt: now,
  });
  return importSigningKey(jwk);
}

/** Retires the issuer's current key: the next certificate gets a new one; old ones keep verifying. */
export async function rotateKey(db: Db, issuerId: string, now: Date): Promise<void> {
  await db.update(issuerKeys).set({ retiredAt: now }).where(and(eq(issuerKeys.issuerId, issuerId), isNull(issuerKeys.retiredAt)));
}

/** Every public key, or one issuer's: the JWKS verifiers cache. */
export async function jwksOf(db: Db, issuerId?: string) {
  const rows = await db
    .select({ publicJwk: issuerKeys.publicJwk })
    .from(issuerKeys)
    .where(issuerId ? eq(issuerKeys.issuerId, issuerId) : undefined)
    .orderBy(desc(issuerKeys.createdAt));
  return buildJwks(rows.map((r) => r.publicJwk as unknown as Parameters<typeof buildJwks>[0][number]));
}
