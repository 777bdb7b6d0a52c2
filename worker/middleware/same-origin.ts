import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent from another site. Browsers
 * always send `Origin` (or `Sec-Fetch-Site`) on such requests; clients that send
 * neither are not browsers, so they carry no ambient cookies to abuse.
 */
export function sameOrigin(trusted: readonly string[] = []): MiddlewareHandler {
  return async function sameOrigin(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    if (origin !== undefined) {
      if (origin !== own && !trusted.includes(origin)) {
        throw new AppError(403, 'origin_mismatch', `Requests that change data must come from ${own}, not ${origin}.`);
      }
    } else {
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new AppError(403, 'origin_mismatch', 'Requests that change data must come from this site.');
      }
    }
    return next();
  };
}
