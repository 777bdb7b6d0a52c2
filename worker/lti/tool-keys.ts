/**
 * Cascade's signing key as an LTI tool. Platforms (Moodle among them) accept only RS256 from
 * tools, so this is an RSA key, unlike the Ed25519 certificate keys; it is kept the same way:
 * the private JWK sealed under the deployment's master key, the public half in a JWKS that
 * platforms fetch from /lti/jwks.json, and retired keys kept there so signatures in flight verify.
 */
import { desc, isNull } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import type { Db } from '../../db/client';
import { ltiToolKeys } from '../../db/schema';
import { seal, unseal } from '../certificates/keyring';
import { AppError } from '../errors';

export const TOOL_ALG = 'RS256';

const PublicToolJwk = z.object({
  kty: z.literal('RSA'),
  n: z.string().min(300),
  e: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal(TOOL_ALG),
  use: z.literal('sig'),
});
export type PublicToolJwk = z.infer<typeof PublicToolJwk>;

export interface ToolKey {
  kid: string;
  key: CryptoKey;
}

const noMasterKey = () =>
  new AppError(
    503,
    'lti_no_master_key',
    'This Cascade has no master key, so it cannot sign as an LTI tool. Set ISSUER_MASTER_KEY (Workers) or let the Node entry create data/issuer-master.key.',
  );

async function newToolKey(): Promise<{ publicJwk: PublicToolJwk; privateJwk: JWK }> {
  const { privateKey } = await generateKeyPair(TOOL_ALG, { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: privateJwk.n!, e: privateJwk.e! });
  const publicJwk = PublicToolJwk.parse({ kty: 'RSA', n: privateJwk.n, e: privateJwk.e, kid, alg: TOOL_ALG, use: 'sig' });
  return { publicJwk, privateJwk: { ...privateJwk, kid, alg: TOOL_ALG } };
}

async function importPrivate(jwk: JWK): Promise<CryptoKey> {
  const key = await importJWK(jwk, TOOL_ALG);
  if (key instanceof Uint8Array) throw new Error('LTI tool key: expected an RSA key');
  return key;
}

/** The current tool key, made on first use. Throws 503 where no master key is configured. */
export async function toolSigningKey(db: Db, master: CryptoKey | undefined, now: Date): Promise<ToolKey> {
  if (!master) throw noMasterKey();
  const [current] = await db.select().from(ltiToolKeys).where(isNull(ltiToolKeys.retiredAt)).orderBy(desc(ltiToolKeys.createdAt)).limit(1);
  if (current) {
    const jwk = JSON.parse(await unseal(master, current.sealedPrivateJwk)) as JWK;
    return { kid: current.kid, key: await importPrivate(jwk) };
  }
  const { publicJwk, privateJwk } = await newToolKey();
  await db.insert(ltiToolKeys).values({
    kid: publicJwk.kid,
    publicJwk,
    sealedPrivateJwk: await seal(master, JSON.stringify(privateJwk)),
    createdAt: now,
  });
  return { kid: publicJwk.kid, key: await importPrivate(privateJwk) };
}

/** Every tool key's public half, newest first: what platforms verify our signatures with. */
export async function toolJwks(db: Db): Promise<{ keys: PublicToolJwk[] }> {
  const rows = await db.select({ publicJwk: ltiToolKeys.publicJwk }).from(ltiToolKeys).orderBy(desc(ltiToolKeys.createdAt));
  return { keys: rows.flatMap((r) => PublicToolJwk.safeParse(r.publicJwk).data ?? []) };
}
