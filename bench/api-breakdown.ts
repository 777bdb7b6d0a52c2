/**
 * Where an API request's time goes, in one process and without HTTP: each part of a signed-in
 * read timed on its own, beside a bare Hono route and a bare `SELECT 1`, on the Node entry's
 * database setup (an embedded libSQL file keeping its statements, see db/embedded.ts).
 * `bench/api.ts` says how fast the API is over HTTP; this says why. Prints a table.
 *
 *   npm run bench:api-breakdown            # BREAKDOWN_N=5000 requests a row by default
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { dbFromLibsql } from '../db/client';
import { openDatabase } from '../db/embedded';
import { migrate } from '../db/migrate';
import { users } from '../db/schema';
import { seedDemo } from '../db/seed-demo';
import { createApp } from '../worker/app';
import { publishReleases } from '../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret } from '../worker/certificates/keyring';
import { folderContentSource } from '../worker/content/node-source';
import { nodeSha256 } from '../worker/node-http';
import { loadRouteModules } from '../worker/route-groups';
import { courseProgress } from '../worker/routes/progress/progress.service';
import { BENCH_COURSE, builtReleases } from './certificates';
import { isMain } from './table';

const root = fileURLToPath(new URL('../', import.meta.url));

export async function apiBreakdown(n = Number(process.env.BREAKDOWN_N ?? 5000)) {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-breakdown-'));
  const client = openDatabase(`file:${dir}/cascade.db`);
  const db = dbFromLibsql(client);
  try {
    await client.execute('PRAGMA journal_mode = WAL');
    await migrate(db);
    const now = new Date();
    const releases = builtReleases();
    await publishReleases(db, releases, now);
    const seed = (await seedDemo(db, now))!;
    const app = createApp({
      db,
      issuerMasterKey: await importMasterKey(newMasterKeySecret()),
      clientAddress: () => '127.0.0.1',
      content: folderContentSource(join(root, 'web/dist/content')),
      sha256: nodeSha256,
      routeModules: await loadRouteModules(),
    });
    const bare = new Hono().get('/bare', (c) => c.json({ ok: true, time: new Date().toISOString() }));
    const origin = 'http://localhost';
    const password = seed.logins.find((l) => l.username === 'learner')!.password;
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ username: 'learner', password }) });
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, origin };
    const [learner] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'learner'));
    const lesson = releases.find((r) => r.courseId === BENCH_COURSE)!.lessons[0]!;

    /** Mean µs a call over n calls, after n calls of warm-up. */
    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < n; i++) await fn();
      const start = performance.now();
      for (let i = 0; i < n; i++) await fn();
      return ((performance.now() - start) * 1000) / n;
    };
    const get = (a: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, path: string, signedIn = true) => async () => {
      const res = await a.request(path, { headers: signedIn ? headers : { origin } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return res.arrayBuffer();
    };
    const baseline = await time(get(bare, '/bare'));
    const rows: [string, number][] = [
      ['a bare Hono JSON route (app.request)', baseline],
      ['`SELECT 1` through @libsql/client, statements kept', await time(() => client.execute('SELECT 1'))],
      ['a learner’s progress in a course: the two prepared reads alone', await time(() => courseProgress(db, learner!.id, BENCH_COURSE))],
      ['GET /api/health signed out: the middleware and `SELECT 1`', await time(get(app, '/api/health', false))],
      ['GET /api/health: the same and the session lookup', await time(get(app, '/api/health'))],
      ['GET /api/progress: the above, query validation, the two reads', await time(get(app, `/api/progress?courseId=${BENCH_COURSE}`))],
      ['GET /api/catalogue', await time(get(app, '/api/catalogue'))],
      ['GET a lesson', await time(get(app, `/api/courses/${BENCH_COURSE}/lessons/${lesson}`))],
      ['GET /api/me', await time(get(app, '/api/me'))],
    ];
    console.log('| part | µs a request | × the bare route |\n| --- | --- | --- |');
    for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(1)} | ${(us / baseline).toFixed(1)} |`);
    return rows;
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await apiBreakdown();
