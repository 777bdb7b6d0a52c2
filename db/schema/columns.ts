import { integer, text } from 'drizzle-orm/sqlite-core';

/** Random, non-guessable ids: no counters leak how many people use Cascade. */
export const id = () =>
  text()
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

/** Milliseconds since the epoch; set by the app's clock, not by SQLite. */
export const timestamp = () => integer({ mode: 'timestamp_ms' });
