import { eq, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/client';
import { sessions, type InstitutionRole } from '../db/schema';
import type { Actor, AppEnv } from './context';
import { randomToken, sha256 } from './lib/crypto';

export const SESSION_COOKIE = 'cascade_session';
const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;

/** Prepares a new session; the caller adds `insert` to its batch and then sets the cookie. */
export async function newSession(db: Db, userId: string, now: Date) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  const insert = db.insert(sessions).values({ tokenHash: await sha256(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt, insert };
}

/**
 * Max-Age, not Expires: a lifetime in seconds holds whatever the phone's clock says (many are
 * wrong by days), and does not tie the cookie to the server's clock either.
 */
export function setSessionCookie(c: Context, token: string, expiresAt: Date, now: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The hash of the session token this request carries, if any. */
export async function presentedSessionHash(c: Context<AppEnv>): Promise<string | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  return token ? (c.get('sha256') ?? sha256)(token) : undefined;
}

export function deleteSessionsOf(db: Db, userId: string) {
  return db.delete(sessions).where(eq(sessions.userId, userId));
}

/**
 * Loads the actor from the session cookie with one SELECT (the session, its user and their
 * memberships, one row per membership); expired sessions count as none. Not a batch: on libSQL
 * that is a transaction, four statements on every signed-in request.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function loadSession(c, next) {
    c.set('actor', null);
    const hash = await presentedSessionHash(c);
    if (hash) {
      const rows = await c.get('db').all<{ id: string; username: string; programme_admin: number; institution_id: string | null; role: InstitutionRole | null }>(sql`
        SELECT u.id, u.username, u.programme_admin, m.institution_id, m.role
        FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN memberships m ON m.user_id = u.id
        WHERE s.token_hash = ${hash} AND s.expires_at > ${c.get('now').getTime()}`);
      const user = rows[0];
      if (user) {
        const actor: Actor = {
          userId: user.id,
          username: user.username,
          programmeAdmin: Boolean(user.programme_admin),
          memberships: rows.flatMap((r) => (r.institution_id && r.role ? [{ institutionId: r.institution_id, role: r.role }] : [])),
          sessionHash: hash,
        };
        c.set('actor', actor);
      }
    }
    await next();
  };
}
