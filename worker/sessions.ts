import { eq, inArray, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/client';
import { memberships, sessions, users } from '../db/schema';
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
export async function presentedSessionHash(c: Context): Promise<string | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  return token ? sha256(token) : undefined;
}

export function deleteSessionsOf(db: Db, userId: string) {
  return db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Loads the actor from the session cookie in one round trip; expired sessions count as none. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function loadSession(c, next) {
    c.set('actor', null);
    const hash = await presentedSessionHash(c);
    if (hash) {
      const db = c.get('db');
      const userOfSession = db
        .select({ userId: sessions.userId })
        .from(sessions)
        .where(sql`${sessions.tokenHash} = ${hash} AND ${sessions.expiresAt} > ${c.get('now').getTime()}`);
      const [found, roles] = await db.batch([
        db
          .select({ id: users.id, username: users.username, programmeAdmin: users.programmeAdmin })
          .from(users)
          .where(inArray(users.id, userOfSession)),
        db
          .select({ institutionId: memberships.institutionId, role: memberships.role })
          .from(memberships)
          .where(inArray(memberships.userId, userOfSession)),
      ]);
      const user = found[0];
      if (user) {
        const actor: Actor = {
          userId: user.id,
          username: user.username,
          programmeAdmin: user.programmeAdmin,
          memberships: roles,
          sessionHash: hash,
        };
        c.set('actor', actor);
      }
    }
    await next();
  };
}
