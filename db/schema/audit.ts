import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

/**
 * Append-only: triggers in the migrations refuse UPDATE and DELETE.
 * Actor and subject ids are plain text, not foreign keys, so the record outlives them.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: timestamp().notNull(),
    actorId: text(),
    action: text().notNull(),
    institutionId: text(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    /** JSON: what changed, never secrets. */
    detail: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text(),
  },
  (t) => [index('audit_log_institution_idx').on(t.institutionId, t.at)],
);
