/**
 * What an LTI launch needs from the browser: cookies that survive the platform's cross-site
 * form post (and its iframe), and a page policy that lets the registered platform, and only it,
 * frame the launch pages.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CONTENT_SECURITY_POLICY } from '../middleware/security-headers';
import { SESSION_COOKIE } from '../sessions';

const STATE_PREFIX = 'cascade_lti_';
export const LOGIN_TTL_MS = 10 * 60_000;

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';

/**
 * The platform posts the launch from its own site, often inside its iframe: only a
 * `SameSite=None; Secure` cookie comes back with it, and `Partitioned` keeps it working where
 * third-party cookies are otherwise blocked. Plain http (local development) gets Lax.
 */
function crossSite(c: Context) {
  return secure(c) ? ({ sameSite: 'None', secure: true, partitioned: true } as const) : ({ sameSite: 'Lax', secure: false } as const);
}

/** A cookie per login in flight (two launches in two frames must not overwrite each other's state). */
const stateCookie = (state: string) => `${STATE_PREFIX}${state.slice(0, 12)}`;

export function bindState(c: Context, state: string): void {
  setCookie(c, stateCookie(state), state, { path: '/lti/', httpOnly: true, maxAge: LOGIN_TTL_MS / 1000, ...crossSite(c) });
}

/** True when this browser holds the state it was given at the login initiation. */
export function stateBound(c: Context, state: string): boolean {
  return getCookie(c, stateCookie(state)) === state;
}

export function releaseState(c: Context, state: string): void {
  deleteCookie(c, stateCookie(state), { path: '/lti/', ...crossSite(c) });
}

/** The session cookie of a launched person: like sessions.ts's, but able to live in the platform's frame. */
export function setLaunchSession(c: Context, token: string, expiresAt: Date, now: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
    ...crossSite(c),
  });
}

/**
 * The app's policy with `frame-ancestors` opened to the platform's origins (and, for the page
 * that returns a deep-linking answer, `form-action` to where it is posted), without
 * X-Frame-Options, which would deny what this allows.
 */
export function launchPagePolicy(frameOrigins: readonly string[], formOrigins: readonly string[] = []): string {
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors 'self' ${frameOrigins.join(' ')}`).replace(
    "form-action 'self'",
    ["form-action 'self'", ...formOrigins].join(' '),
  );
}

export function allowFraming(c: Context, frameOrigins: readonly string[], formOrigins: readonly string[] = []): void {
  c.header('Content-Security-Policy', launchPagePolicy(frameOrigins, formOrigins));
  c.header('X-Frame-Options', undefined);
}
