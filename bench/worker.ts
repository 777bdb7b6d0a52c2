/**
 * `npm run bench:worker`: the Workers bundles as `npm run build:worker` makes them, one a
 * database (gzip, measured as that script measures it), and their start-up two ways:
 * - as Cloudflare defines it (the budget's figure): the CPU workerd itself spends parsing the
 *   uploaded modules and evaluating the entry's global scope (bench/worker-startup.ts);
 * - wall clock through Miniflare, from `new Miniflare(...)` to the first reply, next to a trivial
 *   worker started the same way. This also counts Miniflare's own work for every module it is given
 *   (about 130 ms for the D1 bundle's 64 modules as text, which workerd does not even compile), so it
 *   is shown for comparison, not held to the budget.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { build } from 'esbuild';
import { WORKERD_BUNDLE, WORKER_TARGETS, workerModules, workerSize, zodTrimmed } from '../scripts/worker-size';
import { fmt, isMain, machine, markdown, row, type BenchRow } from './table';
import { globalScopeMs, workerdCpu } from './worker-startup';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 5;
/** workerd's own CPU is steadier than Miniflare's wall clock, and each start costs about 0.15 s. */
const CPU_RUNS = 15;
const BUDGET = { gzipKB: 250, startMs: 50 };
const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, 'wrangler.toml'), 'utf8'))?.[1] ?? '2026-04-20';
const TRIVIAL = "export default { fetch: () => Response.json({ ok: true }) };";
const FLOOR = "import { OpenAPIHono, z } from '@hono/zod-openapi'; export default new OpenAPIHono().get('/', (c) => c.json({ ok: z.string().parse('yes') }));";

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status}`);
}

/** Milliseconds from `new Miniflare` to the first reply, which must have the status expected. */
async function startOnce(options: MiniflareOptions, path: string, status = 200) {
  const started = performance.now();
  const mf = new Miniflare(options);
  try {
    const res = await mf.dispatchFetch(`http://localhost${path}`);
    const ms = performance.now() - started;
    const body = await res.text();
    if (res.status !== status) throw new Error(`${path}: ${res.status} ${body}`);
    return ms;
  } finally {
    await mf.dispose();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function benchWorker(): Promise<BenchRow[]> {
  // The bundle seals the releases into web/dist, so both builds must exist first.
  if (!existsSync(join(root, 'web/dist/index.html')) || !existsSync(join(root, 'dist/content-server/releases.json'))) run('npm', ['run', 'build']);
  run('npx', ['tsx', 'scripts/build-worker.ts']);
  const sizes = WORKER_TARGETS.map((t) => ({ ...t, size: workerSize(join(root, t.dir)) }));
  const size = sizes[0]!.size;
  const startup = [];
  for (const t of WORKER_TARGETS) {
    const dir = join(root, t.dir);
    startup.push({ ...t, cpu: await workerdCpu(dir, COMPATIBILITY_DATE, CPU_RUNS), scope: await globalScopeMs(dir, COMPATIBILITY_DATE, RUNS) });
  }

  // A D1 that persists between runs, migrated by a first start that is not counted: an
  // isolate starting in production finds its database migrated and only checks that it is.
  const persist = mkdtempSync(join(tmpdir(), 'cascade-bench-d1-'));
  try {
    // Every module given to workerd as wrangler uploads them (wrangler.toml's rules), not found by
    // Miniflare's own import scan, which parses each module in Node first: about 0.5 s of the
    // figure this bench used to report was that scan, not workerd.
    const dir = join(root, 'dist/worker');
    const cascade: MiniflareOptions = {
      modules: workerModules(dir).map((f) => ({ type: 'ESModule' as const, path: join(dir, f), contents: readFileSync(join(dir, f), 'utf8') })),
      modulesRoot: dir,
      compatibilityDate: COMPATIBILITY_DATE,
      d1Databases: ['DB'],
      d1Persist: persist,
    };
    // The floor for any worker on this stack: zod and @hono/zod-openapi evaluated, one validated route.
    const floorDir = mkdtempSync(join(tmpdir(), 'cascade-bench-floor-'));
    await build({
      stdin: { contents: FLOOR, resolveDir: root, loader: 'ts' },
      outfile: join(floorDir, 'floor.js'),
      ...WORKERD_BUNDLE,
      plugins: zodTrimmed,
      logLevel: 'error',
    });
    const floor: MiniflareOptions = {
      modules: [{ type: 'ESModule', path: join(floorDir, 'floor.js'), contents: readFileSync(join(floorDir, 'floor.js'), 'utf8') }],
      modulesRoot: floorDir,
      compatibilityDate: COMPATIBILITY_DATE,
    };
    // The same D1 binding on the trivial worker: Miniflare starts D1's own services for it, which is not Cascade's cost.
    const trivial: MiniflareOptions = { modules: true, script: TRIVIAL, compatibilityDate: COMPATIBILITY_DATE, d1Databases: ['DB'], d1Persist: join(persist, 'trivial') };
    const firstMs = await startOnce(cascade, '/api/health');
    // Without a database the entry answers 500 "misconfigured" before it checks the migrations:
    // what is left is loading and evaluating the entry (the app is loaded on demand).
    const { d1Databases: _d1, d1Persist: _p, ...unbound } = cascade;
    // Without a database the worker rightly logs its refusal on every start: not the bench's output.
    const noDb: MiniflareOptions = { ...unbound, handleRuntimeStdio: (out: Readable, err: Readable) => void (out.resume(), err.resume()) };
    const times = { cascade: [] as number[], trivial: [] as number[], noDb: [] as number[], group: [] as number[], floor: [] as number[] };
    // Alternated, so a burst of load elsewhere on the machine hits both alike.
    for (let i = 0; i < RUNS; i++) {
      times.trivial.push(await startOnce(trivial, '/'));
      times.cascade.push(await startOnce(cascade, '/api/health'));
      times.noDb.push(await startOnce(noDb, '/api/health', 500));
      // A learner's first request needs the app and its route group too (the entry no longer
      // carries the app): the catalogue's is the content group.
      times.group.push(await startOnce(cascade, '/api/catalogue'));
      times.floor.push(await startOnce(floor, '/'));
    }
    rmSync(floorDir, { recursive: true, force: true });
    const f = median(times.floor);
    const g = median(times.group);
    const n = median(times.noDb);
    const c = median(times.cascade);
    const t = median(times.trivial);
    for (const t of sizes) console.log(`${t.name}: ${t.size.summary}`);
    console.log(`start to first /api/health ${times.cascade.map((x) => x.toFixed(0)).join(', ')} ms; trivial ${times.trivial.map((x) => x.toFixed(0)).join(', ')} ms; first start on an empty D1 ${firstMs.toFixed(0)} ms`);
    return [
      ...sizes.map((t) =>
        row('worker', `bundle for ${t.name}, gzip (${t.dir}: every module it uploads, as one file)`, t.size.asOneKB, 'KB', { max: BUDGET.gzipKB }, `${fmt(t.size.total.kb)} KB minified in ${t.size.modules} modules; ${fmt(t.size.total.gzipKB)} KB gzipped one by one`),
      ),
      row('worker', 'of which the entry and the modules it imports statically (D1): evaluated at start-up, though workerd parses every module uploaded', size.entry.gzipKB, 'KB', null, `${fmt(size.entry.kb)} KB minified in ${size.entry.modules} modules; the app loads on its first request`),
      ...startup.flatMap((t) => {
        const kb = sizes.find((s) => s.name === t.name)!.size.total.kb;
        return [
          row(
            'worker',
            `start-up as Cloudflare defines it (${t.name}): CPU to parse every uploaded module and evaluate the entry’s global scope, in workerd alone (its CPU to the first reply, minus the same bytes uploaded as text)`,
            t.cpu.startup,
            'ms',
            { max: BUDGET.startMs },
            `workerd with the modules as text: ${fmt(t.cpu.text)} ms CPU; as deployed: ${fmt(t.cpu.evaluated)} ms`,
            `median of ${CPU_RUNS} rounds of the three; the entry evaluated as the main module is, its first request answered by a stub`,
          ),
          row('worker', `of which parsing all ${t.cpu.modules} modules (${fmt(kb)} KB), imported or not (${t.name}): uploaded as ES modules minus as text`, t.cpu.parsing, 'ms', null, '', `median of ${CPU_RUNS}`),
          row('worker', `of which the entry’s global scope (${t.name}): V8 CPU profile while a stub imports it, as wrangler check startup takes it`, t.scope.median, 'ms', null, `each profile: ${t.scope.all.map((ms) => fmt(ms)).join(', ')} ms`, `median of the profiles that sampled it; workerd samples every 0.2 ms at best`),
        ];
      }),
      row(
        'worker',
        'wall clock through Miniflare, not start-up as Cloudflare counts it (Miniflare’s own setup per module included): new Miniflare to first /api/health, minus a trivial worker',
        c - t,
        'ms',
        null,
        `trivial worker: ${t.toFixed(0)} ms; Cascade: ${c.toFixed(0)} ms; zod and OpenAPIHono alone: ${(f - t).toFixed(0)} ms above trivial`,
        `median of ${RUNS}, migrated D1`,
      ),
      row('worker', 'wall clock through Miniflare, floor: zod and @hono/zod-openapi alone, one validated route, minus a trivial worker', f - t, 'ms', null, `floor worker: ${f.toFixed(0)} ms`, `median of ${RUNS}`),
      row('worker', 'wall clock through Miniflare to a first /api/catalogue (the app, which the entry no longer carries, and its route group loaded too), minus a trivial worker', g - t, 'ms', null, `Cascade: ${g.toFixed(0)} ms`, `median of ${RUNS}`),
      row('worker', 'wall clock through Miniflare, no database bound (the entry loaded and evaluated, no query), minus a trivial worker', n - t, 'ms', null, `Cascade without DB: ${n.toFixed(0)} ms`, 'the rest is the first request: migrations checked, SELECT 1'),
      row('worker', 'wall clock through Miniflare, first start on an empty D1 (all migrations), minus a trivial worker', firstMs - t, 'ms', null, `trivial worker: ${t.toFixed(0)} ms`, 'once per database, not per isolate'),
    ];
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  console.log(machine());
  console.log(markdown(await benchWorker()));
}
