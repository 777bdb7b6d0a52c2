import type { Database } from './entry';
import { once } from './entry';
import type { WorkerEnv } from './env';

/** D1, bound as DB: the entry's queries on the binding, the app's through drizzle. */
export function d1(env: WorkerEnv): Database {
  const binding = env.DB as D1Database;
  return {
    column: async (query) => (await binding.prepare(query).raw()).map((row) => row[0]),
    drizzle: once(async () => (await import('./d1-drizzle')).dbFromD1(binding)),
  };
}
