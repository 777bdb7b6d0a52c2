/** Opens the sealed course releases the build put among the static assets (scripts/seal-releases.ts). */
import { fromBase64url } from '../lib/crypto';
import type { CourseRelease } from './types';

export interface SealedReleases {
  path: string;
  key: string;
}

export async function openReleases(sealed: SealedReleases, assets: { fetch(request: Request): Promise<Response> }): Promise<CourseRelease[]> {
  const res = await assets.fetch(new Request(new URL(sealed.path, 'https://assets.invalid')));
  if (!res.ok) throw new Error(`The sealed course releases are missing from the assets (${sealed.path}: ${res.status}). Rebuild and deploy again.`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const key = await crypto.subtle.importKey('raw', fromBase64url(sealed.key), 'AES-GCM', false, ['decrypt']);
  const gzipped = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, key, bytes.subarray(12));
  const json = await new Response(new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return JSON.parse(json) as CourseRelease[];
}
