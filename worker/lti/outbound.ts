/**
 * Cascade's requests to academies' systems: platforms' key sets, token endpoints, gradebooks and
 * rosters, and learning record stores. One place bounds them in time and turns a failure into a
 * sentence an admin can act on.
 */
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { OutboundFetch } from '../context';

/** What the integrations need from the host: its fetch and, for signing and sealing, the master key. */
export interface Outbound {
  fetch: OutboundFetch;
  master: CryptoKey | undefined;
  /** Remote key sets by URL, kept for the app's life: jose refetches on an unknown kid, at most every 30 s. */
  keySets: Map<string, JWTVerifyGetKey>;
}

export const TIMEOUT_MS = 10_000;

export function outbound(fetch: OutboundFetch, master: CryptoKey | undefined): Outbound {
  return { fetch, master, keySets: new Map() };
}

/** A platform's published keys, fetched through the host's fetch and cached. */
export function platformKeySet(out: Outbound, jwksUrl: string): JWTVerifyGetKey {
  let set = out.keySets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), {
      [customFetch]: (url, options) => out.fetch(url, options),
      timeoutDuration: TIMEOUT_MS,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    if (out.keySets.size > 200) out.keySets.clear();
    out.keySets.set(jwksUrl, set);
  }
  return set;
}

/** A failed request, said for an admin: where, and what came back. */
export class OutboundError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Sends one request with a time limit; a network failure or a timeout becomes an OutboundError. */
export async function send(out: Outbound, url: string, init: RequestInit): Promise<Response> {
  try {
    return await out.fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : String(err instanceof Error ? err.message : err);
    throw new OutboundError(url, `Could not reach ${url}: ${reason}.`);
  }
}

/** The start of a response body, for an error message: enough to recognise it, never a page of HTML. */
export async function snippet(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
