/**
 * `npm run bench`: every budget in DESIGN.md measured in one run, each beside the ceiling or
 * baseline it is compared with, printed as one table and written to bench/results/bench.json.
 * The parts run one after another, never together, so none of them loads the machine for
 * another; each also runs alone (`npm run bench:<part>`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchApi } from './api';
import { benchCertificates } from './certificates';
import { benchPageWeight } from './page-weight';
import { benchReports } from './reports';
import { machine, markdown, type BenchRow } from './table';
import { benchWorker } from './worker';

const root = fileURLToPath(new URL('../', import.meta.url));
const PARTS: Array<[string, () => Promise<BenchRow[]>]> = [
  // Page weight builds the web app and the course content that the later parts serve and bundle.
  ['page weight', benchPageWeight],
  ['worker', benchWorker],
  ['API and outbox sync', benchApi],
  ['certificates', benchCertificates],
  ['reports at scale', benchReports],
];

const started = new Date();
const before = machine();
const rows: BenchRow[] = [];
const failed: Array<{ part: string; error: string }> = [];
for (const [name, run] of PARTS) {
  const t = performance.now();
  console.log(`\n== ${name} ==`);
  try {
    rows.push(...(await run()));
  } catch (err) {
    // One broken part should not hide the others' figures; it still fails the run below.
    console.error(err);
    failed.push({ part: name, error: err instanceof Error ? err.message : String(err) });
  }
  console.log(`(${name}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
const after = machine();
const table = markdown(rows);
const missed = rows.filter((r) => r.met === false);
console.log(`\n# Cascade bench, ${started.toISOString()}\n`);
console.log(`${after.cpus} × ${after.cpuModel}, Node ${after.node}; 1/5/15-minute load average ${before.loadAverage.join(' / ')} before, ${after.loadAverage.join(' / ')} after\n`);
console.log(table);
console.log(`\n${rows.filter((r) => r.met).length} met, ${missed.length} missed${failed.length ? `, ${failed.length} part(s) failed: ${failed.map((f) => f.part).join(', ')}` : ''}.`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/bench.json'),
  `${JSON.stringify({ at: started.toISOString(), seconds: Math.round((Date.now() - started.getTime()) / 1000), machine: { ...after, loadAverageBefore: before.loadAverage }, rows, failed }, null, 2)}\n`,
);
if (failed.length) process.exitCode = 1;
