import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { ATTEMPT_PURPOSES, ATTEMPT_STATUSES } from './enums';
import { users } from './users';

/**
 * A published course version's private parts: the summative pool with its answer key,
 * the rubric and the certificate rule. Certificates and attempts name the version.
 */
export const courseReleases = sqliteTable(
  'course_releases',
  {
    courseId: text().notNull(),
    version: text().notNull(),
    /** Hash of the release's content: the same version never changes under one hash. */
    contentHash: text().notNull(),
    release: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.version] })],
);

/** The questions one attempt drew, in the order shown, with options shuffled by its seed. */
export interface DrawnQuestion {
  id: string;
  /** Option, item or right-hand ids in the order shown, where the type has them. */
  order?: string[];
  /** For cases: the linked questions, each with its own order. */
  parts?: DrawnQuestion[];
}

export const attempts = sqliteTable(
  'attempts',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    purpose: text({ enum: ATTEMPT_PURPOSES }).notNull().default('certification'),
    seed: integer().notNull(),
    questions: text({ mode: 'json' }).$type<DrawnQuestion[]>().notNull(),
    startedAt: timestamp().notNull(),
    deadlineAt: timestamp().notNull(),
    submittedAt: timestamp(),
    /** The client's id for its submit request: a repeated submit returns the first result. */
    submitId: text(),
    status: text({ enum: ATTEMPT_STATUSES }).notNull().default('open'),
    points: real(),
    maxPoints: real(),
    passed: integer({ mode: 'boolean' }),
  },
  (t) => [
    index('attempts_user_course_idx').on(t.userId, t.courseId),
    // Covers "best summative result per learner and course" in reports and boards.
    index('attempts_summative_idx').on(t.userId, t.courseId, t.purpose, t.status, t.passed),
    // At most one open attempt per learner and course, even when two starts race.
    uniqueIndex('attempts_one_open_uq').on(t.userId, t.courseId).where(sql`status = 'open'`),
  ],
);

/** Answers are saved as they are given, so an attempt survives a dropped connection. */
export const attemptAnswers = sqliteTable(
  'attempt_answers',
  {
    attemptId: text()
      .notNull()
      .references(() => attempts.id, { onDelete: 'cascade' }),
    questionId: text().notNull(),
    answer: text({ mode: 'json' }).$type<unknown>().notNull(),
    savedAt: timestamp().notNull(),
    /** Filled when graded; for short answers, when a trainer scores them. */
    points: real(),
    scoredBy: text().references(() => users.id, { onDelete: 'set null' }),
    comment: text(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] })],
);

/** A trainer's scoring of the practical rubric, with an optional moderation by a second trainer. */
export const practicalAssessments = sqliteTable(
  'practical_assessments',
  {
    id: id(),
    learnerId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    institutionId: text().notNull(),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    scorerId: text().references(() => users.id, { onDelete: 'set null' }),
    levels: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
    comments: text(),
    points: integer().notNull(),
    passed: integer({ mode: 'boolean' }).notNull(),
    createdAt: timestamp().notNull(),
    moderatorId: text().references(() => users.id, { onDelete: 'set null' }),
    moderatedLevels: text({ mode: 'json' }).$type<Record<string, string>>(),
    moderatedPoints: integer(),
    moderatedPassed: integer({ mode: 'boolean' }),
    moderationComment: text(),
    moderatedAt: timestamp(),
  },
  (t) => [index('practicals_learner_course_idx').on(t.learnerId, t.courseId)],
);
