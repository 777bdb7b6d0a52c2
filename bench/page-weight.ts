/**
 * `npm run bench:page-weight`: what a learner's phone downloads and waits for.
 * Drives Debian's Chromium through the DevTools protocol with network throttling,
 * for the first lesson on a cold cache and the next lesson on a warm one, and prints
 * bytes by type and time to readable text next to the budgets in DESIGN.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildContent } from '../scripts/courses/build-cli';
import { startNodeServer } from '../worker/node';

const COURSE = 'victim-centred';
/** What the learner's eye waits for: the lesson's text in the reader. */
const READABLE = '[data-lesson-body] p';

const LINKS = [
  { name: '2G/3G: 400 kbit/s, 400 ms RTT', kbps: 400, rtt: 400 },
  { name: '3G: 1.6 Mbit/s, 150 ms RTT', kbps: 1600, rtt: 150 },
];

const BUDGET = { coldKB: 60, warmKB: 8, readableS: 3 };

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

async function main() {
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
}

await main();
