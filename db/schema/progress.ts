import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';
import { PROGRESS_EVENT_TYPES } from './enums';
import { users } from './users';

/**
 * Learner events synced from the web app's outbox. The id is generated on the device,
 * so a replayed or duplicated upload stores nothing twice.
 */
export const progressEvents = sqliteTable(
  'progress_events',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text({ enum: PROGRESS_EVENT_TYPES }).notNull(),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    lessonId: text().notNull(),
    checkId: text(),
    /** Option ids chosen, for check.answered. */
    answer: text({ mode: 'json' }).$type<string[]>(),
    correct: integer({ mode: 'boolean' }),
    /** When it happened on the device, which may be long before it synced. */
    occurredAt: timestamp().notNull(),
    receivedAt: timestamp().notNull(),
  },
  (t) => [
    index('progress_events_user_course_idx').on(t.userId, t.courseId, t.lessonId),
    // Reports and boards count completed lessons per learner and course from this index alone.
    index('progress_events_completed_idx').on(t.userId, t.courseId, t.lessonId).where(sql`type = 'lesson.completed'`),
  ],
);

/**
 * Where each learner stands in each course, for reports at programme scale: counting a hundred
 * thousand learners' events at read time costs seconds. It is never written by the app: SQLite
 * triggers (migration 0013) recompute a row whenever a lesson completion, a certification
 * attempt or a certificate of its learner and course is written, in the same statement, so it
 * cannot drift from the events, on libSQL and D1 alike, whichever code path wrote them. Joining
 * or leaving a cohort, and a cohort's courses changing, likewise keep `enrolled`.
 */
export const learnerCourseStatus = sqliteTable(
  'learner_course_status',
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text().notNull(),
    /** 1 while the learner is a learner in a cohort that teaches the course. */
    enrolled: integer().notNull().default(0),
    /** Distinct lessons completed, in any version of the course. */
    lessonsCompleted: integer().notNull().default(0),
    /** 1 when a certification attempt was submitted. */
    attempted: integer().notNull().default(0),
    /** 1 when a certification attempt passed. */
    passed: integer().notNull().default(0),
    /** 1 while a valid certificate is held. */
    certified: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);

/**
 * Which learners study which course in which institution's cohorts, one row per triple: the
 * learner report by institution reads it in key order instead of joining every membership to
 * its cohort's courses and institution. Kept by triggers (migration 0014) like
 * learner_course_status; a cohort never changes institution in the app, but a trigger covers
 * that too.
 */
export const institutionEnrolments = sqliteTable(
  'institution_enrolments',
  {
    institutionId: text().notNull(),
    userId: text().notNull(),
    courseId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.userId, t.courseId] }), index('institution_enrolments_user_idx').on(t.userId)],
);
