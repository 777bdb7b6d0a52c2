import { eq, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import type { Migration } from './migrations';
import bundle from './migrations/bundle.json';

/** The committed migrations, in order. Regenerate with `npm run db:generate`. */
export const migrations: readonly Migration[] = bundle;

/** Bookkeeping, outside the drizzle-kit schema so migrations never touch it. */
const applied = sqliteTable('_cascade_migrations', {
  tag: text().primaryKey(),
  appliedAt: integer().notNull(),
});

/**
 * Applies the migrations not yet applied, each in one batch with its bookkeeping row,
 * so a migration is either wholly applied or not at all. Used by the Node entry,
 * the Workers entry (libSQL over HTTP or D1) and the tests alike.
 */
export async function migrate(db: Db, list: readonly Migration[] = migrations): Promise<string[]> {
  await db.run(
    sql`CREATE TABLE IF NOT EXISTS _cascade_migrations (tag text PRIMARY KEY NOT NULL, applied_at integer NOT NULL)`,
  );
  const rows = await db.select({ tag: applied.tag }).from(applied);
  const done = new Set(rows.map((r) => r.tag));
  const newlyApplied: string[] = [];
  for (const m of list) {
    if (done.has(m.tag)) continue;
    const steps = m.statements.map((s) => db.run(sql.raw(s)));
    try {
      // The bookkeeping row goes first only to satisfy batch's non-empty tuple type.
      await db.batch([db.insert(applied).values({ tag: m.tag, appliedAt: Date.now() }), ...steps]);
    } catch (err) {
      // Another process may have applied it between our read and our write.
      const again = await db.select().from(applied).where(eq(applied.tag, m.tag));
      if (again.length === 0) throw new Error(`migration ${m.tag} failed`, { cause: err });
      continue;
    }
    newlyApplied.push(m.tag);
  }
  return newlyApplied;
}
