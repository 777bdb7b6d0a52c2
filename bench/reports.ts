/**
 * `npm run bench:reports`: the handover dashboard, the learner reports, a cohort board and the
 * trainer lineage on a programme at scale (100,000 learners, ~1M progress events, 2,000 cohorts),
 * on the Node entry's embedded database. Budget: 500 ms each. The baseline is a bare
 * `COUNT(*)` of users on the same database in the same run, so a slow machine shows as such.
 */
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { dbFromLibsql } from '../db/client';
import { migrate } from '../db/migrate';
import { lineage, trainerPage } from '../worker/cascade/lineage';
import { cohortBoard } from '../worker/cohorts/board';
import { handoverDashboard } from '../worker/reports/handover';
import { learnerReport } from '../worker/reports/learners';
import { SCALE_COURSES, seedScale } from './seed-scale';
import { isMain, row, type BenchRow } from './table';

const BUDGET_MS = 500;
const RUNS = 5;

const root = fileURLToPath(new URL('../', import.meta.url));

/** Seeds the programme, times each report and returns its rows for the bench table. */
export async function benchReports(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-reports-'));
  const now = new Date();
  const n = (x: number) => x.toLocaleString('en');

  const seeding = createClient({ url: `file:${dir}/bench.db` });
  await seeding.execute('PRAGMA journal_mode = WAL');
  await migrate(dbFromLibsql(seeding));
  let started = performance.now();
  const seed = await seedScale(dbFromLibsql(seeding), { now });
  const seedS = (performance.now() - started) / 1000;
  // Time on a fresh connection, as the app has: the seeding one ran with a large page cache and
  // stays measurably slower after. Half a gigabyte was written without fsync: flush it now, or
  // the kernel writes it back while the queries are being timed.
  await seeding.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  seeding.close();
  const fd = openSync(`${dir}/bench.db`, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  const client = createClient({ url: `file:${dir}/bench.db` });
  const db = dbFromLibsql(client);
  const c = seed.counts;
  console.log(`Seeded in ${seedS.toFixed(1)} s: ${n(c.users!)} users, ${n(c.cohorts!)} cohorts, ${n(c.cohort_members!)} cohort members, ` +
    `${n(c.progress_events!)} progress events, ${n(c.attempts!)} attempts, ${n(c.certificates!)} certificates, ${n(c.trainer_qualifications!)} qualifications`);

  // The largest scopes, a cohort of typical size and the busiest trainer: the cases to worry about.
  const byCountry = new Map<string, number>();
  for (const i of seed.institutions) byCountry.set(i.country, (byCountry.get(i.country) ?? 0) + i.cohorts);
  const country = [...byCountry].sort((a, b) => b[1] - a[1])[0]![0];
  const institution = [...seed.institutions].sort((a, b) => b.cohorts - a.cohorts)[0]!;
  const cohort = [...seed.cohorts].sort((a, b) => Math.abs(a.learners - 45) - Math.abs(b.learners - 45))[0]!;
  const trainer = [...seed.trainers].sort((a, b) => b.cohorts - a.cohorts)[0]!;
  const course = SCALE_COURSES[0].id;

  /** One query to time, and what it returns as rows a reader would see. */
  const bench = <T>(query: string, run: () => Promise<T>, rows: (result: T) => number, budgetMs: number | null = BUDGET_MS) => ({
    query,
    run,
    rows: (r: unknown) => rows(r as T),
    budgetMs,
  });
  const dashboardRows = (d: Awaited<ReturnType<typeof handoverDashboard>>) =>
    d.trainers.byGender.length + d.cohorts.length + d.handover.byPeriod.length + d.adoption.length;
  const cases = [
    bench('baseline: SELECT COUNT(*) FROM users', () => db.all(sql`SELECT COUNT(*) AS n FROM users`), (r) => r.length, null),
    bench('handoverDashboard, whole programme', () => handoverDashboard(db, {}), dashboardRows),
    bench(`handoverDashboard, country ${country}`, () => handoverDashboard(db, { country }), dashboardRows),
    bench(`handoverDashboard, institution (${institution.cohorts} cohorts)`, () => handoverDashboard(db, { institutionId: institution.id }), dashboardRows),
    bench('learnerReport by gender, whole programme', () => learnerReport(db, {}, 'gender'), (r) => r.rows.length),
    bench('learnerReport by institution, whole programme', () => learnerReport(db, {}, 'institution'), (r) => r.rows.length),
    bench('learnerReport by course, institution', () => learnerReport(db, { institutionId: institution.id }, 'course'), (r) => r.rows.length),
    bench(`cohortBoard (${cohort.learners} learners)`, () => cohortBoard(db, cohort.id, now), (r) => r.learners.length),
    bench(`lineage ${course}`, () => lineage(db, course), (r) => r.people.length),
    bench(`trainerPage (${trainer.cohorts} cohorts)`, () => trainerPage(db, trainer.id), (r) => r.cohorts.length),
  ];

  // One warm-up each (statement preparation, the OS page cache), then the runs in rounds, so a
  // burst of load elsewhere on the machine hits every query alike rather than one of them.
  const load = [os.loadavg()[0]!];
  const rows: number[] = [];
  for (const k of cases) rows.push(k.rows(await k.run()));
  const times: number[][] = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, { run }] of cases.entries()) {
      started = performance.now();
      await run();
      times[k]!.push(performance.now() - started);
    }
  }
  load.push(os.loadavg()[0]!);
  const results = cases.map((k, i) => {
    const sorted = [...times[i]!].sort((a, b) => a - b);
    return { query: k.query, medianMs: sorted[RUNS >> 1]!, maxMs: sorted[RUNS - 1]!, budgetMs: k.budgetMs, rows: rows[i]! };
  });

  console.log(`\nReports at scale, Node + embedded libSQL (1-minute load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${os.availableParallelism()} CPUs)\n`);
  console.log(`| query | median ms | p95/max ms | budget ms (${BUDGET_MS}) | rows |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    const over = r.budgetMs !== null && r.medianMs > r.budgetMs ? ' (over)' : '';
    console.log(`| ${r.query} | **${r.medianMs.toFixed(1)}**${over} | ${r.maxMs.toFixed(1)} | ${r.budgetMs ?? ''} | ${r.rows} |`);
  }
  console.log(`\nMedian of ${RUNS} runs after one warm-up; with ${RUNS} runs the p95 is the slowest. Rows: what the call returns (the dashboard: all its tables).`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/reports.json'), `${JSON.stringify({ at: now.toISOString(), seedS, counts: c, load, results }, null, 2)}\n`);
  client.close();
  rmSync(dir, { recursive: true, force: true });
  const base = results[0]!;
  return results.slice(1).map((r) =>
    row('reports at 100k learners', r.query, r.medianMs, 'ms', { max: BUDGET_MS }, `COUNT(*) of users: ${base.medianMs.toFixed(1)} ms`, `median of ${RUNS}, max ${r.maxMs.toFixed(0)} ms`),
  );
}

if (isMain(import.meta.url)) await benchReports();
