import * as z from 'zod';

/** One migration as the apps apply it: drizzle-kit's SQL, split at its statement breakpoints. */
export const Migration = z.object({
  tag: z.string().regex(/^\d{4}_[a-z0-9_]+$/),
  statements: z.array(z.string().min(1)).min(1),
});
export type Migration = z.infer<typeof Migration>;

export const MigrationBundle = z.array(Migration);

/** Splits a drizzle-kit SQL file into statements. */
export function splitStatements(sqlText: string): string[] {
  return sqlText
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s.replace(/^--.*$/gm, '').trim().length > 0);
}
