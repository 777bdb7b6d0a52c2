import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { dbFromLibsql } from '../../db/client';
import { migrate } from '../../db/migrate';
import { backup, BackupError, restore } from '../../scripts/backup';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cascade-backup-'));
  dirs.push(d);
  return d;
};

const usernames = async (dataDir: string) => {
  const client = createClient({ url: `file:${join(dataDir, 'cascade.db')}` });
  const rows = (await client.execute('SELECT username FROM users ORDER BY username')).rows.map((r) => String(r.username));
  client.close();
  return rows;
};

async function dataDirWithUsers(names: string[]) {
  const dataDir = temp();
  const client = createClient({ url: `file:${join(dataDir, 'cascade.db')}` });
  await client.execute('PRAGMA journal_mode = WAL');
  await migrate(dbFromLibsql(client));
  for (const n of names) {
    await client.execute({ sql: `INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0)`, args: [crypto.randomUUID(), n, n] });
  }
  writeFileSync(join(dataDir, 'issuer-master.key'), 'the-key-of-this-server\n');
  return { dataDir, client };
}

describe('backup and restore of the embedded database', () => {
  it('backs up while the database is open and being written, and a restore brings back exactly that, with the master key', async () => {
    const { dataDir, client } = await dataDirWithUsers(['amina', 'bikash']);
    const to = join(temp(), 'b1');
    // The server still holds the database open, with its WAL: the copy is consistent all the same.
    const done = await backup({ dataDir }, to);
    expect(done.migrations).toBeGreaterThan(10);
    expect(readFileSync(join(to, 'issuer-master.key'), 'utf8')).toBe('the-key-of-this-server\n');
    await client.execute({ sql: `INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at) VALUES (?, 'after', 'after', 'x', 0, 0)`, args: [crypto.randomUUID()] });
    client.close();
    writeFileSync(join(dataDir, 'issuer-master.key'), 'a-newer-key\n');
    expect(await usernames(dataDir)).toEqual(['after', 'amina', 'bikash']);

    const { kept } = await restore({ dataDir }, to, new Date('2026-11-30T10:00:00Z'));
    expect(await usernames(dataDir)).toEqual(['amina', 'bikash']);
    expect(readFileSync(join(dataDir, 'issuer-master.key'), 'utf8')).toBe('the-key-of-this-server\n');
    // What was replaced is kept, never deleted.
    expect(kept).toContain(join(dataDir, 'cascade.db.before-restore-2026-11-30T10-00-00Z'));
    expect(readFileSync(join(dataDir, 'issuer-master.key.before-restore-2026-11-30T10-00-00Z'), 'utf8')).toBe('a-newer-key\n');
    // And the restored database migrates and opens as usual.
    const reopened = createClient({ url: `file:${join(dataDir, 'cascade.db')}` });
    expect(await migrate(dbFromLibsql(reopened))).toEqual([]);
    reopened.close();
  });

  it('refuses a damaged file, a database that is not Cascade, or a folder already holding a backup, and touches nothing', async () => {
    const { dataDir, client } = await dataDirWithUsers(['amina']);
    client.close();
    const junk = temp();
    writeFileSync(join(junk, 'cascade.db'), 'this is not a database at all, just some bytes '.repeat(200));
    await expect(restore({ dataDir }, junk)).rejects.toThrow(/damaged or not a database/);
    const other = temp();
    const foreign = createClient({ url: `file:${join(other, 'cascade.db')}` });
    await foreign.execute('CREATE TABLE notes (id integer)');
    foreign.close();
    await expect(restore({ dataDir }, other)).rejects.toThrow(/not a Cascade one/);
    await expect(restore({ dataDir }, temp())).rejects.toBeInstanceOf(BackupError);
    expect(await usernames(dataDir)).toEqual(['amina']);
    expect(existsSync(join(dataDir, 'issuer-master.key'))).toBe(true);

    const to = join(temp(), 'b');
    await backup({ dataDir }, to);
    await expect(backup({ dataDir }, to)).rejects.toThrow(/already holds a backup/);
    const empty = temp();
    mkdirSync(join(empty, 'data'));
    await expect(backup({ dataDir: join(empty, 'data') }, join(empty, 'b'))).rejects.toThrow(/No database/);
  });
});
