import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { QUALIFICATION_LEVELS, QUALIFICATION_STATUSES } from './enums';
import { cohorts, institutions } from './institutions';
import { users } from './users';

/** What a qualification rests on: the cohorts co-delivered, and what the granter observed. */
export interface QualificationEvidence {
  cohortIds: string[];
  observation?: string;
}

/**
 * One step of one person on the train-the-trainer pathway for one course. `grantedBy` is who
 * qualified them: those links are the lineage, back to the first (international) trainers.
 */
export const trainerQualifications = sqliteTable(
  'trainer_qualifications',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text().notNull(),
    level: text({ enum: QUALIFICATION_LEVELS }).notNull(),
    status: text({ enum: QUALIFICATION_STATUSES }).notNull().default('active'),
    /** The institution that nominated or records the trainer. */
    institutionId: text().references(() => institutions.id, { onDelete: 'set null' }),
    grantedBy: text().references(() => users.id, { onDelete: 'set null' }),
    grantedAt: timestamp().notNull(),
    evidence: text({ mode: 'json' }).$type<QualificationEvidence>().notNull(),
    statusReason: text(),
    statusChangedAt: timestamp(),
  },
  (t) => [
    // One standing record per person, course and level, even when two grants race.
    uniqueIndex('qualifications_current_uq').on(t.userId, t.courseId, t.level).where(sql`status <> 'revoked'`),
    index('qualifications_course_idx').on(t.courseId, t.level),
    index('qualifications_granted_by_idx').on(t.grantedBy),
  ],
);

/** The courses a cohort studies. */
export const cohortCourses = sqliteTable(
  'cohort_courses',
  {
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    courseId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.courseId] }), index('cohort_courses_course_idx').on(t.courseId)],
);

/** An institution embedding a course version in one of its own programmes, for a year. */
export const curriculumAdoptions = sqliteTable(
  'curriculum_adoptions',
  {
    id: id(),
    institutionId: text()
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    /** The institution's own programme, e.g. "Basic police training" or "Judicial induction". */
    programme: text().notNull(),
    year: integer().notNull(),
    note: text(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
  },
  (t) => [uniqueIndex('adoptions_uq').on(t.institutionId, t.courseId, t.programme, t.year)],
);

/** A trainer's message to a cohort: dates, venues, reminders. Plain text. */
export const announcements = sqliteTable(
  'announcements',
  {
    id: id(),
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    authorId: text().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: timestamp().notNull(),
  },
  (t) => [index('announcements_cohort_idx').on(t.cohortId, t.createdAt)],
);
