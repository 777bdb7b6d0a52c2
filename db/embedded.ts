import { createClient, type Client } from '@libsql/client';
import { cacheStatements } from './statement-cache';

/**
 * The Node entry's database client: libSQL on a file (or any URL `@libsql/client` takes), with
 * the embedded connections keeping their prepared statements (see statement-cache.ts).
 */
export function openDatabase(url: string): Client {
  cacheStatements();
  return createClient({ url });
}
