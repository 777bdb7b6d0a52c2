import type { Client } from '@libsql/client';
import type { Database } from './entry';
import { once } from './entry';
import type { WorkerEnv } from './env';

/**
 * Turso (libSQL over HTTP) from the LIBSQL_URL and LIBSQL_AUTH_TOKEN secrets; its client is loaded on
 * first use. HTTP only: `libsql://` URLs use it anyway, and the WebSocket client would add 4 KB gzip
 * (env.ts refuses ws:// URLs).
 */
export function turso(env: WorkerEnv): Database {
  const client = once(async (): Promise<Client> => {
    const { createClient } = await import('@libsql/client/http');
    return createClient({ url: env.LIBSQL_URL as string, authToken: env.LIBSQL_AUTH_TOKEN });
  });
  return {
    column: async (query) => (await (await client()).execute(query)).rows.map((row) => row[0]),
    drizzle: once(async () => (await import('./turso-drizzle')).dbFromLibsql(await client())),
  };
}
