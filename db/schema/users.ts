import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { LOCALES, SECTORS } from './enums';

export const users = sqliteTable('users', {
  id: id(),
  /** Lower-cased; the login name. Many learners have no e-mail they can rely on. */
  username: text().notNull().unique(),
  displayName: text().notNull(),
  email: text(),
  /** `pbkdf2-sha256$<iterations>$<salt>$<hash>`: parameters travel with the hash. */
  passwordHash: text().notNull(),
  programmeAdmin: integer({ mode: 'boolean' }).notNull().default(false),
  locale: text({ enum: LOCALES }).notNull().default('en'),
  /** ISO 3166-1 alpha-2. */
  country: text(),
  sector: text({ enum: SECTORS }),
  region: text(),
  /** Whether the person works in the capital: reports split capital and elsewhere. */
  inCapital: integer({ mode: 'boolean' }),
  /** Self-described and optional. */
  gender: text(),
  /**
   * An international expert brought in by the programme, rather than a national trainer. The
   * handover index is the share of certificates issued by trainers without this flag.
   */
  internationalExpert: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: timestamp().notNull(),
  updatedAt: timestamp().notNull(),
}, (t) => [
  // What the learner reports group by, read in id order without touching the table.
  index('users_report_idx').on(t.id, t.gender, t.sector, t.inCapital),
]);

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak sessions. */
    tokenHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp().notNull(),
    expiresAt: timestamp().notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed-login counters per account and per address, in fixed windows. */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text().primaryKey(),
  windowStart: timestamp().notNull(),
  failures: integer().notNull(),
});

/** One-time codes a trainer gives a cohort member who forgot their password. */
export const resetCodes = sqliteTable(
  'reset_codes',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    issuedBy: text().references(() => users.id, { onDelete: 'set null' }),
    cohortId: text().notNull(),
    createdAt: timestamp().notNull(),
    expiresAt: timestamp().notNull(),
    usedAt: timestamp(),
  },
  (t) => [index('reset_codes_user_idx').on(t.userId)],
);
