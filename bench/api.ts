/**
 * `npm run bench:api`: API throughput and latency on the Node entry with its embedded
 * database, loaded by autocannon from this process while the server runs in its own
 * (bench/api-server.ts). Each route runs right after a bare Hono JSON route on the same
 * server, so the ratio holds even when the shared machine is busy. Then the outbox sync:
 * batches of 50 progress events with fresh ids for a longer run, and the rows counted after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildContent } from '../scripts/courses/build-cli';
import { fmt, isMain, machine, markdown, row, type BenchRow } from './table';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Seconds a route is loaded for, after a one-second warm-up. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SYNC_SECONDS = 3 * SECONDS;
/** Concurrent connections: a busy cohort's phones, without queueing so deep that p99 is only queueing. */
const CONNECTIONS = 10;
const BATCH = 50;
const BUDGET = { ratioPct: 50, p99Ms: 20, eventsPerS: 2000 };

interface Ready {
  port: number;
  learnerPassword: string;
  credential: string;
  release: { courseId: string; version: string; lessons: string[] };
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/api-server.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  // If this process dies, the server must not outlive it.
  process.once('exit', () => child.kill());
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench/api-server.ts exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice(6)) as Ready);
    });
  });
  return { child, ready };
}

type Shot = Omit<autocannon.Request, 'setupRequest'> & { setupRequest?: (r: autocannon.Request) => autocannon.Request };

/** One autocannon run against one request shape; throws if any reply was not a 2xx. */
async function load(origin: string, shot: Shot, seconds: number, onBody?: (body: string) => void) {
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ ...shot, ...(onBody ? { onResponse: (_status: number, body: string) => onBody(body) } : {}) } as autocannon.Request],
  });
  if (result.non2xx || result.errors) throw new Error(`${shot.method ?? 'GET'} ${shot.path}: ${result.non2xx} non-2xx replies, ${result.errors} errors`);
  return { rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, requests: result['2xx'] };
}

async function call(origin: string, method: string, path: string, body: unknown, cookie = '') {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: { origin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export async function benchApi(): Promise<BenchRow[]> {
  if (!existsSync(join(root, 'web/dist/content/index.json'))) buildContent();
  const dataDir = mkdtempSync(join(tmpdir(), 'cascade-bench-api-'));
  const { child, ready } = await startServer(dataDir);
  try {
    const origin = `http://127.0.0.1:${ready.port}`;
    const { release } = ready;
    const login = await call(origin, 'POST', '/api/auth/login', { username: 'learner', password: ready.learnerPassword });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const attempt = (await (await call(origin, 'POST', '/api/attempts', { courseId: release.courseId }, cookie)).json()) as {
      id: string;
      questions: Array<{ id: string; type: string; options?: Array<{ id: string }> }>;
    };
    const question = attempt.questions.find((q) => q.options?.length)!;
    // What a phone sends: its session, its origin on writes, and that it takes gzip.
    const headers = { cookie, origin, 'accept-encoding': 'gzip', 'content-type': 'application/json' };
    const events = () =>
      JSON.stringify({
        events: Array.from({ length: BATCH }, (_, i) => ({
          id: crypto.randomUUID(),
          type: 'lesson.opened',
          courseId: release.courseId,
          courseVersion: release.version,
          lessonId: release.lessons[i % release.lessons.length],
          at: new Date().toISOString(),
        })),
      });

    const routes: Array<{ name: string; read: boolean; shot: Shot }> = [
      // Not Cascade's: the floor for any route that reads the database, one `SELECT 1` through libSQL.
      { name: 'floor: a bare route running SELECT 1 through libSQL', read: false, shot: { method: 'GET', path: '/bench/select-1', headers } },
      { name: 'lesson fetch', read: true, shot: { method: 'GET', path: `/api/courses/${release.courseId}/lessons/${release.lessons[0]}`, headers } },
      { name: 'course list (catalogue)', read: true, shot: { method: 'GET', path: '/api/catalogue', headers } },
      { name: 'own progress in a course', read: true, shot: { method: 'GET', path: `/api/progress?courseId=${release.courseId}`, headers } },
      { name: 'certificate verification', read: true, shot: { method: 'POST', path: '/api/verify', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' }, body: JSON.stringify({ credential: ready.credential }) } },
      { name: `outbox batch of ${BATCH} events`, read: false, shot: { method: 'POST', path: '/api/progress/events', headers, setupRequest: (r) => ({ ...r, body: events() }) } },
      {
        name: 'assessment answer save',
        read: false,
        shot: { method: 'PUT', path: `/api/attempts/${attempt.id}/answers/${question.id}`, headers, body: JSON.stringify({ answer: [question.options![0]!.id] }) },
      },
    ];
    const bare: Shot = { method: 'GET', path: '/bare', headers };
    const rows: BenchRow[] = [];
    for (const r of routes) {
      await load(origin, bare, 1);
      const b = await load(origin, bare, SECONDS);
      await load(origin, r.shot, 1);
      const m = await load(origin, r.shot, SECONDS);
      console.log(`${r.name}: ${fmt(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms; bare ${fmt(b.rps)} req/s, p99 ${b.p99} ms`);
      const figure = `${r.name}: ${r.shot.method} ${(r.shot.path ?? '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').replace(/\/answers\/[^/]+$/, '/answers/{qid}')}`;
      rows.push(
        row('API', `${figure}, requests/s`, (100 * m.rps) / b.rps, '% of bare', r.read ? { min: BUDGET.ratioPct } : null, `bare Hono JSON route: ${fmt(b.rps)} req/s`, `${fmt(m.rps)} req/s, p50 ${m.p50} ms`),
        row('API', `${r.name}, p99 latency`, m.p99, 'ms', r.read ? { max: BUDGET.p99Ms } : null, `bare: p99 ${b.p99} ms`),
      );
      if (r.name === 'certificate verification') rows.push(row('certificates', 'verifications/s through POST /api/verify', m.rps, '/s', null, 'the API row above'));
    }

    // The outbox sync: sustained, then every acknowledged event looked for in the database.
    // Batches still in flight when the run stops may be stored without an acknowledgement;
    // that is not loss (the phone sends them again, and the replay is accepted).
    const storedIds = async () => new Set(((await (await fetch(`${origin}/bench/progress-events`)).json()) as { ids: string[] }).ids);
    const before = await storedIds();
    const acknowledged: string[] = [];
    // Without accept-encoding here, so each reply can be read for what it acknowledged.
    const syncShot: Shot = { ...routes.find((r) => r.name.startsWith('outbox batch'))!.shot, headers: { cookie, origin, 'content-type': 'application/json' } };
    const sync = await load(origin, syncShot, SYNC_SECONDS, (body) => {
      acknowledged.push(...(JSON.parse(body) as { accepted: string[] }).accepted);
    });
    const after = await storedIds();
    const stored = after.size - before.size;
    const lost = acknowledged.filter((id) => !after.has(id)).length;
    console.log(`outbox sync: ${sync.requests} batches, ${acknowledged.length} events acknowledged, ${stored} rows stored, ${lost} acknowledged but missing`);
    rows.push(
      row('outbox sync', `progress events acknowledged per second, batches of ${BATCH}, ${SYNC_SECONDS} s, ${CONNECTIONS} connections`, acknowledged.length / SYNC_SECONDS, 'events/s', { min: BUDGET.eventsPerS }, '', `${fmt(sync.rps)} batches/s, p99 ${sync.p99} ms`),
      row('outbox sync', 'events acknowledged but not in the database', lost, 'events', { max: 0 }, `${acknowledged.length} acknowledged, ${stored} new rows`),
    );
    return rows;
  } finally {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  console.log(machine());
  console.log(markdown(await benchApi()));
}
