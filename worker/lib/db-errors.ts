/** Driver errors differ (libSQL wraps, D1 prefixes); the SQLite message inside is the same. */
function messages(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) parts.push(e.message);
  return parts.join(' | ');
}

/** True if a UNIQUE constraint on `table.column` (or any, without one) refused the write. */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  const text = messages(err);
  return text.includes('UNIQUE constraint failed') && (column === undefined || text.includes(column));
}

/** True if a trigger's `RAISE(ABORT, reason)` stopped the write. */
export function isAbortedBy(err: unknown, reason: string): boolean {
  return messages(err).includes(reason);
}
