/**
 * Notifications: stored in-app (with unread counts), and handed to the operator's mailer when
 * one is configured and the person has an e-mail address. The insert goes in the caller's batch;
 * e-mail is sent after it commits, best effort.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { notifications, users } from '../../db/schema';
import type { Mailer } from '../context';
import { chunks } from '../lib/chunks';

export type NoticeKind = 'mentorship.requested' | 'mentorship.accepted' | 'mentorship.declined' | 'mentorship.session' | 'mentorship.closed' | 'consultation.new' | 'consultation.reply';

export interface Notice {
  userId: string;
  kind: NoticeKind;
  data: Record<string, string>;
}

const SUBJECTS: Record<NoticeKind, string> = {
  'mentorship.requested': 'Someone asks you to mentor them',
  'mentorship.accepted': 'Your mentorship request was accepted',
  'mentorship.declined': 'Your mentorship request was declined',
  'mentorship.session': 'A mentoring session was logged',
  'mentorship.closed': 'A mentorship was closed',
  'consultation.new': 'A case consultation asks for your advice',
  'consultation.reply': 'A reply to your case consultation',
};

export const noticeInsert = (db: Db, now: Date, notice: Notice) =>
  db.insert(notifications).values({ userId: notice.userId, kind: notice.kind, data: notice.data, createdAt: now });

/** After the writes have committed: e-mail each notice whose person has an address. Never throws. */
export async function mail(db: Db, mailer: Mailer | undefined, notices: readonly Notice[]): Promise<void> {
  if (!mailer || notices.length === 0) return;
  const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...new Set(notices.map((n) => n.userId))].slice(0, 90)));
  for (const n of notices) {
    const to = people.find((p) => p.id === n.userId)?.email;
    if (!to) continue;
    try {
      // No case details by e-mail: only that something waits in Cascade.
      await mailer.send({ to, subject: `Cascade: ${SUBJECTS[n.kind]}`, text: `${SUBJECTS[n.kind]}. Sign in to Cascade to read it.` });
    } catch (err) {
      console.warn(JSON.stringify({ level: 'warn', event: 'mail.failed', kind: n.kind, error: String(err) }));
    }
  }
}

/** The newest `limit` notifications (0: the unread count alone, as the header asks). */
export async function listNotifications(db: Db, userId: string, unreadOnly: boolean, limit = 50) {
  const [rows, [unread]] = await db.batch([
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined))
      .orderBy(desc(notifications.createdAt))
      .limit(limit),
    db.select({ n: sql<number>`count(*)` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  return {
    unread: Number(unread?.n ?? 0),
    notifications: rows.map((r) => ({ id: r.id, kind: r.kind, data: r.data, createdAt: r.createdAt.toISOString(), read: r.readAt !== null })),
  };
}

export async function markRead(db: Db, userId: string, ids: readonly string[] | undefined, now: Date) {
  const unread = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  if (!ids) {
    await db.update(notifications).set({ readAt: now }).where(unread);
    return;
  }
  // D1 binds at most 100 parameters a statement, and the time and the person take two: 100 ids go in pieces.
  const [first, ...rest] = chunks([...ids], 90).map((part) => db.update(notifications).set({ readAt: now }).where(and(unread, inArray(notifications.id, part))));
  if (first) await db.batch([first, ...rest]);
}
