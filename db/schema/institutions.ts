import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { users } from './users';

export const INSTITUTION_KINDS = [
  'academy',
  'training_institute',
  'prosecution_service',
  'police',
  'judiciary',
  'labour_inspectorate',
  'ngo',
  'ministry',
  'other',
] as const;

/** Roles held within one institution. Programme admin is a user flag, not a membership. */
export const INSTITUTION_ROLES = [
  'learner',
  'trainer',
  'master_trainer',
  'mentor',
  'institution_admin',
] as const;
export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];

export const institutions = sqliteTable('institutions', {
  id: id(),
  name: text().notNull().unique(),
  kind: text({ enum: INSTITUTION_KINDS }).notNull(),
  /** ISO 3166-1 alpha-2. */
  country: text().notNull(),
  createdBy: text().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp().notNull(),
});

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

export const COHORT_STATUSES = ['open', 'closed'] as const;

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
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
  },
  (t) => [index('cohorts_institution_idx').on(t.institutionId)],
);

export const COHORT_MEMBER_ROLES = ['learner', 'trainer'] as const;

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
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_members_user_idx').on(t.userId)],
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
