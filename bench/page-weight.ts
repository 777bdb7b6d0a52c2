/**
 * `npm run bench:page-weight`: what a learner's phone downloads and waits for.
 * Drives Debian's Chromium through the DevTools protocol with network throttling,
 * for the first lesson on a cold cache and the next lesson on a warm one, and prints
 * bytes by type and time to readable text next to the budgets in DESIGN.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildContent } from '../scripts/courses/build-cli';
import { startNodeServer } from '../worker/node';
import { floorSeconds } from './floor';
import { fmt, isMain, row, type BenchRow } from './table';

const COURSE = 'victim-centred';
/** What the learner's eye waits for: the lesson's text in the reader. */
const READABLE = '[data-lesson-body] p';

const LINKS = [
  { name: '2G/3G: 400 kbit/s, 400 ms RTT', kbps: 400, rtt: 400 },
  { name: '3G: 1.6 Mbit/s, 150 ms RTT', kbps: 1600, rtt: 150 },
];

const BUDGET = { coldKB: 60, warmKB: 8, readableS: 3, criticalKB: 14, shellJsKB: 25, offlineCourseKB: 1024 };

type Kind = 'document' | 'script' | 'stylesheet' | 'data' | 'image' | 'other';
const kindOf = (type: string, url: string): Kind => {
  if (type === 'Document') return 'document';
  if (type === 'Script') return 'script';
  if (type === 'Stylesheet') return 'stylesheet';
  if (type === 'Image') return 'image';
  if (type === 'Fetch' || type === 'XHR' || url.endsWith('.json')) return 'data';
  return 'other';
};

/** Counts bytes on the wire (compressed, with headers) per kind, and requests. */
async function meter(cdp: CDPSession) {
  const types = new Map<string, Kind>();
  const bytes: Record<Kind, number> = { document: 0, script: 0, stylesheet: 0, data: 0, image: 0, other: 0 };
  let requests = 0;
  let apiRequests = 0;
  cdp.on('Network.responseReceived', (e) => {
    types.set(e.requestId, kindOf(e.type, e.response.url));
    if (new URL(e.response.url).pathname.startsWith('/api/')) apiRequests++;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const kind = types.get(e.requestId) ?? 'other';
    bytes[kind] += e.encodedDataLength;
    requests++;
  });
  return {
    take() {
      const snapshot = { ...bytes, requests, apiRequests, total: Object.values(bytes).reduce((a, b) => a + b, 0) };
      for (const k of Object.keys(bytes) as Kind[]) bytes[k] = 0;
      requests = 0;
      apiRequests = 0;
      return snapshot;
    },
  };
}

async function readableAfter(page: Page, go: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await go();
  await page.waitForSelector(READABLE, { state: 'visible', timeout: 60_000 });
  return (Date.now() - started) / 1000;
}

/** What /sw.js precaches, as sent compressed (the .gz copy where the build made one). */
function precacheBytes(dist: string) {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const files = (JSON.parse(/\{"version":"[^"]+","files":(\[[^\]]*\])/.exec(sw)?.[1] ?? '[]') as string[]).map((f) =>
    f === '/' ? '/index.html' : f,
  );
  let bytes = 0;
  for (const f of files) {
    const path = join(dist, f);
    bytes += existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : existsSync(path) ? statSync(path).size : 0;
  }
  return { files: files.length, bytes };
}

/** Builds the web app and content, drives Chromium over both links and returns the rows for the bench table. */
export async function benchPageWeight(): Promise<BenchRow[]> {
  const root = fileURLToPath(new URL('../', import.meta.url));
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' });
  buildContent();
  const dataDir = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  const port = 8900 + Math.floor(Math.random() * 90);
  const server = await startNodeServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'true', WEB_DIST: join(root, 'web/dist') });
  const origin = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const course = (await (await fetch(`${origin}/api/courses/${COURSE}`)).json()) as { lessons: Array<{ id: string }> };
  const [first, second] = course.lessons;
  const rows: Array<Record<string, unknown>> = [];
  try {
    for (const link of LINKS) {
      // A fresh context is a cold cache. The service worker is blocked here so that every
      // byte the page needs is counted on the page's own network; what the worker fetches
      // in the background for offline use is counted separately below.
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const m = await meter(cdp);
      // Sign in first, unthrottled, so the measured visit is a returning learner on a cold cache.
      const demo = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8');
      const password = /^ {4}learner\s+learner\s+(\S+)/m.exec(demo)?.[1] ?? '';
      const login = await context.request.post(`${origin}/api/auth/login`, { data: { username: 'learner', password }, headers: { origin } });
      if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
      m.take();
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: link.rtt,
        downloadThroughput: (link.kbps * 1000) / 8,
        uploadThroughput: (link.kbps * 1000) / 8,
      });
      const coldS = await readableAfter(page, () => page.goto(`${origin}/courses/${COURSE}/lessons/${first!.id}`));
      await page.waitForLoadState('networkidle');
      const cold = m.take();
      const warmS = await readableAfter(page, async () => {
        // Wait for the next lesson's text, not the text already on screen.
        await page.evaluate(`document.querySelector('[data-lesson-body]')?.remove()`);
        await page.click(`a[rel="next"][href="/courses/${COURSE}/lessons/${second!.id}"]`);
      });
      await page.waitForLoadState('networkidle');
      const warm = m.take();
      rows.push({ link: link.name, coldS, warmS, cold, warm });
      await context.close();
    }
  } finally {
    await browser.close();
    server.listener.close();
    server.client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(`\nPage weight: course "${COURSE}", first lesson cold, next lesson warm (bytes on the wire, compressed)\n`);
  console.log('| link | view | document | JS | CSS | data | images | other | total KB | budget KB | requests (API) | readable s | budget s |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    for (const [view, b, s, budget] of [
      ['first lesson, cold', r.cold, r.coldS, BUDGET.coldKB],
      ['next lesson, warm', r.warm, r.warmS, BUDGET.warmKB],
    ] as const) {
      const x = b as Record<string, number>;
      console.log(
        `| ${r.link} | ${view} | ${kb(x.document!)} | ${kb(x.script!)} | ${kb(x.stylesheet!)} | ${kb(x.data!)} | ${kb(x.image!)} | ${kb(x.other!)} | **${kb(x.total!)}** | ${budget} | ${x.requests} (${x.apiRequests}) | **${(s as number).toFixed(2)}** | ${BUDGET.readableS} |`,
      );
    }
  }
  const precache = precacheBytes(join(root, 'web/dist'));
  console.log(
    `\nAfter the first visit the service worker fetches the rest of the app shell for offline use in the background: ${precache.files} files, ${kb(precache.bytes)} KB compressed (not needed to read the lesson).`,
  );
  console.log('\nFor scale: Moodle ships ~461 KB of compressed JS on first load, Open edX ~1.35 MB, the median mobile page 2.3 MB.');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/page-weight.json'), `${JSON.stringify(rows, null, 2)}\n`);

  type Bytes = Record<string, number>;
  const slow = rows[0]! as { coldS: number; warmS: number; cold: Bytes; warm: Bytes };
  const fast = rows[1]! as { coldS: number; warmS: number; cold: Bytes; warm: Bytes };
  const K = (n: number) => n / 1024;
  // The first lesson's three dependent steps: the HTML, what it names, then the lesson data.
  // Two dependent steps: the HTML, then what it names, the lesson's API data included (preloaded
  // with the HTML's Link header, so it no longer waits for the scripts to run).
  const floor = (link: (typeof LINKS)[number], b: Bytes) => floorSeconds([b.document!, b.script! + b.stylesheet! + b.image! + b.other! + b.data!], link.kbps, link.rtt);
  const pack = largestOfflinePack(join(root, 'web/dist/content/index.json'));
  const shell = shellScripts(join(root, 'web/dist'));
  return [
    row('page weight', 'first lesson, cold cache, everything transferred (compressed, with headers)', K(slow.cold.total!), 'KB', { max: BUDGET.coldKB }, 'Moodle ~461 KB of JS alone; Open edX ~1.35 MB; median mobile page 2.3 MB', `${slow.cold.requests} requests`),
    row('page weight', 'critical HTML + CSS of the first lesson', K(slow.cold.document! + slow.cold.stylesheet!), 'KB', { max: BUDGET.criticalKB }, 'one TCP round trip carries ~14 KB', `HTML ${fmt(K(slow.cold.document!))} KB, CSS ${fmt(K(slow.cold.stylesheet!))} KB`),
    row('page weight', `learner shell JavaScript, gzip (${shell.files.join(', ')})`, K(shell.gzipBytes), 'KB', { max: BUDGET.shellJsKB }, 'Wikipedia start-up JS 28 KB; Moodle ~461 KB'),
    row('page weight', 'all JavaScript for the first lesson (shell and lesson route), on the wire', K(slow.cold.script!), 'KB', null, 'Moodle ~461 KB; Open edX ~1.35 MB'),
    row('page weight', 'next lesson, warm cache', K(slow.warm.total!), 'KB', { max: BUDGET.warmKB }, '', `${slow.warm.requests} requests`),
    row('page weight', 'next lesson, warm cache: requests to /api', slow.warm.apiRequests!, 'requests', { max: 1 }, '', `${slow.warm.requests} requests in all; the lesson file itself comes from /content/`),
    row('page weight', `first lesson readable, cold, ${LINKS[0]!.name}`, slow.coldS, 's', { max: BUDGET.readableS }, `physical floor for these bytes: ${fmt(floor(LINKS[0]!, slow.cold))} s`),
    row('page weight', `first lesson readable, cold, ${LINKS[1]!.name}`, fast.coldS, 's', null, `physical floor for these bytes: ${fmt(floor(LINKS[1]!, fast.cold))} s`),
    row('page weight', `next lesson readable, warm, ${LINKS[0]!.name}`, slow.warmS, 's', null, `one round trip: ${fmt(LINKS[0]!.rtt / 1000)} s`),
    row('page weight', 'app shell precached in the background after the first visit', K(precache.bytes), 'KB', null, '', `${precache.files} files, not needed to read the lesson`),
    row('page weight', `whole course for offline, largest (${pack.course}, ${pack.locale})`, K(pack.gzipBytes), 'KB', { max: BUDGET.offlineCourseKB }, '', 'gzip, as the offline download sends it'),
  ];
}

/**
 * The shell: the entry script in index.html and Vite's own preloads of its static imports.
 * The build adds the lesson route's chunks as preloads too, marked `crossorigin=""`; those
 * are the lesson's, not the shell's.
 */
function shellScripts(dist: string) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script type="module" crossorigin src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)"/g)].map((m) => m[1]!);
  const files = [...entry, ...preloads];
  const gzipBytes = files.reduce((n, f) => {
    const path = join(dist, f);
    return n + (existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : gzipSync(readFileSync(path)).length);
  }, 0);
  return { files: files.map((f) => f.replace(/^\/assets\//, '')), gzipBytes };
}

/** The largest offline pack of any course and language, as the catalogue announces it. */
function largestOfflinePack(indexFile: string) {
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { courses: Array<{ id: string; locales: Record<string, { pack: { gzipBytes: number } }> }> };
  const packs = index.courses.flatMap((c) => Object.entries(c.locales).map(([locale, l]) => ({ course: c.id, locale, gzipBytes: l.pack.gzipBytes })));
  return packs.sort((a, b) => b.gzipBytes - a.gzipBytes)[0]!;
}

if (isMain(import.meta.url)) await benchPageWeight();
