/**
 * Community spaces: per course, country and sector, and the women's network (by opt-in).
 * Text only and paginated for slow links; posts carry the device's outbox id, so a post written
 * offline and sent twice is stored once. Members report; each space's moderators hide and
 * restore, audit-logged.
 */
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { courseReleases, institutions, postReports, posts, spaceMembers, spaces, users } from '../../db/schema';
import { SECTORS } from '../../db/schema/enums';
import { audit } from '../audit';
import type { Acting, Actor } from '../context';
import { AppError, notFound } from '../errors';
import { isUniqueViolation } from '../lib/db-errors';

type Space = typeof spaces.$inferSelect;
type Post = typeof posts.$inferSelect;
export const PAGE = 20;

/** Creates the standard spaces that do not exist yet: one per published course, country and sector. */
export async function ensureSpaces(db: Db, now: Date): Promise<void> {
  const [courses, countries] = await db.batch([
    db.selectDistinct({ id: courseReleases.courseId, title: sql<string>`json_extract(${courseReleases.release}, '$.title')` }).from(courseReleases),
    db.selectDistinct({ country: institutions.country }).from(institutions),
  ]);
  const wanted = [
    ...courses.map((c) => ({ kind: 'course' as const, key: c.id, name: c.title ?? c.id, optIn: false })),
    ...countries.map((c) => ({ kind: 'country' as const, key: c.country, name: c.country, optIn: false })),
    ...SECTORS.map((s) => ({ kind: 'sector' as const, key: s, name: s.replace(/_/g, ' '), optIn: false })),
    { kind: 'womens_network' as const, key: 'women', name: "Women's network", optIn: true },
  ];
  for (let i = 0; i < wanted.length; i += 15) {
    await db
      .insert(spaces)
      .values(wanted.slice(i, i + 15).map((w) => ({ ...w, createdAt: now })))
      .onConflictDoNothing();
  }
}

export async function getSpace(db: Db, id: string): Promise<Space> {
  const [row] = await db.select().from(spaces).where(eq(spaces.id, id));
  if (!row) throw notFound('The space');
  return row;
}

async function membership(db: Db, spaceId: string, userId: string) {
  const [row] = await db.select().from(spaceMembers).where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)));
  return row;
}

/** Open spaces are for everyone signed in; opt-in spaces for those who joined. Returns whether they moderate. */
export async function access(db: Db, actor: Actor, space: Space): Promise<{ moderator: boolean }> {
  const member = await membership(db, space.id, actor.userId);
  if (space.optIn && !member && !actor.programmeAdmin) throw notFound('The space');
  return { moderator: actor.programmeAdmin || Boolean(member?.moderator) };
}

export async function listSpaces(db: Db, actor: Actor) {
  const rows = await db
    .select({ space: spaces, joined: spaceMembers.userId, moderator: spaceMembers.moderator })
    .from(spaces)
    .leftJoin(spaceMembers, and(eq(spaceMembers.spaceId, spaces.id), eq(spaceMembers.userId, actor.userId)))
    .orderBy(spaces.kind, spaces.name);
  return rows.map((r) => ({ id: r.space.id, kind: r.space.kind, key: r.space.key, name: r.space.name, optIn: r.space.optIn, joined: r.joined !== null, moderator: Boolean(r.moderator) }));
}

export async function join(db: Db, by: Acting, space: Space) {
  await db.insert(spaceMembers).values({ spaceId: space.id, userId: by.actorId, joinedAt: by.now }).onConflictDoNothing();
}

export async function leave(db: Db, by: Acting, space: Space) {
  await db.delete(spaceMembers).where(and(eq(spaceMembers.spaceId, space.id), eq(spaceMembers.userId, by.actorId)));
}

export async function appointModerator(db: Db, by: Acting, space: Space, userId: string) {
  await db.batch([
    db
      .insert(spaceMembers)
      .values({ spaceId: space.id, userId, moderator: true, joinedAt: by.now })
      .onConflictDoUpdate({ target: [spaceMembers.spaceId, spaceMembers.userId], set: { moderator: true } }),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'space.moderator_appointed', subjectType: 'space', subjectId: space.id, detail: { userId } }),
  ]);
}

/** A post as readers get it: a hidden one keeps its place without its words (moderators still see them). */
export const postView = (p: Post & { author: string | null }, moderator: boolean) => ({
  id: p.id,
  threadId: p.threadId,
  clientId: p.clientId,
  author: p.author,
  title: p.title,
  body: p.hiddenAt && !moderator ? null : p.body,
  format: p.format,
  createdAt: p.createdAt.toISOString(),
  hidden: p.hiddenAt !== null,
  hiddenReason: p.hiddenReason,
});

const withAuthor = { post: posts, author: users.displayName };

/** Threads, most recently active first, 20 at a time: `before` is the last one's cursor. */
export async function listThreads(db: Db, space: Space, moderator: boolean, before?: string) {
  const [at, id] = before ? before.split('_') : [];
  const rows = await db
    .select({ ...withAuthor, replies: sql<number>`(SELECT count(*) FROM posts r WHERE r.thread_id = ${posts.id} AND r.hidden_at IS NULL)` })
    .from(posts)
    .leftJoin(users, eq(users.id, posts.authorId))
    .where(
      and(
        eq(posts.spaceId, space.id),
        isNull(posts.threadId),
        moderator ? undefined : isNull(posts.hiddenAt),
        at ? or(lt(posts.lastActivityAt, new Date(Number(at))), and(eq(posts.lastActivityAt, new Date(Number(at))), lt(posts.id, id ?? ''))) : undefined,
      ),
    )
    .orderBy(desc(posts.lastActivityAt), desc(posts.id))
    .limit(PAGE + 1);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    threads: page.map((r) => ({ ...postView({ ...r.post, author: r.author }, moderator), replies: Number(r.replies), lastActivityAt: r.post.lastActivityAt.toISOString() })),
    next: rows.length > PAGE && last ? `${last.post.lastActivityAt.getTime()}_${last.post.id}` : null,
  };
}

export async function getPost(db: Db, id: string): Promise<Post> {
  const [row] = await db.select().from(posts).where(eq(posts.id, id));
  if (!row) throw notFound('The post');
  return row;
}

/** A thread's first post and its replies in order, 50 at a time after `after` (a reply's id). */
export async function readThread(db: Db, thread: Post, moderator: boolean, after?: string) {
  if (thread.threadId) throw notFound('The thread');
  if (thread.hiddenAt && !moderator) throw notFound('The thread');
  const from = after ? await getPost(db, after).catch(() => undefined) : undefined;
  const replies = await db
    .select(withAuthor)
    .from(posts)
    .leftJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.threadId, thread.id), from ? or(sql`${posts.createdAt} > ${from.createdAt.getTime()}`, and(eq(posts.createdAt, from.createdAt), sql`${posts.id} > ${from.id}`)) : undefined))
    .orderBy(posts.createdAt, posts.id)
    .limit(51);
  const [author] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, thread.authorId ?? ''));
  const page = replies.slice(0, 50);
  return {
    thread: postView({ ...thread, author: author?.name ?? null }, moderator),
    replies: page.map((r) => postView({ ...r.post, author: r.author }, moderator)),
    next: replies.length > 50 ? (page[page.length - 1]?.post.id ?? null) : null,
  };
}

export interface NewPost {
  clientId: string;
  threadId?: string | undefined;
  title?: string | undefined;
  body: string;
  format: 'plain' | 'markdown';
}

/** Stores a thread or a reply once per outbox id; the same post sent again returns the first. */
export async function writePost(db: Db, by: Acting, space: Space, input: NewPost): Promise<{ post: Post; created: boolean }> {
  const [existing] = await db.select().from(posts).where(and(eq(posts.authorId, by.actorId), eq(posts.clientId, input.clientId)));
  if (existing) return { post: existing, created: false };
  if (input.threadId) {
    const thread = await getPost(db, input.threadId);
    if (thread.spaceId !== space.id || thread.threadId !== null) throw notFound('The thread');
    if (thread.hiddenAt) throw new AppError(409, 'thread_hidden', 'A moderator has hidden this thread; it takes no new replies.');
  } else if (!input.title) {
    throw new AppError(400, 'validation_failed', 'A new thread needs a title.', { fields: { 'body.title': 'Give the thread a title.' } });
  }
  const id = crypto.randomUUID();
  try {
    const [rows] = await db.batch([
      db
        .insert(posts)
        .values({
          id,
          spaceId: space.id,
          threadId: input.threadId ?? null,
          authorId: by.actorId,
          clientId: input.clientId,
          title: input.threadId ? null : (input.title ?? null),
          body: input.body,
          format: input.format,
          createdAt: by.now,
          lastActivityAt: by.now,
        })
        .returning(),
      ...(input.threadId ? [db.update(posts).set({ lastActivityAt: by.now }).where(eq(posts.id, input.threadId))] : []),
    ]);
    return { post: rows[0]!, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The same outbox entry arrived twice at once.
    const [winner] = await db.select().from(posts).where(and(eq(posts.authorId, by.actorId), eq(posts.clientId, input.clientId)));
    if (!winner) throw err;
    return { post: winner, created: false };
  }
}

export async function reportPost(db: Db, by: Acting, post: Post, reason: string) {
  try {
    await db.insert(postReports).values({ postId: post.id, reporterId: by.actorId, reason, createdAt: by.now });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // reported already: once is enough
  }
}

/** Open reports in a space, oldest first: the moderators' queue. */
export async function reportQueue(db: Db, space: Space) {
  const rows = await db
    .select({ id: postReports.id, postId: postReports.postId, reason: postReports.reason, createdAt: postReports.createdAt, body: posts.body, hidden: posts.hiddenAt })
    .from(postReports)
    .innerJoin(posts, eq(posts.id, postReports.postId))
    .where(and(eq(posts.spaceId, space.id), isNull(postReports.resolvedAt)))
    .orderBy(postReports.createdAt)
    .limit(100);
  return rows.map((r) => ({ id: r.id, postId: r.postId, reason: r.reason, body: r.body, hidden: r.hidden !== null, createdAt: r.createdAt.toISOString() }));
}

/** Hides or restores a post, closing its open reports; audit-logged. */
export async function moderate(db: Db, by: Acting, post: Post, action: 'hide' | 'restore', reason: string) {
  await db.batch([
    db
      .update(posts)
      .set(action === 'hide' ? { hiddenAt: by.now, hiddenBy: by.actorId, hiddenReason: reason } : { hiddenAt: null, hiddenBy: null, hiddenReason: null })
      .where(eq(posts.id, post.id)),
    db.update(postReports).set({ resolvedAt: by.now, resolvedBy: by.actorId }).where(and(eq(postReports.postId, post.id), isNull(postReports.resolvedAt))),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: `post.${action === 'hide' ? 'hidden' : 'restored'}`, subjectType: 'post', subjectId: post.id, detail: { spaceId: post.spaceId, reason } }),
  ]);
  return getPost(db, post.id);
}
