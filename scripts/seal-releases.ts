/**
 * Course releases hold the summative answer keys, so they must never be public; yet on Workers
 * the only files are Static Assets, which are. The build therefore ships them as an asset
 * sealed with AES-256-GCM under a fresh key that exists only inside the worker bundle, and the
 * worker opens it through its ASSETS binding (worker/content/sealed.ts). This keeps 170 KB of
 * question pools out of the bundle (the 250 KB budget) and out of reach.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SealedReleases {
  /** Where the sealed file is among the static assets. */
  path: string;
  /** The AES-256-GCM key, base64url. */
  key: string;
}

export function sealReleases(json: Uint8Array, assetsDir: string): SealedReleases {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([iv, cipher.update(gzipSync(json, { level: 9 })), cipher.final(), cipher.getAuthTag()]);
  const name = `_private/releases-${createHash('sha256').update(sealed).digest('hex').slice(0, 16)}.bin`;
  mkdirSync(join(assetsDir, '_private'), { recursive: true });
  writeFileSync(join(assetsDir, name), sealed);
  return { path: `/${name}`, key: key.toString('base64url') };
}
