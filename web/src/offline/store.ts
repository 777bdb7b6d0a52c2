import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** One learner event, exactly as POST /api/progress/events takes it. */
export interface ProgressEvent {
  id: string;
  type: 'lesson.opened' | 'lesson.completed' | 'check.answered';
  courseId: string;
  courseVersion: string;
  lessonId: string;
  checkId?: string;
  answer?: string[];
  correct?: boolean;
  at: string;
}

export interface LessonState {
  courseId: string;
  lessonId: string;
  openedAt?: string;
  completedAt?: string;
}

export interface CheckState {
  courseId: string;
  lessonId: string;
  checkId: string;
  /** Unknown for answers given on another device: the server keeps only whether they were right. */
  answer?: string[];
  correct: boolean;
  at: string;
}

/** An event the server refused for good: never retried, kept so the UI can say so. */
export interface Rejection {
  id: string;
  code: string;
  message: string;
  event?: ProgressEvent;
}

interface Schema extends DBSchema {
  outbox: { key: string; value: ProgressEvent; indexes: { at: string } };
  lessons: { key: [string, string]; value: LessonState; indexes: { course: string } };
  checks: { key: [string, string, string]; value: CheckState; indexes: { lesson: [string, string] } };
  rejected: { key: string; value: Rejection };
}

export type UserDb = IDBPDatabase<Schema>;

/**
 * One database per person: on a phone shared by several learners, each one's outbox and
 * progress stay apart, and signing out leaves them for that person's next sign-in.
 */
export const userDbName = (userId: string) => `cascade-user-${userId}`;

export function openUserDb(userId: string): Promise<UserDb> {
  return openDB<Schema>(userDbName(userId), 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('at', 'at');
      db.createObjectStore('lessons', { keyPath: ['courseId', 'lessonId'] }).createIndex('course', 'courseId');
      db.createObjectStore('checks', { keyPath: ['courseId', 'lessonId', 'checkId'] }).createIndex('lesson', ['courseId', 'lessonId']);
      db.createObjectStore('rejected', { keyPath: 'id' });
    },
  });
}

const earliest = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a < b ? a : b);

/**
 * Queues the event and applies it to the local progress in one transaction, so the
 * outbox and what the learner sees can never disagree, even after a crash.
 */
export async function recordEvent(db: UserDb, event: ProgressEvent): Promise<void> {
  const tx = db.transaction(['outbox', 'lessons', 'checks'], 'readwrite');
  void tx.objectStore('outbox').put(event);
  const { courseId, lessonId } = event;
  if (event.type === 'check.answered') {
    void tx.objectStore('checks').put({
      courseId,
      lessonId,
      checkId: event.checkId ?? '',
      answer: event.answer ?? [],
      correct: event.correct ?? false,
      at: event.at,
    });
  } else {
    const lessons = tx.objectStore('lessons');
    const state = (await lessons.get([courseId, lessonId])) ?? { courseId, lessonId };
    if (event.type === 'lesson.opened') state.openedAt = earliest(state.openedAt, event.at);
    else state.completedAt = earliest(state.completedAt, event.at);
    void lessons.put(state);
  }
  await tx.done;
}

/** The oldest events first, so a long outbox drains in the order it filled. */
export function oldestEvents(db: UserDb, limit: number): Promise<ProgressEvent[]> {
  return db.getAllFromIndex('outbox', 'at', null, limit);
}

export function countEvents(db: UserDb): Promise<number> {
  return db.count('outbox');
}

/** Drops what the server settled: stored (now or before), or refused for good. */
export async function settleEvents(db: UserDb, accepted: readonly string[], rejected: ReadonlyArray<Omit<Rejection, 'event'>>): Promise<void> {
  const tx = db.transaction(['outbox', 'rejected'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  for (const id of accepted) void outbox.delete(id);
  for (const r of rejected) {
    const event = await outbox.get(r.id);
    void tx.objectStore('rejected').put({ id: r.id, code: r.code, message: r.message, ...(event ? { event } : {}) });
    void outbox.delete(r.id);
  }
  await tx.done;
}

export function rejections(db: UserDb): Promise<Rejection[]> {
  return db.getAll('rejected');
}

export function countRejected(db: UserDb): Promise<number> {
  return db.count('rejected');
}

export function lessonStates(db: UserDb, courseId: string): Promise<LessonState[]> {
  return db.getAllFromIndex('lessons', 'course', courseId);
}

export function checkStates(db: UserDb, courseId: string, lessonId: string): Promise<CheckState[]> {
  return db.getAllFromIndex('checks', 'lesson', [courseId, lessonId]);
}

/** What GET /api/progress returns for one course. */
export interface ServerProgress {
  courseId: string;
  lessons: Array<{ lessonId: string; openedAt?: string | null; completedAt?: string | null }>;
  checks: Array<{ lessonId: string; checkId: string; correct: boolean | null; at: string }>;
}

/**
 * Folds in what the server knows (work done on another device): the earliest open and
 * completion win, and for a check the latest answer wins.
 */
export async function mergeServerProgress(db: UserDb, server: ServerProgress): Promise<void> {
  const { courseId } = server;
  const tx = db.transaction(['lessons', 'checks'], 'readwrite');
  const lessons = tx.objectStore('lessons');
  for (const l of server.lessons) {
    const local = (await lessons.get([courseId, l.lessonId])) ?? { courseId, lessonId: l.lessonId };
    const openedAt = earliest(local.openedAt, l.openedAt ?? undefined);
    const completedAt = earliest(local.completedAt, l.completedAt ?? undefined);
    void lessons.put({ courseId, lessonId: l.lessonId, ...(openedAt ? { openedAt } : {}), ...(completedAt ? { completedAt } : {}) });
  }
  const checks = tx.objectStore('checks');
  for (const c of server.checks) {
    const local = await checks.get([courseId, c.lessonId, c.checkId]);
    if (!local || local.at < c.at) void checks.put({ courseId, lessonId: c.lessonId, checkId: c.checkId, correct: c.correct ?? false, at: c.at });
  }
  await tx.done;
}
