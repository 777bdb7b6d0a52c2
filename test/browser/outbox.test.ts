import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';

/**
 * The outbox and its sync, as the real modules in real Chromium (IndexedDB, fetch), against a
 * scripted server: page.route answers POST /api/progress/events the way each test needs.
 * The page's origin is plain http on a made-up host, like an academy box on a LAN: not a
 * secure context, so the UUID fallback is exercised too.
 */
const ORIGIN = 'http://cascade.test';
let browser: Browser;
let harness = '';
let page: Page;
let close: () => Promise<void>;

type Reply = (ids: string[]) => { status: number; body?: unknown } | 'network';
let reply: Reply;
let batches: string[][];

beforeAll(async () => {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL('./harness/outbox-entry.js', import.meta.url)), formats: ['es'], fileName: 'harness' },
    },
  })) as Rolldown.RolldownOutput[];
  harness = out[0]!.output[0].code;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  const context = await browser.newContext();
  page = await context.newPage();
  close = () => context.close();
  batches = [];
  reply = (ids) => ({ status: 200, body: { accepted: ids, rejected: [] } });
  await context.route(`${ORIGIN}/**`, async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script type="module" src="/harness.js"></script>' });
    if (url.pathname === '/harness.js') return route.fulfill({ contentType: 'text/javascript', body: harness });
    if (url.pathname === '/api/progress/events') {
      const ids = (route.request().postDataJSON() as { events: Array<{ id: string }> }).events.map((e) => e.id);
      batches.push(ids);
      const r = reply(ids);
      if (r === 'network') return route.abort('internetdisconnected');
      return route.fulfill({ status: r.status, contentType: 'application/json', body: JSON.stringify(r.body ?? {}) });
    }
    return route.fulfill({ status: 404 });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction('globalThis.outbox');
});
afterEach(async () => {
  await close();
});

/** Runs `body` in the page with `outbox` (the modules) and `db` (the user's database) in scope. */
function inPage<T>(body: string, user = 'u1'): Promise<T> {
  return page.evaluate<T>(`(async () => {
    const db = await outbox.openUserDb(${JSON.stringify(user)});
    const event = (n, extra = {}) => ({ id: outbox.newId(), type: 'lesson.opened', courseId: 'c', courseVersion: '1.0.0', lessonId: 'l' + n, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), ...extra });
    const fill = async (n) => { const ids = []; for (let i = 0; i < n; i++) { const e = event(i); ids.push(e.id); await outbox.recordEvent(db, e); } return ids; };
    const sync = (options = {}) => outbox.createSync({ db, post: outbox.postBatch, baseDelayMs: 20, maxDelayMs: 80, ...options });
    try { ${body} } finally { db.close(); }
  })()`);
}

describe('outbox', () => {
  test('an event and its effect on progress are written together, and survive a reload', async () => {
    await inPage(`
      await outbox.recordEvent(db, event(1));
      await outbox.recordEvent(db, event(2, { type: 'lesson.completed', lessonId: 'l1' }));
      await outbox.recordEvent(db, event(3, { type: 'check.answered', lessonId: 'l1', checkId: 'q1', answer: ['b'], correct: true }));
    `);
    await page.reload();
    await page.waitForFunction('globalThis.outbox');
    const after = await inPage<{ count: number; lessons: unknown; checks: unknown }>(`
      return { count: await outbox.countEvents(db), lessons: await outbox.lessonStates(db, 'c'), checks: await outbox.checkStates(db, 'c', 'l1') };
    `);
    expect(after.count).toBe(3);
    expect(after.lessons).toEqual([
      { courseId: 'c', lessonId: 'l1', openedAt: '2026-01-01T00:00:01.000Z', completedAt: '2026-01-01T00:00:02.000Z' },
    ]);
    expect(after.checks).toEqual([{ courseId: 'c', lessonId: 'l1', checkId: 'q1', answer: ['b'], correct: true, at: '2026-01-01T00:00:03.000Z' }]);
  });

  test('ids are version 4 UUIDs even where crypto.randomUUID is missing (plain http)', async () => {
    const ids = await page.evaluate<string[]>(`(() => { const r = []; for (let i = 0; i < 50; i++) r.push(outbox.newId()); return r; })()`);
    expect(await page.evaluate('typeof crypto.randomUUID')).toBe('undefined');
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(50);
  });

  test('each person has their own database', async () => {
    await inPage(`await fill(2);`, 'amina');
    await inPage(`await fill(5);`, 'ravi');
    expect(await inPage<number>(`return outbox.countEvents(db);`, 'amina')).toBe(2);
    expect(await inPage<number>(`return outbox.countEvents(db);`, 'ravi')).toBe(5);
  });
});

describe('sync', () => {
  test('drains in batches of 50, oldest first, and empties the outbox', async () => {
    const result = await inPage<{ ids: string[]; left: number; state: string; pending: number }>(`
      const ids = await fill(120);
      const s = sync();
      await s.run();
      return { ids, left: await outbox.countEvents(db), state: s.state(), pending: s.pending() };
    `);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(result.ids);
    expect(result).toMatchObject({ left: 0, state: 'idle', pending: 0 });
  });

  test('resumes where a cut-off sync stopped: only what the server accepted is removed', async () => {
    let calls = 0;
    // The first answer accepts half the batch (the rest "lost" in transit), then the link drops once.
    reply = (ids) => {
      calls += 1;
      if (calls === 1) return { status: 200, body: { accepted: ids.slice(0, 5), rejected: [] } };
      if (calls === 2) return 'network';
      return { status: 200, body: { accepted: ids, rejected: [] } };
    };
    const result = await inPage<{ ids: string[]; left: number; state: string }>(`
      const ids = await fill(10);
      // A backoff long enough that the retry cannot overtake the count below on a busy machine.
      const s = sync({ baseDelayMs: 1000, maxDelayMs: 1000 });
      await s.run();
      const afterCut = await outbox.countEvents(db);
      const stateAfterCut = s.state();
      // Backoff retries on its own; wait for it to finish.
      for (let i = 0; i < 500 && ((await outbox.countEvents(db)) > 0 || s.state() !== 'idle'); i++) await new Promise((r) => setTimeout(r, 20));
      return { ids, left: await outbox.countEvents(db), afterCut, stateAfterCut, state: s.state() };
    `);
    expect(result).toMatchObject({ left: 0, afterCut: 5, stateAfterCut: 'offline', state: 'idle' });
    expect(batches[0]).toEqual(result.ids);
    // The second and third requests carried only the five not yet accepted.
    expect(batches.slice(1)).toEqual([result.ids.slice(5), result.ids.slice(5)]);
  });

  test('refused events are dropped for good and kept as notes; never sent again', async () => {
    reply = (ids) => ({ status: 200, body: { accepted: ids.slice(1), rejected: [{ id: ids[0], code: 'unknown_lesson', message: 'No such lesson.' }] } });
    const result = await inPage<{ left: number; refused: Array<{ id: string; code: string; event?: { lessonId: string } }>; count: number }>(`
      await fill(3);
      const s = sync();
      await s.run();
      await s.run();
      return { left: await outbox.countEvents(db), refused: await outbox.rejections(db), count: s.rejectedCount() };
    `);
    expect(batches).toHaveLength(1);
    expect(result.left).toBe(0);
    expect(result.count).toBe(1);
    expect(result.refused).toMatchObject([{ code: 'unknown_lesson', event: { lessonId: 'l0' } }]);
  });

  test('with no connection it backs off, doubling the wait up to a ceiling, and succeeds when the link returns', async () => {
    let failures = 3;
    reply = (ids) => (failures-- > 0 ? 'network' : { status: 200, body: { accepted: ids, rejected: [] } });
    const result = await inPage<{ states: string[]; left: number; elapsed: number }>(`
      await fill(2);
      const s = sync({ baseDelayMs: 100, maxDelayMs: 400 });
      const states = [];
      const started = performance.now();
      await s.run();
      states.push(s.state());
      // The outbox empties a moment before the state settles: wait for both.
      while (((await outbox.countEvents(db)) > 0 || s.state() === 'syncing') && performance.now() - started < 10000) await new Promise((r) => setTimeout(r, 10));
      states.push(s.state());
      return { states, left: await outbox.countEvents(db), elapsed: performance.now() - started };
    `);
    expect(batches).toHaveLength(4);
    expect(result.states).toEqual(['offline', 'idle']);
    expect(result.left).toBe(0);
    // Waits of 50–100, 100–200 and 200–400 ms (full jitter in the upper half of each ceiling).
    expect(result.elapsed).toBeGreaterThanOrEqual(350);
    expect(result.elapsed).toBeLessThan(4_000);
  });

  test('a 401 stops syncing and keeps every event for the next sign-in', async () => {
    reply = () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in to continue.' } } });
    const result = await inPage<{ state: string; left: number }>(`
      await fill(3);
      const s = sync();
      await s.run();
      await new Promise((r) => setTimeout(r, 200));
      return { state: s.state(), left: await outbox.countEvents(db) };
    `);
    expect(result).toEqual({ state: 'signed-out', left: 3 });
    expect(batches).toHaveLength(1);
  });

  test('a server error is retried, not dropped', async () => {
    let calls = 0;
    reply = (ids) => (++calls === 1 ? { status: 500, body: {} } : { status: 200, body: { accepted: ids, rejected: [] } });
    const result = await inPage<{ first: string; left: number }>(`
      await fill(2);
      const s = sync();
      await s.run();
      const first = s.state();
      for (let i = 0; i < 100 && (await outbox.countEvents(db)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      return { first, left: await outbox.countEvents(db) };
    `);
    expect(result).toEqual({ first: 'error', left: 0 });
  });

  test('an event recorded while a batch is in flight goes in the next pass', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    // Hold the first answer until the page has recorded a new event.
    await page.context().route(`${ORIGIN}/api/progress/events`, async (route) => {
      const ids = (route.request().postDataJSON() as { events: Array<{ id: string }> }).events.map((e) => e.id);
      batches.push(ids);
      if (++calls === 1) await held;
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ accepted: ids, rejected: [] }) });
    });
    const running = inPage<{ left: number }>(`
      await fill(2);
      const s = sync();
      const run = s.run();
      await new Promise((r) => setTimeout(r, 50));
      await outbox.recordEvent(db, event(9));
      s.run();
      window.__recorded = true;
      await run;
      return { left: await outbox.countEvents(db) };
    `);
    await page.waitForFunction('window.__recorded === true');
    release();
    expect(await running).toEqual({ left: 0 });
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
  });

  test('progress from another device merges in: the earliest open and completion win', async () => {
    const lessons = await inPage<unknown>(`
      await outbox.recordEvent(db, event(5, { lessonId: 'l1' }));
      await outbox.mergeServerProgress(db, {
        courseId: 'c',
        lessons: [
          { lessonId: 'l1', openedAt: '2026-01-01T00:00:09.000Z', completedAt: '2026-01-01T00:00:10.000Z' },
          { lessonId: 'l2', openedAt: '2026-01-01T00:00:01.000Z' },
        ],
        checks: [{ lessonId: 'l1', checkId: 'q1', correct: true, at: '2026-01-01T00:00:11.000Z' }],
      });
      return { lessons: await outbox.lessonStates(db, 'c'), checks: await outbox.checkStates(db, 'c', 'l1') };
    `);
    expect(lessons).toEqual({
      lessons: [
        { courseId: 'c', lessonId: 'l1', openedAt: '2026-01-01T00:00:05.000Z', completedAt: '2026-01-01T00:00:10.000Z' },
        { courseId: 'c', lessonId: 'l2', openedAt: '2026-01-01T00:00:01.000Z' },
      ],
      checks: [{ courseId: 'c', lessonId: 'l1', checkId: 'q1', correct: true, at: '2026-01-01T00:00:11.000Z' }],
    });
  });
});
