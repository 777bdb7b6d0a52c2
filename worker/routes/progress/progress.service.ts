import { and, eq, inArray, sql } from 'drizzle-orm';
import { chunks } from '../../lib/chunks';
import type { Db } from '../../../db/client';
import { preparedPer } from '../../../db/prepared';
import { progressEvents } from '../../../db/schema';
import type { ContentStore } from '../../content/store';
import { ProgressEvent } from './progress.schemas';

/** D1 allows 100 bound parameters a statement; an event row binds 11. */
const ROWS_PER_INSERT = 9;
const IDS_PER_SELECT = 99;

export interface Rejection {
  id: string;
  code: string;
  message: string;
}

/**
 * Stores a batch from a learner's outbox, exactly once per event id. Replays are
 * harmless: ids already stored for this learner count as accepted. Each event is
 * judged alone, so one bad event cannot hold the rest of the outbox hostage.
 */
export async function syncEvents(db: Db, content: ContentStore, userId: string, raw: unknown[], now: Date) {
  const rejected: Rejection[] = [];
  const valid: ProgressEvent[] = [];
  const index = await content.index();
  for (const item of raw) {
    const id = typeof item === 'object' && item && 'id' in item ? String((item as { id: unknown }).id).slice(0, 64) : '(no id)';
    const parsed = ProgressEvent.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({ id, code: 'invalid_event', message: `${issue?.path.join('.') || 'event'}: ${issue?.message}` });
      continue;
    }
    const e = parsed.data;
    // Events for content this server does not have are kept out, unless no content is installed at all.
    const course = index?.courses.find((c) => c.id === e.courseId);
    if (index && !course?.locales.en.lessons.some((l) => l.id === e.lessonId)) {
      rejected.push({ id: e.id, code: 'unknown_lesson', message: `There is no lesson "${e.lessonId}" in course "${e.courseId}".` });
      continue;
    }
    valid.push(e);
  }
  // The first of duplicates within one batch wins, as a replay would.
  const unique = [...new Map(valid.map((e) => [e.id, e])).values()];
  const stored = new Set<string>();
  if (unique.length) {
    const rows = unique.map((e) => ({
      id: e.id,
      userId,
      type: e.type,
      courseId: e.courseId,
      courseVersion: e.courseVersion,
      lessonId: e.lessonId,
      checkId: e.checkId ?? null,
      answer: e.answer ?? null,
      correct: e.correct ?? null,
      occurredAt: new Date(e.at),
      receivedAt: now,
    }));
    // RETURNING names the rows this batch stored; only the others (replays, in the main) are looked up after.
    const [first, ...rest] = chunks(rows, ROWS_PER_INSERT).map((part) =>
      db.insert(progressEvents).values(part).onConflictDoNothing().returning({ id: progressEvents.id }),
    );
    for (const inserted of await db.batch([first!, ...rest])) for (const r of inserted) stored.add(r.id);
  }
  const ids = unique.map((e) => e.id);
  const notInserted = ids.filter((id) => !stored.has(id));
  for (const part of chunks(notInserted, IDS_PER_SELECT)) {
    const rows = await db
      .select({ id: progressEvents.id })
      .from(progressEvents)
      .where(and(eq(progressEvents.userId, userId), inArray(progressEvents.id, part)));
    for (const r of rows) stored.add(r.id);
  }
  for (const id of ids) {
    if (!stored.has(id)) rejected.push({ id, code: 'id_conflict', message: 'This event id is already used; make a new one.' });
  }
  return { accepted: ids.filter((id) => stored.has(id)), rejected };
}

/** A learner's lessons in one course: when each was first opened and first completed. */
const lessonTimes = preparedPer((db) =>
  db
    .select({
      lessonId: progressEvents.lessonId,
      openedAt: sql<number | null>`min(case when ${progressEvents.type} = 'lesson.opened' then ${progressEvents.occurredAt} end)`,
      completedAt: sql<number | null>`min(case when ${progressEvents.type} = 'lesson.completed' then ${progressEvents.occurredAt} end)`,
    })
    .from(progressEvents)
    .where(and(eq(progressEvents.userId, sql.placeholder('userId')), eq(progressEvents.courseId, sql.placeholder('courseId'))))
    .groupBy(progressEvents.lessonId)
    .orderBy(progressEvents.lessonId)
    .prepare(),
);

/** Each check's latest answer; SQLite takes the other columns from the row holding max(). */
const latestAnswers = preparedPer((db) =>
  db
    .select({
      lessonId: progressEvents.lessonId,
      checkId: sql<string>`${progressEvents.checkId}`,
      correct: progressEvents.correct,
      at: sql<number>`max(${progressEvents.occurredAt})`,
    })
    .from(progressEvents)
    .where(
      and(
        eq(progressEvents.userId, sql.placeholder('userId')),
        eq(progressEvents.courseId, sql.placeholder('courseId')),
        eq(progressEvents.type, 'check.answered'),
      ),
    )
    .groupBy(progressEvents.lessonId, progressEvents.checkId)
    .orderBy(progressEvents.lessonId, progressEvents.checkId)
    .prepare(),
);

/** A learner's progress in one course: when each lesson was first opened and completed, and each check's latest answer. */
export async function courseProgress(db: Db, userId: string, courseId: string) {
  // Two reads that need no common snapshot: not a batch, which on libSQL is a transaction
  // (BEGIN and COMMIT around them) on every catch-up of every device.
  const [lessons, checks] = await Promise.all([lessonTimes(db).all({ userId, courseId }), latestAnswers(db).all({ userId, courseId })]);
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(Number(ms)).toISOString());
  return {
    courseId,
    lessons: lessons.map((l) => ({ lessonId: l.lessonId, openedAt: iso(l.openedAt), completedAt: iso(l.completedAt) })),
    checks: checks.map((c) => ({ lessonId: c.lessonId, checkId: c.checkId, correct: c.correct, at: new Date(Number(c.at)).toISOString() })),
  };
}
