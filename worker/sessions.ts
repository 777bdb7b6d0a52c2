import { and, eq, gt, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/client';
import { preparedPer } from '../db/prepared';
import { memberships, sessions, users, type InstitutionRole } from '../db/schema';
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

/** The session, its user and their memberships (one row per membership); expired sessions count as none. */
const actorRows = preparedPer((db) =>
  db
    .select({ id: users.id, username: users.username, programmeAdmin: users.programmeAdmin, institutionId: memberships.institutionId, role: memberships.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(sessions.tokenHash, sql.placeholder('hash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare(),
);

/**
 * Loads the actor from the session cookie with one prepared SELECT. Not a batch: on libSQL that
 * is a transaction, four statements on every signed-in request.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function loadSession(c, next) {
    c.set('actor', null);
    const hash = await presentedSessionHash(c);
    if (hash) {
      // Placeholders skip the column's mapping: the time goes in as the stored milliseconds.
      const rows = await actorRows(c.get('db')).all({ hash, now: c.get('now').getTime() });
      const user = rows[0];
      if (user) {
        const actor: Actor = {
          userId: user.id,
          username: user.username,
          programmeAdmin: user.programmeAdmin,
          memberships: rows.flatMap((r) => (r.institutionId && r.role ? [{ institutionId: r.institutionId, role: r.role as InstitutionRole }] : [])),
          sessionHash: hash,
        };
        c.set('actor', actor);
      }
    }
    await next();
  };
}
