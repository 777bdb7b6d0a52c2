import { base64url, fromBase64url, randomBytes, timingSafeEqual } from './crypto';

/** The most PBKDF2 iterations Cloudflare Workers accept. */
export const PBKDF2_ITERATIONS = 100_000;
const SCHEME = 'pbkdf2-sha256';
const encoder = new TextEncoder();

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return base64url(new Uint8Array(bits));
}

/** Returns `pbkdf2-sha256$<iterations>$<salt>$<hash>`, so the cost can be raised later. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  return `${SCHEME}$${iterations}$${base64url(salt)}$${await derive(password, salt, iterations)}`;
}

export interface PasswordCheck {
  ok: boolean;
  /** True when the stored hash used weaker parameters than today's and should be replaced. */
  outdated: boolean;
}

export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  const [scheme, iter, salt, hash] = stored.split('$');
  const iterations = Number(iter);
  if (scheme !== SCHEME || !salt || !hash || !Number.isInteger(iterations) || iterations < 1) {
    return { ok: false, outdated: false };
  }
  const ok = timingSafeEqual(await derive(password, fromBase64url(salt), iterations), hash);
  return { ok, outdated: ok && iterations < PBKDF2_ITERATIONS };
}

/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  await derive(password, new Uint8Array(16), PBKDF2_ITERATIONS);
}
