/**
 * Start-up as Cloudflare defines it (its start-up limit; DESIGN.md's ≤ 50 ms): the CPU an isolate
 * spends parsing the Worker's modules and evaluating its global scope. Measured on workerd itself,
 * the binary Miniflare runs, started on its own so that none of Miniflare's work is counted.
 *
 * workerd compiles every uploaded ES module when it loads the Worker, imported or not (an
 * unimported module with a syntax error stops it from starting), so parsing is measured on all of
 * them: the same bytes uploaded as ES modules and as text, which workerd reads but never compiles.
 * The global scope is timed as `wrangler check startup` times it, from a V8 CPU profile taken while
 * a stub imports the entry. Linux only: CPU time is read from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch, Miniflare } from 'miniflare';
import { workerModules } from '../scripts/worker-size';

const require = createRequire(import.meta.url);
/** The workerd binary Miniflare itself runs (a dependency of Miniflare's). */
const WORKERD = (createRequire(require.resolve('miniflare'))('workerd') as { default: string }).default;
const IDLE = 'export default { fetch: () => new Response("idle") };';
// The entry evaluated when the Worker loads, as Cloudflare does with a main module, but the first
// request answered by the stub: what that costs in Cascade is not start-up.
const EVALUATE = `import "./index.js";\n${IDLE}`;

/** How the bundle's modules are given to workerd. */
type Upload = 'text' | 'parsed' | 'evaluated';

function config(modules: string[], upload: Upload, socket: string, compatibilityDate: string) {
  const entry = (f: string) => `(name = "${f}", ${upload === 'text' ? 'text' : 'esModule'} = embed "bundle/${f}")`;
  const main = `(name = "__main.js", esModule = embed "${upload === 'evaluated' ? 'evaluate.js' : 'idle.js'}")`;
  const list = [main, ...modules.map(entry)];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "unix:${socket}", http = (), service = "main")],
);
const worker :Workerd.Worker = (modules = [${list.join(', ')}], compatibilityDate = "${compatibilityDate}");`;
}

/** CPU time (ms) of every thread of a process so far. */
function cpuMs(pid: number) {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e6;
}

const reply = (socket: string) =>
  new Promise<void>((resolve, reject) => {
    request({ socketPath: socket, path: '/' }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
  });

/** workerd's CPU time from its start to its first reply. */
async function workerdOnce(dir: string, capnp: string, socket: string) {
  const child = spawn(WORKERD, ['serve', capnp], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    for (let tries = 0; ; tries++) {
      try {
        await reply(socket);
        return cpuMs(child.pid!);
      } catch {
        if (child.exitCode !== null || tries > 5000) throw new Error(`workerd did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  } finally {
    child.kill('SIGKILL');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * workerd's CPU (ms) with the bundle's modules given each way, the three started one after the
 * other `runs` times: the differences are taken within each round, where the machine's load is
 * most alike, and their medians returned.
 */
export async function workerdCpu(bundleDir: string, compatibilityDate: string, runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-workerd-'));
  try {
    symlinkSync(bundleDir, join(dir, 'bundle'));
    writeFileSync(join(dir, 'idle.js'), IDLE);
    writeFileSync(join(dir, 'evaluate.js'), EVALUATE);
    const modules = workerModules(bundleDir);
    const uploads: Upload[] = ['text', 'parsed', 'evaluated'];
    for (const upload of uploads) writeFileSync(join(dir, `${upload}.capnp`), config(modules, upload, join(dir, `${upload}.sock`), compatibilityDate));
    const rounds: Record<Upload, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const round = {} as Record<Upload, number>;
      for (const upload of uploads) {
        rmSync(join(dir, `${upload}.sock`), { force: true });
        round[upload] = await workerdOnce(dir, join(dir, `${upload}.capnp`), join(dir, `${upload}.sock`));
      }
      rounds.push(round);
    }
    return {
      /** Start-up: parsing every module and evaluating the entry. */
      startup: median(rounds.map((r) => r.evaluated - r.text)),
      parsing: median(rounds.map((r) => r.parsed - r.text)),
      text: median(rounds.map((r) => r.text)),
      evaluated: median(rounds.map((r) => r.evaluated)),
      modules: modules.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of samples not idle; each sample lasts until the next (as DevTools counts). */
function activeMs(profile: CpuProfile) {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return profile.samples.reduce((ms, id, i) => ms + (idle.has(id) ? 0 : (profile.timeDeltas[i + 1] ?? 0) / 1000), 0);
}

/**
 * The entry's global scope, profiled as `wrangler check startup` does: a stub imports the entry on
 * its first request while V8's profiler runs (sampling every 100 µs; workerd samples less often).
 */
async function profileOnce(bundleDir: string, compatibilityDate: string) {
  const stub = `export default { async fetch() { await import("./index.js"); return new Response("ok"); } };`;
  const mf = new Miniflare({
    name: 'startup',
    compatibilityDate,
    modulesRoot: bundleDir,
    modules: [
      { type: 'ESModule', path: join(bundleDir, '__startup.js'), contents: stub },
      ...workerModules(bundleDir).map((f) => ({ type: 'ESModule' as const, path: join(bundleDir, f), contents: readFileSync(join(bundleDir, f), 'utf8') })),
    ],
    inspectorPort: 0,
  });
  try {
    await mf.ready;
    const inspector = new URL('/core:user:startup', await mf.getInspectorURL());
    inspector.protocol = 'http:';
    const ws = (await fetch(inspector, { headers: { Upgrade: 'websocket' } })).webSocket;
    if (!ws) throw new Error('workerd’s inspector did not accept a WebSocket');
    ws.accept();
    const waiting = new Map<number, (result: unknown) => void>();
    ws.addEventListener('message', (e) => {
      const { id, result } = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
      if (id !== undefined) waiting.get(id)?.(result);
    });
    let next = 0;
    const send = (method: string, params = {}) =>
      new Promise<unknown>((resolve) => {
        waiting.set(++next, resolve);
        ws.send(JSON.stringify({ id: next, method, params }));
      });
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 100 });
    await send('Profiler.start');
    await (await mf.dispatchFetch('http://localhost/')).text();
    const { profile } = (await send('Profiler.stop')) as { profile: CpuProfile };
    ws.close();
    return activeMs(profile);
  } finally {
    await mf.dispose();
  }
}

/**
 * The entry's global-scope CPU (ms), median of `runs` profiles. workerd's sampler sometimes takes
 * no sample while the entry is evaluated: such a profile measured nothing and is left out.
 */
export async function globalScopeMs(bundleDir: string, compatibilityDate: string, runs: number) {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push(await profileOnce(bundleDir, compatibilityDate));
  const sampled = all.filter((ms) => ms > 0);
  return { median: sampled.length ? median(sampled) : 0, all };
}
