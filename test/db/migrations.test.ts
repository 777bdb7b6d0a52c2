import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { dbFromLibsql } from '../../db/client';
import { migrate, migrations } from '../../db/migrate';
import { packMigrations } from '../../scripts/pack-migrations';

const freshDb = () => {
  const client = createClient({ url: `file:${mkdtempSync(join(tmpdir(), 'cascade-mig-'))}/m.db` });
  return { client, db: dbFromLibsql(client) };
};

describe('migrations', () => {
  it('the committed bundle matches the drizzle-kit SQL (run `npm run db:generate` after a schema change)', () => {
    expect(readFileSync(new URL('../../db/migrations/bundle.json', import.meta.url), 'utf8')).toBe(packMigrations());
  });

  it('applies every migration once; a second run applies nothing', async () => {
    const { client, db } = freshDb();
    expect(await migrate(db)).toEqual(migrations.map((m) => m.tag));
    expect(await migrate(db)).toEqual([]);
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['users', 'sessions', 'institutions', 'memberships', 'audit_log', 'cohorts', 'invitations']),
    );
    client.close();
  });

  it('a failing migration leaves nothing half-applied', async () => {
    const { client, db } = freshDb();
    await migrate(db);
    const broken = [{ tag: '9999_broken', statements: ['CREATE TABLE half_done (id integer)', 'THIS IS NOT SQL'] }];
    await expect(migrate(db, [...migrations, ...broken])).rejects.toThrow(/9999_broken/);
    const half = await client.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'");
    expect(half.rows).toHaveLength(0);
    const tags = await client.execute('SELECT tag FROM _cascade_migrations');
    expect(tags.rows.map((r) => r.tag)).not.toContain('9999_broken');
    client.close();
  });

  it('two processes migrating the same file at once both succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-mig-'));
    const a = createClient({ url: `file:${dir}/m.db` });
    const b = createClient({ url: `file:${dir}/m.db` });
    const results = await Promise.all([migrate(dbFromLibsql(a)), migrate(dbFromLibsql(b))]);
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.tag).sort());
    a.close();
    b.close();
  });
});
