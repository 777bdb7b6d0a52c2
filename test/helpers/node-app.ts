import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/embedded';
import { afterEach } from 'vitest';
import { dbFromLibsql } from '../../db/client';
import { migrate } from '../../db/migrate';
import { createApp } from '../../worker/app';
import { loadRouteModules } from '../../worker/route-groups';
import type { AppDeps } from '../../worker/context';
import type { Fetcher } from './client';
import { seedWorld } from './world';

/** A fresh, migrated libSQL file and the app on it, with a clock the test controls. */
export async function nodeApp(deps: Partial<AppDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-test-'));
  const client = openDatabase(`file:${dir}/test.db`);
  const db = dbFromLibsql(client);
  await migrate(db);
  let now = new Date('2026-11-28T09:00:00.000Z');
  let address = '203.0.113.10';
  const app = createApp({ db, clock: () => now, clientAddress: () => address, routeModules: await loadRouteModules(), ...deps });
  const fetcher: Fetcher = async (req) => app.fetch(req);
  return {
    app,
    db,
    client,
    fetcher,
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    fromAddress(a: string) {
      address = a;
    },
    world: () => seedWorld(db, fetcher, now),
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type NodeApp = Awaited<ReturnType<typeof nodeApp>>;

/**
 * For a test file: each call opens a fresh app on a fresh database with the demo
 * academy seeded; all are closed after each test.
 */
export function freshApps() {
  const opened: NodeApp[] = [];
  afterEach(() => opened.splice(0).forEach((a) => a.close()));
  return async (deps: Partial<AppDeps> = {}) => {
    const t = await nodeApp(deps);
    opened.push(t);
    return { t, world: await t.world() };
  };
}
