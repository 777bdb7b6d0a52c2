/**
 * `npm run bench:load`: hundreds of learners at once against the real Node entry
 * (worker/node.ts, its own process, embedded libSQL file), for a minute: reading lessons,
 * taking assessments and syncing outbox batches, each with a think time between requests.
 * Prints requests, errors and p50/p99 per kind, then opens the database and checks that
 * what the learners were told was stored is what is stored. Not part of `npm run bench`: it
 * takes a minute and more, and asks nothing of a budget but zero errors.
 *
 * Reading p99: once the server is saturated, Node keeps serving requests on connections it has
 * open and leaves new ones in the listen backlog until the load eases (a bare node:http server
 * does the same). So a learner who opens a new connection then can wait tens of seconds, and
 * the "Slowest" line shows it. That is the offered load exceeding one core, not a lost request.
 *
 *   npm run bench:load -- --users 300 --seconds 60 --think 1000
 *   (or LOAD_USERS, LOAD_SECONDS, LOAD_THINK_MS)
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { dbFromLibsql } from '../db/client';
import { migrate } from '../db/migrate';
import { seedDemo } from '../db/seed-demo';
import { cohortMembers, cohorts, memberships, users } from '../db/schema';
import { buildContent } from '../scripts/courses/build-cli';
import { hashPassword } from '../worker/lib/password';
import type { CourseRelease } from '../worker/content/types';
import { fmt, machine } from './table';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: args } = parseArgs({ options: { users: { type: 'string' }, seconds: { type: 'string' }, think: { type: 'string' } } });
const USERS = Number(args.users ?? process.env.LOAD_USERS ?? 300);
const SECONDS = Number(args.seconds ?? process.env.LOAD_SECONDS ?? 60);
/** Mean pause between one learner's requests, in ms: a person reading, not a script. */
const THINK_MS = Number(args.think ?? process.env.LOAD_THINK_MS ?? 1000);
/** Sign-ins at once while the learners arrive; all come from 127.0.0.1, one address. */
const SIGN_IN_AT_ONCE = 16;
const PASSWORD = 'a shared bench passphrase';

type Kind = 'sign in' | 'lesson' | 'course outline' | 'own progress' | 'outbox batch' | 'outbox replay' | 'attempt start' | 'answer save' | 'attempt submit' | 'submit replay';
const stats = new Map<Kind, { ms: number[]; errors: number }>();
const errorSamples: string[] = [];

const slowest: Array<{ kind: Kind; at: number; ms: number }> = [];
const t0 = performance.now();

function note(kind: Kind, ms: number, error?: string) {
  const s = stats.get(kind) ?? { ms: [], errors: 0 };
  stats.set(kind, s);
  s.ms.push(ms);
  slowest.push({ kind, at: (performance.now() - ms - t0) / 1000, ms });
  if (slowest.length > 200) slowest.sort((a, b) => b.ms - a.ms).splice(20);
  if (error) {
    s.errors++;
    if (errorSamples.length < 10) errorSamples.push(`${kind}: ${error}`);
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The demo academy and USERS learners in its cohort, written before the server starts, sharing one password hash. */
async function prepare(dataDir: string) {
  const client = createClient({ url: `file:${dataDir}/cascade.db` });
  const db = dbFromLibsql(client);
  await migrate(db);
  const now = new Date();
  await seedDemo(db, now);
  const [cohort] = await db.select().from(cohorts);
  const hash = await hashPassword(PASSWORD);
  const names = Array.from({ length: USERS }, (_, i) => `load.learner.${i}`);
  for (let i = 0; i < names.length; i += 50) {
    const part = names.slice(i, i + 50).map((username) => ({ id: crypto.randomUUID(), username }));
    await db.batch([
      db.insert(users).values(part.map((u) => ({ ...u, displayName: u.username, passwordHash: hash, createdAt: now, updatedAt: now }))),
      db.insert(memberships).values(part.map((u) => ({ userId: u.id, institutionId: cohort!.institutionId, role: 'learner' as const, createdAt: now }))),
      db.insert(cohortMembers).values(part.map((u) => ({ cohortId: cohort!.id, userId: u.id, role: 'learner' as const, joinedAt: now }))),
    ]);
  }
  client.close();
  return names;
}

async function startServer(dataDir: string, port: number) {
  // Its own copy of the built courses: a rebuild of web/dist during the run must not pull files from under it.
  cpSync(join(root, 'web/dist/content'), join(dataDir, 'web/content'), { recursive: true });
  cpSync(join(root, 'dist/content-server/releases.json'), join(dataDir, 'releases.json'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false', WEB_DIST: join(dataDir, 'web'), RELEASES_FILE: join(dataDir, 'releases.json') };
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'worker/node.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill());
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker/node.ts exited with ${code}`)));
    lines.on('line', (line) => line.startsWith('Cascade is running') && resolve());
  });
  return child;
}

class Learner {
  cookie = '';
  /** Every event id sent in a batch the server acknowledged, and the last batch, to replay. */
  readonly acknowledged = new Set<string>();
  lastBatch: unknown[] = [];
  readonly attempts: Array<{ id: string; courseId: string; answered: Set<string>; submitId?: string; result?: string }> = [];
  private course = 0;
  private open: { id: string; courseId: string; questions: Array<{ id: string; answer: unknown }>; answered: Set<string> } | undefined;

  constructor(
    readonly username: string,
    private readonly origin: string,
    private readonly releases: CourseRelease[],
  ) {}

  async call(kind: Kind, method: string, path: string, body?: unknown): Promise<any> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.origin}${path}`, {
        method,
        headers: { origin: this.origin, ...(this.cookie ? { cookie: this.cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) this.cookie = setCookie.split(';')[0]!;
      if (!res.ok) {
        note(kind, performance.now() - started, `${res.status} ${text.slice(0, 200)}`);
        return undefined;
      }
      note(kind, performance.now() - started);
      return text ? JSON.parse(text) : null;
    } catch (err) {
      note(kind, performance.now() - started, String(err));
      return undefined;
    }
  }

  signIn = () => this.call('sign in', 'POST', '/api/auth/login', { username: this.username, password: PASSWORD });

  private release() {
    return this.releases[this.course % this.releases.length]!;
  }

  async step() {
    const r = Math.random();
    // Someone sitting an assessment mostly answers it; otherwise they read, sync, now and then start one.
    if (this.open && r < 0.8) return this.assess();
    const release = this.release();
    const lesson = release.lessons[Math.floor(Math.random() * release.lessons.length)]!;
    if (r < 0.45) return this.call('lesson', 'GET', `/api/courses/${release.courseId}/lessons/${lesson}`);
    if (r < 0.5) return this.call('course outline', 'GET', `/api/courses/${release.courseId}`);
    if (r < 0.55) return this.call('own progress', 'GET', `/api/progress?courseId=${release.courseId}`);
    if (r < 0.85) return this.sync(release);
    return this.assess();
  }

  private async sync(release: CourseRelease) {
    if (this.lastBatch.length && Math.random() < 0.15) {
      // A phone that lost the reply sends the same batch again.
      const body = await this.call('outbox replay', 'POST', '/api/progress/events', { events: this.lastBatch });
      if (body) this.check('outbox replay', body, this.lastBatch);
      return;
    }
    const events = Array.from({ length: 1 + Math.floor(Math.random() * 30) }, () => ({
      id: crypto.randomUUID(),
      type: Math.random() < 0.5 ? 'lesson.opened' : 'lesson.completed',
      courseId: release.courseId,
      courseVersion: release.version,
      lessonId: release.lessons[Math.floor(Math.random() * release.lessons.length)]!,
      at: new Date().toISOString(),
    }));
    const body = await this.call('outbox batch', 'POST', '/api/progress/events', { events });
    if (!body) return;
    this.check('outbox batch', body, events);
    this.lastBatch = events;
  }

  private check(kind: Kind, body: { accepted: string[]; rejected: unknown[] }, events: Array<{ id: string } | unknown>) {
    const ids = (events as Array<{ id: string }>).map((e) => e.id);
    if (body.rejected.length || body.accepted.length !== ids.length) note(kind, 0, `accepted ${body.accepted.length} of ${ids.length}: ${JSON.stringify(body.rejected).slice(0, 200)}`);
    for (const id of body.accepted) this.acknowledged.add(id);
  }

  /** One step of an assessment: start (or resume), save the next answer, or submit, then the next course. */
  private async assess() {
    if (this.course >= this.releases.length) return this.call('own progress', 'GET', `/api/progress?courseId=${this.release().courseId}`);
    if (!this.open) {
      const courseId = this.release().courseId;
      const body = await this.call('attempt start', 'POST', '/api/attempts', { courseId });
      if (!body) return;
      const known = this.attempts.find((a) => a.id === body.id);
      const answered = known?.answered ?? new Set<string>();
      if (!known) this.attempts.push({ id: body.id, courseId, answered });
      this.open = { id: body.id, courseId, questions: answerable(body.questions), answered };
      return;
    }
    const next = this.open.questions.find((q) => !this.open!.answered.has(q.id));
    if (next) {
      const ok = await this.call('answer save', 'PUT', `/api/attempts/${this.open.id}/answers/${next.id}`, { answer: next.answer });
      if (ok !== undefined) this.open.answered.add(next.id);
      return;
    }
    const attempt = this.attempts.find((a) => a.id === this.open!.id)!;
    attempt.submitId ??= crypto.randomUUID();
    const body = await this.call('attempt submit', 'POST', `/api/attempts/${attempt.id}/submit`, { submitId: attempt.submitId });
    if (!body) return;
    attempt.result = JSON.stringify(body.result);
    if (Math.random() < 0.3) {
      // The reply was lost: the same submit again must give the same result.
      const again = await this.call('submit replay', 'POST', `/api/attempts/${attempt.id}/submit`, { submitId: attempt.submitId });
      if (again && JSON.stringify(again.result) !== attempt.result) note('submit replay', 0, `a different result: ${JSON.stringify(again.result)}`);
    }
    this.open = undefined;
    this.course++;
  }
}

/** A valid answer to every answerable question of an attempt view, case parts included. */
function answerable(questions: Array<Record<string, any>>): Array<{ id: string; answer: unknown }> {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  return questions.flatMap((q): Array<{ id: string; answer: unknown }> => {
    switch (q.type) {
      case 'single':
      case 'true-false':
      case 'multiple':
        return [{ id: q.id, answer: [pick(q.options as Array<{ id: string }>).id] }];
      case 'ordering':
        return [{ id: q.id, answer: (q.items as Array<{ id: string }>).map((i) => i.id).sort(() => Math.random() - 0.5) }];
      case 'matching':
        return [{ id: q.id, answer: Object.fromEntries((q.left as Array<{ id: string }>).map((l) => [l.id, pick(q.right as Array<{ id: string }>).id])) }];
      case 'short-answer':
        return [{ id: q.id, answer: 'Freeze the accounts first, then interview the victim with support present.' }];
      case 'case':
        return answerable(q.questions);
      default:
        return [];
    }
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function checkDatabase(dataDir: string, learners: Learner[]) {
  const client = createClient({ url: `file:${dataDir}/cascade.db` });
  const q = async <T>(sql: string) => (await client.execute(sql)).rows as unknown as T[];
  const problems: string[] = [];
  const sent = new Set(learners.flatMap((l) => [...l.acknowledged]));
  const [events] = await q<{ n: number; ids: number }>(
    "SELECT count(*) AS n, count(DISTINCT e.id) AS ids FROM progress_events e JOIN users u ON u.id = e.user_id WHERE u.username LIKE 'load.learner.%'",
  );
  const stored = new Set((await q<{ id: string }>('SELECT id FROM progress_events')).map((r) => r.id));
  const missing = [...sent].filter((id) => !stored.has(id)).length;
  if (Number(events!.n) !== sent.size) problems.push(`progress: ${sent.size} distinct events acknowledged, ${events!.n} rows stored`);
  if (Number(events!.n) !== Number(events!.ids)) problems.push(`progress: ${events!.n} rows for ${events!.ids} ids`);
  if (missing) problems.push(`progress: ${missing} acknowledged events not stored`);

  const attemptRows = await q<{ id: string; username: string; course_id: string; status: string; submit_id: string | null; points: number | null; max_points: number | null; answers: number }>(
    "SELECT a.id, u.username, a.course_id, a.status, a.submit_id, a.points, a.max_points, (SELECT count(*) FROM attempt_answers x WHERE x.attempt_id = a.id) AS answers FROM attempts a JOIN users u ON u.id = a.user_id WHERE u.username LIKE 'load.learner.%'",
  );
  const byId = new Map(attemptRows.map((r) => [r.id, r]));
  const started = learners.flatMap((l) => l.attempts.map((a) => ({ ...a, username: l.username })));
  if (attemptRows.length !== started.length) problems.push(`attempts: ${started.length} started, ${attemptRows.length} stored`);
  for (const a of started) {
    const row = byId.get(a.id);
    if (!row || row.username !== a.username || row.course_id !== a.courseId) problems.push(`attempt ${a.id}: not stored as started`);
    else if (Number(row.answers) !== a.answered.size) problems.push(`attempt ${a.id}: ${a.answered.size} answers saved, ${row.answers} stored`);
    else if (a.result !== undefined && (row.status === 'open' || row.submit_id !== a.submitId)) problems.push(`attempt ${a.id}: submitted, stored ${row.status}`);
    else if (a.result === undefined && row.status !== 'open') problems.push(`attempt ${a.id}: never submitted, stored ${row.status}`);
    else if (row.points !== null && Number(row.points) > Number(row.max_points)) problems.push(`attempt ${a.id}: ${row.points} of ${row.max_points} points`);
  }
  const [twoOpen] = await q<{ n: number }>("SELECT count(*) AS n FROM (SELECT user_id, course_id FROM attempts WHERE status = 'open' GROUP BY 1, 2 HAVING count(*) > 1)");
  if (Number(twoOpen!.n)) problems.push(`attempts: ${twoOpen!.n} learner-courses with two open attempts`);

  // The triggers' summary row per learner and course, against the rows it summarises.
  const [drift] = await q<{ n: number }>(`
    SELECT count(*) AS n FROM learner_course_status s JOIN users u ON u.id = s.user_id
    WHERE u.username LIKE 'load.learner.%' AND (
      s.lessons_completed != (SELECT count(DISTINCT lesson_id) FROM progress_events e WHERE e.user_id = s.user_id AND e.course_id = s.course_id AND e.type = 'lesson.completed')
      OR s.attempted != EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = s.user_id AND a.course_id = s.course_id AND a.purpose = 'certification' AND a.status != 'open')
      OR s.passed != EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = s.user_id AND a.course_id = s.course_id AND a.purpose = 'certification' AND a.passed = 1))`);
  if (Number(drift!.n)) problems.push(`learner_course_status: ${drift!.n} rows disagree with the events and attempts`);
  const [absent] = await q<{ n: number }>(`
    SELECT count(*) AS n FROM (SELECT DISTINCT user_id, course_id FROM progress_events WHERE type = 'lesson.completed') e
    WHERE NOT EXISTS (SELECT 1 FROM learner_course_status s WHERE s.user_id = e.user_id AND s.course_id = e.course_id)`);
  if (Number(absent!.n)) problems.push(`learner_course_status: ${absent!.n} learner-courses with completed lessons have no row`);
  client.close();
  return { problems, events: sent.size, attempts: started.length, submitted: started.filter((a) => a.result !== undefined).length };
}

async function main() {
  if (!existsSync(join(root, 'web/dist/content/index.json')) || !existsSync(join(root, 'dist/content-server/releases.json'))) buildContent();
  const releases = JSON.parse(readFileSync(join(root, 'dist/content-server/releases.json'), 'utf8')) as CourseRelease[];
  const dataDir = mkdtempSync(join(tmpdir(), 'cascade-bench-load-'));
  console.log(machine());
  console.log(`${USERS} learners, ${SECONDS} s, think time about ${THINK_MS} ms, the Node entry on an embedded libSQL file`);
  const names = await prepare(dataDir);
  const port = await freePort();
  const child = await startServer(dataDir, port);
  try {
    const origin = `http://127.0.0.1:${port}`;
    const learners = names.map((n, i) => new Learner(n, origin, [...releases.slice(i % releases.length), ...releases.slice(0, i % releases.length)]));

    // A class arriving: each learner signs in (a few at a time: one address, and PBKDF2 is
    // meant to be slow), then studies until the run ends. The run starts with the first sign-in.
    const started = performance.now();
    const ends = started + SECONDS * 1000;
    let signingIn = 0;
    const waiting: Array<() => void> = [];
    const pause = () => new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
    let arrived = 0;
    await Promise.all(learners.map(async (l) => {
      if (signingIn >= SIGN_IN_AT_ONCE) await new Promise<void>((r) => waiting.push(r));
      signingIn++;
      await l.signIn();
      signingIn--;
      waiting.shift()?.();
      arrived = performance.now() - started;
      while (performance.now() < ends) {
        await pause();
        await l.step();
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    const kinds = [...stats.entries()];
    const total = kinds.filter(([k]) => k !== 'sign in').reduce((n, [, s]) => n + s.ms.length, 0);
    const lines = ['| kind | requests | errors | p50 ms | p99 ms |', '| --- | ---: | ---: | ---: | ---: |'];
    for (const [kind, s] of kinds) {
      const sorted = [...s.ms].sort((a, b) => a - b);
      lines.push(`| ${kind} | ${s.ms.length} | ${s.errors} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 99))} |`);
    }
    console.log(`\n${learners.length} learners signed in over the first ${fmt(arrived / 1000)} s (${SIGN_IN_AT_ONCE} at a time); ${total} other requests in ${fmt(elapsed)} s: ${fmt(total / elapsed)} requests/s\n`);
    console.log(lines.join('\n'));
    const worst = slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(`\nSlowest: ${worst.map((w) => `${w.kind} sent at ${fmt(w.at)} s took ${fmt(w.ms)} ms`).join('; ')}`);
    const errors = kinds.reduce((n, [, s]) => n + s.errors, 0);
    if (errorSamples.length) console.log(`\nFirst errors:\n  ${errorSamples.join('\n  ')}`);

    const db = await checkDatabase(dataDir, learners);
    console.log(`\nDatabase: ${db.events} distinct progress events acknowledged, ${db.attempts} attempts started, ${db.submitted} submitted; ${db.problems.length ? `PROBLEMS:\n  ${db.problems.slice(0, 20).join('\n  ')}` : 'all stored exactly once, answers and summaries consistent.'}`);
    if (errors || db.problems.length) process.exitCode = 1;
  } finally {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
