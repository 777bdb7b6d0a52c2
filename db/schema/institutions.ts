import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { COHORT_MEMBER_ROLES, COHORT_STATUSES, INSTITUTION_KINDS, INSTITUTION_ROLES } from './enums';
import { users } from './users';

export const institutions = sqliteTable(
  'institutions',
  {
    id: id(),
    name: text().notNull(),
    kind: text({ enum: INSTITUTION_KINDS }).notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text().notNull(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
  },
  // "Police Academy" and "POLICE ACADEMY" are the same institution.
  (t) => [uniqueIndex('institutions_name_uq').on(sql`lower(${t.name})`)],
);

export const memberships = sqliteTable(
  'memberships',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    institutionId: text()
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    role: text({ enum: INSTITUTION_ROLES }).notNull(),
    grantedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex('memberships_user_institution_role_uq').on(t.userId, t.institutionId, t.role),
    index('memberships_institution_idx').on(t.institutionId),
  ],
);

export const cohorts = sqliteTable(
  'cohorts',
  {
    id: id(),
    institutionId: text()
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** Normalised: upper case, no separators. */
    joinCode: text().notNull().unique(),
    joinCodeExpiresAt: timestamp(),
    capacity: integer(),
    status: text({ enum: COHORT_STATUSES }).notNull().default('open'),
    /** Where it is delivered: reports split the capital from elsewhere. */
    region: text(),
    inCapital: integer({ mode: 'boolean' }),
    /** ISO dates (YYYY-MM-DD), in the institution's calendar. */
    startsOn: text(),
    endsOn: text(),
    /** A certified or master trainer of every course of the cohort. Co-facilitators are trainer members. */
    leadTrainerId: text().references(() => users.id, { onDelete: 'set null' }),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
  },
  (t) => [index('cohorts_institution_idx').on(t.institutionId), index('cohorts_lead_idx').on(t.leadTrainerId)],
);

export const cohortMembers = sqliteTable(
  'cohort_members',
  {
    cohortId: text()
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: COHORT_MEMBER_ROLES }).notNull(),
    joinedAt: timestamp().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    index('cohort_members_user_idx').on(t.userId),
    // A cohort's learners (or trainers) without reading the table.
    index('cohort_members_role_idx').on(t.cohortId, t.role, t.userId),
    // Reports list every learner's enrolments in learner order from this index alone.
    index('cohort_members_learners_idx').on(t.role, t.userId, t.cohortId),
  ],
);

/** Single-use invitations; only the token's hash is stored. */
export const invitations = sqliteTable('invitations', {
  id: id(),
  institutionId: text()
    .notNull()
    .references(() => institutions.id, { onDelete: 'cascade' }),
  cohortId: text().references(() => cohorts.id, { onDelete: 'cascade' }),
  role: text({ enum: INSTITUTION_ROLES }).notNull(),
  tokenHash: text().notNull().unique(),
  createdBy: text().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp().notNull(),
  expiresAt: timestamp().notNull(),
  acceptedBy: text().references(() => users.id, { onDelete: 'set null' }),
  acceptedAt: timestamp(),
});
