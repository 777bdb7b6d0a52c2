import type { Client } from '@libsql/client';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema';

/**
 * The database as every part of Cascade sees it. libSQL (file or HTTP) and D1 share
 * this API; only `db.batch` gives atomic multi-statement writes on both.
 */
export type Db = LibSQLDatabase<typeof schema>;

export function dbFromLibsql(client: Client): Db {
  return drizzleLibsql(client, { schema, casing: 'snake_case' });
}

export function dbFromD1(binding: D1Database): Db {
  // The two drivers differ only in the raw result of `.run()`, which Cascade never reads.
  return drizzleD1(binding, { schema, casing: 'snake_case' }) as unknown as Db;
}
