import type { MiddlewareHandler } from 'hono';

/**
 * The web app is built with no inline script or style, so the policy can forbid both.
 * Shared with the `_headers` file that Workers Static Assets serve (see web/vite.config.ts).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Sets the hardening headers on every response, HSTS only where the request came over https.
 * They are set before the handler runs, so they go into the response as it is made: touching a
 * finished response's headers makes @hono/node-server rebuild it and stream its body in several
 * writes (a third of the throughput of a plain JSON route). A handler that must differ says so
 * with `c.header`: an LTI launch page opens `frame-ancestors` to its platform and drops
 * X-Frame-Options, which would deny what that allows.
 */
export function securityHeaders(): MiddlewareHandler {
  return async function securityHeaders(c, next) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    if (c.req.url.startsWith('https:')) c.header('Strict-Transport-Security', HSTS);
    await next();
  };
}
