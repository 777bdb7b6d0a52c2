import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
