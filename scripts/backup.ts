/**
 * Backup and restore of the Node entry's embedded database, with the issuer master key beside it
 * (without that key the institutions' signing keys in the database cannot be opened).
 *
 *   npm run db:backup                      # writes backups/<time>/{cascade.db,issuer-master.key}
 *   npm run db:backup -- --to /mnt/usb/cascade-2026-11-30
 *   npm run db:restore -- --from backups/2026-11-30T10-00-00Z   # with the server stopped
 *
 * A backup is taken with `VACUUM INTO`: a consistent copy even while the server runs and writes.
 * A restore checks the copy (integrity, and that it is a Cascade database) before touching
 * anything, and keeps what it replaces as `*.before-restore-<time>`.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';

export interface Location {
  /** The folder with the database and the issuer master key (DATA_DIR, default `data`). */
  dataDir: string;
  /** A `file:` URL overriding the database's place (DATABASE_URL). */
  databaseUrl?: string | undefined;
}

const KEY = 'issuer-master.key';
const stamp = (now: Date) => now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
const databaseFile = (at: Location) => (at.databaseUrl ? at.databaseUrl.replace(/^file:/, '') : join(at.dataDir, 'cascade.db'));

export class BackupError extends Error {}

/** Copies the database (consistently, even while it is in use) and the master key into `to`. */
export async function backup(at: Location, to: string): Promise<{ folder: string; migrations: number }> {
  const file = databaseFile(at);
  if (!existsSync(file)) throw new BackupError(`No database at ${file}: nothing to back up.`);
  if (existsSync(join(to, 'cascade.db'))) throw new BackupError(`${to} already holds a backup: choose another folder.`);
  mkdirSync(to, { recursive: true });
  const client = createClient({ url: `file:${file}` });
  try {
    await client.execute({ sql: 'VACUUM INTO ?', args: [resolve(to, 'cascade.db')] });
  } finally {
    client.close();
  }
  if (existsSync(join(at.dataDir, KEY))) copyFileSync(join(at.dataDir, KEY), join(to, KEY));
  const checked = await check(join(to, 'cascade.db'));
  return { folder: to, migrations: checked.migrations };
}

/** That a file is a whole SQLite database, and a Cascade one: how many migrations it has. */
async function check(file: string): Promise<{ migrations: number }> {
  if (!existsSync(file)) throw new BackupError(`No cascade.db in the backup folder (${file}).`);
  const client = createClient({ url: `file:${file}` });
  try {
    const integrity = await client.execute('PRAGMA integrity_check').catch(() => undefined);
    if (String(integrity?.rows[0]?.[0]) !== 'ok') throw new BackupError(`${file} is damaged or not a database: it fails SQLite's integrity check.`);
    const applied = await client.execute('SELECT COUNT(*) AS n FROM _cascade_migrations').catch(() => undefined);
    if (!applied) throw new BackupError(`${file} is a database, but not a Cascade one.`);
    return { migrations: Number(applied.rows[0]?.n ?? 0) };
  } finally {
    client.close();
  }
}

/**
 * Puts a backup in place of the current database (and master key), after checking it. What it
 * replaces is kept beside it. Run it with the server stopped; the server migrates the restored
 * database forward when it starts.
 */
export async function restore(at: Location, from: string, now = new Date()): Promise<{ kept: string[] }> {
  const source = join(from, 'cascade.db');
  await check(source);
  const file = databaseFile(at);
  mkdirSync(at.dataDir, { recursive: true });
  const suffix = `.before-restore-${stamp(now)}`;
  const kept: string[] = [];
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(part)) {
      renameSync(part, part + suffix);
      kept.push(part + suffix);
    }
  }
  copyFileSync(source, file);
  if (existsSync(join(from, KEY))) {
    const key = join(at.dataDir, KEY);
    if (existsSync(key)) {
      renameSync(key, key + suffix);
      kept.push(key + suffix);
    }
    copyFileSync(join(from, KEY), key);
  }
  return { kept };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const at: Location = { dataDir: process.env.DATA_DIR ?? 'data', databaseUrl: process.env.DATABASE_URL };
  try {
    if (args[0] === 'backup') {
      const now = new Date();
      const to = option(args, '--to') ?? join('backups', stamp(now));
      const done = await backup(at, to);
      console.log(`Backed up to ${done.folder} (${done.migrations} migrations). Keep it somewhere other than this machine.`);
      return 0;
    }
    if (args[0] === 'restore') {
      const from = option(args, '--from');
      if (!from) throw new BackupError('Say which backup: --from <folder>.');
      const done = await restore(at, from);
      console.log(`Restored from ${from}.${done.kept.length ? ` The replaced files are kept: ${done.kept.join(', ')}.` : ''}`);
      return 0;
    }
    console.error('Use: tsx scripts/backup.ts backup [--to <folder>] | restore --from <folder>');
    return 2;
  } catch (err) {
    if (err instanceof BackupError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
