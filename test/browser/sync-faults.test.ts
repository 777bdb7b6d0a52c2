import fc from 'fast-check';
import type { APIResponse, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, startStack } from './browser';
import { joinAsNewLearner, outboxIds } from './learner';

/**
 * The outboxes and the API under a faulty network: the real web app in Chromium, the real Node
 * server and its database, and between them playwright's request interception, which drops,
 * duplicates, delays, reorders and cuts off the outboxes' POSTs. Whatever the wire did, every
 * event ends up on the server exactly once (read from the database), and the page agrees: its
 * outbox is empty, nothing shows as waiting, and the progress it shows is the server's.
 */

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const COURSE = 'victim-centred';
const LESSON = 'identification';
const RIGHT = 'Her consent is irrelevant because deception and coercion were used.';
const WRONG = 'It is trafficking only if she was moved across the border by force.';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise the test resolves by hand. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** What the wire does to one request. */
type Fault =
  | { kind: 'pass' }
  /** Lost on the way: the server never sees it; the browser sees the connection fail. */
  | { kind: 'drop' }
  /** Arrives twice at once (a retransmitting proxy); the browser gets the first answer. */
  | { kind: 'duplicate' }
  /** Answered; a stray copy reaches the server again `ms` later, after newer requests. */
  | { kind: 'echo'; ms: number }
  /** Held `ms` before it goes on, so later requests overtake it. */
  | { kind: 'delay'; ms: number }
  /** Held until the test lets it go. */
  | { kind: 'hold'; until: Promise<void> }
  /** The server handles it, then the connection is reset before the answer reaches the browser. */
  | { kind: 'reset' }
  /** The server handles it; the browser gets a 200 whose body stops half-way. */
  | { kind: 'truncate' }
  /** The server handles it; the answer never comes (a link that stalls while a phone changes towers). */
  | { kind: 'stall' }
  /** The browser gives up on it at once, but it reaches the server `ms` later, after newer ones. */
  | { kind: 'stale'; ms: number };

interface Sent {
  /** Which outbox: progress events, or community posts. */
  to: 'events' | 'posts';
  from: Page | null;
  /** The event ids of the batch, or the post's client id. */
  ids: string[];
  fault: Fault['kind'];
}

/**
 * Sits between the page and the server for the outboxes' POSTs, doing to the n-th request what
 * `plan(n)` says. Other requests go through untouched. Records what the browser sent and what
 * reached the server, in the order each happened.
 */
class Wire {
  readonly sent: Sent[] = [];
  /** The index in `sent` of each copy that reached the server, in order of arrival. */
  readonly arrived: number[] = [];
  readonly errors: string[] = [];
  /** Requests made while the link was down, failed as such (not in `sent`). */
  refusedOffline = 0;
  /**
   * The link is down. Chromium's offline emulation does not stop a request that interception
   * answers itself, so the wire fails new ones as the link would.
   */
  offline = false;
  private readonly late = new Set<Promise<void>>();

  constructor(private readonly plan: (n: number, to: Sent['to'], ids: string[], from: Page | null) => Fault) {}

  async attach(context: BrowserContext): Promise<void> {
    await context.route('**/api/progress/events', (route) => this.handle(route, 'events'));
    await context.route(/\/api\/spaces\/[^/]+\/posts$/, (route) => this.handle(route, 'posts'));
  }

  /** Waits for the copies still on their way (stale and echoed requests). */
  async settled(): Promise<void> {
    while (this.late.size) await Promise.all([...this.late]);
  }

  count(to: Sent['to'], kind?: Fault['kind']): number {
    return this.sent.filter((s) => s.to === to && (!kind || s.fault === kind)).length;
  }

  private async handle(route: Route, to: Sent['to']): Promise<void> {
    const request = route.request();
    if (request.method() !== 'POST') return route.fallback();
    if (this.offline) {
      this.refusedOffline += 1;
      return route.abort('internetdisconnected');
    }
    const body = request.postDataJSON() as { events?: Array<{ id: string }>; clientId?: string };
    const ids = body.events ? body.events.map((e) => e.id) : [String(body.clientId)];
    const n = this.sent.length;
    // Which tab sent it (a service worker's request has no frame).
    let from: Page | null = null;
    try {
      from = request.frame().page();
    } catch {
      from = null;
    }
    const fault = this.plan(this.sent.filter((s) => s.to === to).length, to, ids, from);
    this.sent.push({ to, from, ids, fault: fault.kind });
    const deliver = async (): Promise<APIResponse> => {
      const response = await route.fetch();
      this.arrived.push(n);
      return response;
    };
    const later = (ms: number) => {
      const copy: Promise<void> = sleep(ms)
        .then(deliver)
        .then(
          (r) => void (r.status() >= 500 && this.errors.push(`late copy of request ${n}: ${r.status()}`)),
          (e: unknown) => void this.errors.push(`late copy of request ${n}: ${String(e)}`),
        )
        .finally(() => this.late.delete(copy));
      this.late.add(copy);
    };
    try {
      switch (fault.kind) {
        case 'pass':
          return await route.fulfill({ response: await deliver() });
        case 'drop':
          return await route.abort('internetdisconnected');
        case 'duplicate': {
          const [first] = await Promise.all([deliver(), deliver()]);
          return await route.fulfill({ response: first });
        }
        case 'echo':
          await route.fulfill({ response: await deliver() });
          return later(fault.ms);
        case 'delay':
          await sleep(fault.ms);
          return await route.fulfill({ response: await deliver() });
        case 'hold':
          await fault.until;
          return await route.fulfill({ response: await deliver() });
        case 'reset':
          await deliver();
          return await route.abort('connectionreset');
        case 'truncate': {
          const response = await deliver();
          const text = await response.text();
          return await route.fulfill({ status: response.status(), contentType: 'application/json', body: text.slice(0, Math.floor(text.length / 2)) });
        }
        case 'stale':
          await route.abort('timedout');
          return later(fault.ms);
        case 'stall':
          // Never answered: the request stays open until the page gives up on it.
          await deliver();
          return;
      }
    } catch (e) {
      this.errors.push(`request ${n} (${fault.kind}): ${String(e)}`);
    }
  }
}

interface Learner {
  page: Page;
  wire: Wire;
  /** Whether the test moves the pages' clock. */
  clock: boolean;
  context: BrowserContext;
  userId: string;
  problems: string[];
  close: () => Promise<void>;
}

let learners = 0;
/** A new learner, joined through the join screen, with the wire between their pages and the server. */
async function learner(wire: Wire, options: { clock?: boolean } = {}): Promise<Learner> {
  const opened = await openPage(stack.browser, stack.origin);
  opened.page.setDefaultTimeout(15_000);
  // A clock the test can move on (it runs at the normal pace until then).
  if (options.clock) await opened.page.context().clock.install();
  const userId = await joinAsNewLearner(opened.page, stack.demo.joinCode, `faults.${++learners}`, `Faulty Link ${learners}`);
  await wire.attach(opened.page.context());
  return { ...opened, wire, context: opened.page.context(), userId, clock: Boolean(options.clock) };
}

/** Takes the learner's link down or brings it back, for every tab (the `offline` and `online` events included). */
async function offline(l: Learner, down: boolean): Promise<void> {
  l.wire.offline = down;
  await l.context.setOffline(down);
}

/** Another tab of the same learner: same cookies, same IndexedDB, its own sync. */
async function secondTab(l: Learner, path: string): Promise<Page> {
  const page = await l.context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => l.problems.push(`page error: ${error.message}`));
  await page.goto(path);
  await page.locator('#sync-status').waitFor();
  // The learner goes on in the first tab; a background tab's animation frames, which clicks wait for, are throttled.
  await l.page.bringToFront();
  return page;
}

const lessonUrl = `/courses/${COURSE}/lessons/${LESSON}`;

async function openLesson(page: Page): Promise<void> {
  await page.goto(lessonUrl);
  await page.locator('form.check').first().waitFor();
}

/** Answers the lesson's first check `n` times, switching between right and wrong every few answers; one event each. */
async function answer(page: Page, n: number, start = 0): Promise<void> {
  const form = page.locator('form.check').first();
  const submit = form.getByRole('button', { name: 'Check my answer' });
  for (let i = start; i < start + n; i++) {
    if (i === start || i % 7 === 0) {
      await form.getByLabel(Math.floor(i / 7) % 2 ? WRONG : RIGHT, { exact: true }).check();
      await submit.click();
    } else {
      // The button keeps the focus: Enter answers again, as a keyboard user would.
      await submit.press('Enter');
    }
  }
  await form.locator('.feedback').waitFor();
}

async function markComplete(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Mark this lesson complete' }).click();
  await page.getByText(/^You completed this lesson on /).waitFor();
}

const syncStatus = async (page: Page) => {
  const status = page.locator('#sync-status');
  return { pending: await status.getAttribute('data-pending'), state: await status.getAttribute('data-state'), text: await status.textContent() };
};

const SAVED = { pending: '0', state: 'idle', text: 'All changes saved' };

/**
 * Waits until every tab says all is saved. With `flap`, the link drops and returns every few
 * seconds meanwhile, as a 2G link does: the `online` event is one of the outbox's triggers, and
 * without it a post that failed waits 30 s for its next try. A learner with a clock also has half
 * a minute pass at each flap, so a stalled request is given up.
 */
async function waitSaved(l: Learner, tabs: Page[], options: { flap?: boolean } = {}): Promise<void> {
  const started = Date.now();
  let flapped = Date.now();
  for (;;) {
    const states = await Promise.all(tabs.map(syncStatus));
    if (states.every((s) => s.pending === '0' && s.state === 'idle' && s.text === SAVED.text)) return;
    if (Date.now() - started > 30_000) {
      expect(states, 'every tab settles within 30 s').toEqual(tabs.map(() => SAVED));
    }
    if (options.flap && Date.now() - flapped > 2_500) {
      await offline(l, true);
      await sleep(50);
      await offline(l, false);
      if (l.clock) await l.context.clock.fastForward('00:31');
      flapped = Date.now();
    }
    await sleep(200);
  }
}

interface Row {
  id: string;
  type: string;
  lesson_id: string;
}

/** What the server's database holds for the learner. */
async function serverEvents(userId: string): Promise<Row[]> {
  const result = await stack.client.execute({ sql: 'SELECT id, type, lesson_id FROM progress_events WHERE user_id = ? ORDER BY id', args: [userId] });
  return result.rows as unknown as Row[];
}

/** The learner's own IndexedDB: what waits, what was refused, and the local progress. */
function localState(page: Page, userId: string) {
  return page.evaluate<{ outbox: number; rejected: number; lessons: unknown[]; checks: unknown[] }>(`new Promise((resolve, reject) => {
    const open = indexedDB.open(${JSON.stringify(`cascade-user-${userId}`)});
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['outbox', 'rejected', 'lessons', 'checks']);
      const out = {};
      const get = (key, request) => (request.onsuccess = () => (out[key] = request.result));
      get('outbox', tx.objectStore('outbox').count());
      get('rejected', tx.objectStore('rejected').count());
      get('lessons', tx.objectStore('lessons').getAll());
      get('checks', tx.objectStore('checks').getAll());
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  })`);
}

/** GET /api/progress from inside the page, with its session. */
function serverProgress(page: Page) {
  return page.evaluate<{ lessons: unknown[]; checks: unknown[] }>(
    `fetch('/api/progress?courseId=${COURSE}', { credentials: 'same-origin' }).then((r) => r.json())`,
  );
}

/** The status of each lesson as the course screen shows it. */
async function courseScreen(page: Page): Promise<{ summary: string; lessons: Record<string, string> }> {
  await page.goto(`/courses/${COURSE}`);
  await page.locator('#course-progress').waitFor();
  const lessons: Record<string, string> = {};
  for (const item of await page.locator('ol.lessons > li').all()) {
    const id = (await item.locator('a').first().getAttribute('href'))!.split('/').pop()!;
    const tag = (await item.locator('.tag').allTextContents()).join('');
    lessons[id] = tag.startsWith('Completed on') ? 'completed' : tag === 'Started' ? 'started' : 'none';
  }
  return { summary: (await page.locator('#course-progress').textContent()) ?? '', lessons };
}

/** How many distinct events the phone holds or the server has (the outbox first: an event only moves from it to the server). */
async function recorded(l: Learner): Promise<number> {
  const waiting = await outboxIds(l.page, l.userId);
  const stored = (await serverEvents(l.userId)).map((r) => r.id);
  return new Set([...waiting, ...stored]).size;
}

interface Expected {
  /** Check answers given. */
  answers: number;
  /** Lessons opened and completed. */
  opened: string[];
  completed: string[];
}

/**
 * The end state after any schedule of faults: every tab says all is saved; the outbox is empty and
 * nothing was refused; the server holds each event the page sent exactly once and nothing else,
 * one per thing the learner did; the page's progress and the course screen are the server's.
 * Returns how many events were checked.
 */
async function expectConverged(l: Learner, wire: Wire, tabs: Page[], expected: Expected, options: { flap?: boolean } = {}): Promise<number> {
  const total = expected.answers + expected.opened.length + expected.completed.length;
  // A click returns before its event is written: wait until every one is on the phone or on the server.
  await expect.poll(() => recorded(l), { timeout: 10_000 }).toBe(total);
  await waitSaved(l, tabs, options);
  await wire.settled();
  expect(wire.errors).toEqual([]);
  for (const tab of tabs) expect(await outboxIds(tab, l.userId)).toEqual([]);

  const rows = await serverEvents(l.userId);
  const sentIds = new Set(wire.sent.filter((s) => s.to === 'events').flatMap((s) => s.ids));
  expect(rows.map((r) => r.id)).toEqual([...sentIds].sort());
  const byType = (type: string) => rows.filter((r) => r.type === type);
  expect(byType('check.answered')).toHaveLength(expected.answers);
  expect(byType('lesson.opened').map((r) => r.lesson_id).sort()).toEqual([...expected.opened].sort());
  expect(byType('lesson.completed').map((r) => r.lesson_id).sort()).toEqual([...expected.completed].sort());
  expect(rows).toHaveLength(total);

  // The reports' per-learner row, kept by triggers, counted each completion once too.
  const status = await stack.client.execute({ sql: 'SELECT lessons_completed FROM learner_course_status WHERE user_id = ? AND course_id = ?', args: [l.userId, COURSE] });
  expect(Number(status.rows[0]?.[0] ?? 0)).toBe(expected.completed.length);

  // The page's own progress is exactly what the server says (each check's latest answer included).
  const local = await localState(l.page, l.userId);
  const server = await serverProgress(l.page);
  expect(local).toMatchObject({ outbox: 0, rejected: 0 });
  const strip = (x: unknown[]) => (x as Array<Record<string, unknown>>).map(({ courseId: _c, answer: _a, ...rest }) => rest);
  expect(strip(local.lessons)).toEqual(server.lessons);
  expect(strip(local.checks)).toEqual(server.checks);

  // And the course screen shows it.
  const screen = await courseScreen(l.page);
  expect(screen.summary).toBe(`Completed: ${expected.completed.length} of 5`);
  for (const [lesson, shown] of Object.entries(screen.lessons)) {
    const want = expected.completed.includes(lesson) ? 'completed' : expected.opened.includes(lesson) ? 'started' : 'none';
    expect(shown, lesson).toBe(want);
  }
  expect(await syncStatus(l.page)).toEqual(SAVED);
  expect(l.problems).toEqual([]);
  return rows.length;
}

/** POSTs of an outbox that reached the server since `from` (copies and replays included). */
const serverHits = (path: RegExp, from: number) => stack.requests.slice(from).filter((r) => path.test(r)).length;
const EVENTS = /^POST \/api\/progress\/events$/;
const POSTS = /^POST \/api\/spaces\/[^/]+\/posts$/;

let checked = 0;

describe('progress outbox under a faulty network', () => {
  test('dropped requests never reach the server, the page shows what waits, and the retries carry the same events', async () => {
    const release = gate();
    let drainDropped = false;
    // The first three requests are lost; the fourth is held so the page can be looked at; later the
    // second batch of a drain is lost too.
    const wire = new Wire((n, _to, ids) => {
      if (n < 3) return { kind: 'drop' };
      if (n === 3) return { kind: 'hold', until: release.opened };
      if (ids.length === 5 && !drainDropped) return (drainDropped = true), { kind: 'drop' };
      return { kind: 'pass' };
    });
    const l = await learner(wire);
    const served = stack.requests.length;
    try {
      await openLesson(l.page);
      await answer(l.page, 3);
      await expect.poll(() => wire.count('events'), { timeout: 10_000 }).toBe(4);
      // Nothing was settled by the lost requests: the page counts all four events as waiting.
      await expect.poll(() => outboxIds(l.page, l.userId)).toHaveLength(4);
      expect(await outboxIds(l.page, l.userId)).toEqual(expect.arrayContaining(wire.sent[3]!.ids));
      await expect.poll(() => syncStatus(l.page)).toEqual({ pending: '4', state: 'syncing', text: 'Syncing. Changes waiting: 4' });
      expect(serverHits(EVENTS, served)).toBe(0);
      release.open();
      await waitSaved(l, [l.page]);

      // A drain of two batches loses its second: only that batch goes again.
      await offline(l, true);
      await answer(l.page, 55, 3);
      await offline(l, false);
      await waitSaved(l, [l.page]);
      const drain = wire.sent.slice(wire.sent.findIndex((s) => s.ids.length === 50));
      expect(drain.map((s) => [s.ids.length, s.fault])).toEqual([
        [50, 'pass'],
        [5, 'drop'],
        [5, 'pass'],
      ]);
      expect(drain[2]!.ids).toEqual(drain[1]!.ids);
      // The server saw every request but the four lost ones.
      expect(serverHits(EVENTS, served)).toBe(wire.count('events') - 4);
      checked += await expectConverged(l, wire, [l.page], { answers: 58, opened: [LESSON], completed: [] });
    } finally {
      await l.close();
    }
  });

  test('requests that reach the server twice, at once or long after, store each event once', async () => {
    // Every request arrives twice: both copies at once, or a stray copy after the next requests.
    const wire = new Wire((n) => (n % 2 ? { kind: 'echo', ms: 300 } : { kind: 'duplicate' }));
    const l = await learner(wire);
    const served = stack.requests.length;
    try {
      await openLesson(l.page);
      await answer(l.page, 2);
      await offline(l, true);
      await answer(l.page, 60, 2);
      await markComplete(l.page);
      // What waits: the 61 written offline, and whatever of the first three had not gone yet.
      const queued = (await outboxIds(l.page, l.userId)).length;
      expect(queued).toBeGreaterThanOrEqual(61);
      await offline(l, false);
      await waitSaved(l, [l.page]);
      await wire.settled();
      // Batches of 50, oldest first; every one of them reached the server twice.
      expect(wire.sent.slice(-2).map((s) => s.ids.length)).toEqual([50, queued - 50]);
      expect(serverHits(EVENTS, served)).toBe(2 * wire.count('events'));
      checked += await expectConverged(l, wire, [l.page], { answers: 62, opened: [LESSON], completed: [LESSON] });
    } finally {
      await l.close();
    }
  });

  test('two tabs share one outbox: each shows what waits, they send the same batches, and delayed and stale requests arrive after newer ones', async () => {
    const firstAnswered = gate();
    const secondTabDropped = gate();
    let phase: 'reorder' | 'other tab cut off' = 'reorder';
    let other: Page | undefined;
    const wire = new Wire((n, _to, _ids, from) => {
      if (phase === 'other tab cut off') return from === other ? { kind: 'drop' } : { kind: 'hold', until: secondTabDropped.opened };
      if (n === 0) return { kind: 'pass' }; // the lesson opened, online
      if (n === 1) return { kind: 'hold', until: firstAnswered.opened };
      if (n === 2) return { kind: 'pass' };
      if (n === 3) return { kind: 'stale', ms: 1_500 };
      return { kind: 'delay', ms: 50 + ((n * 137) % 250) };
    });
    const l = await learner(wire);
    try {
      await openLesson(l.page);
      await waitSaved(l, [l.page]);
      other = await secondTab(l, `/courses/${COURSE}`);
      await offline(l, true);
      await answer(l.page, 60);
      // The other tab knows what this one wrote.
      for (const tab of [l.page, other]) {
        await expect.poll(async () => (await syncStatus(tab)).text).toBe('Offline. Changes that will sync when you reconnect: 60');
      }

      // Back online, both tabs drain the same outbox at once: request 1 is held until request 2 (the
      // same oldest 50 events, from the other tab) has been answered.
      await offline(l, false);
      await expect.poll(() => wire.arrived.includes(2), { timeout: 10_000 }).toBe(true);
      firstAnswered.open();
      await waitSaved(l, [l.page, other]);
      await wire.settled();
      expect(wire.sent[2]!.ids).toEqual(wire.sent[1]!.ids);
      expect(wire.sent[2]!.from).not.toBe(wire.sent[1]!.from);
      // The server got them out of order: 2 before 1, and the stale 3 after a newer request.
      const arrival = (n: number) => wire.arrived.indexOf(n);
      expect(arrival(2)).toBeLessThan(arrival(1));
      expect(wire.arrived.slice(0, arrival(3)).some((n) => n > 3)).toBe(true);

      // The other tab's link fails three times (its next try is 4 to 8 s away), while this tab's
      // request waits; once this tab has sent everything, the other tab says so at once.
      phase = 'other tab cut off';
      await offline(l, true);
      await answer(l.page, 5, 60);
      await offline(l, false);
      await expect.poll(() => wire.sent.filter((s) => s.from === other && s.fault === 'drop').length, { timeout: 10_000 }).toBe(3);
      expect(await syncStatus(other)).toMatchObject({ pending: '5', text: 'Offline. Changes that will sync when you reconnect: 5' });
      secondTabDropped.open();
      await expect.poll(() => syncStatus(other!), { timeout: 3_000 }).toEqual(SAVED);
      checked += await expectConverged(l, wire, [l.page, other], { answers: 65, opened: [LESSON], completed: [] });
    } finally {
      await l.close();
    }
  });

  test('answers cut off after the server stored the batch: the page retries, and nothing is stored twice', async () => {
    const looked = [gate(), gate()];
    const wire = new Wire(
      (n) =>
        [
          { kind: 'pass' } as const, // the lesson opened
          { kind: 'reset' } as const, // first batch of 50: stored, connection reset
          { kind: 'hold', until: looked[0]!.opened } as const, // its retry, held while the page is looked at
          { kind: 'truncate' } as const, // the last 5: stored, half an answer
          { kind: 'hold', until: looked[1]!.opened } as const,
        ][n] ?? { kind: 'pass' },
    );
    const l = await learner(wire);
    const served = stack.requests.length;
    try {
      await openLesson(l.page);
      await waitSaved(l, [l.page]);
      await offline(l, true);
      await answer(l.page, 55);
      await offline(l, false);
      // The first batch is on the server, but the page never heard: all 55 still wait, and go again.
      await expect.poll(() => wire.count('events'), { timeout: 10_000 }).toBe(3);
      expect(await serverEvents(l.userId)).toHaveLength(51);
      expect(await syncStatus(l.page)).toMatchObject({ pending: '55', state: 'syncing' });
      expect(wire.sent[2]!.ids).toEqual(wire.sent[1]!.ids);
      looked[0]!.open();
      await expect.poll(() => wire.count('events'), { timeout: 10_000 }).toBe(5);
      expect(await serverEvents(l.userId)).toHaveLength(56);
      expect(await syncStatus(l.page)).toMatchObject({ pending: '5', state: 'syncing' });
      expect(wire.sent[4]!.ids).toEqual(wire.sent[3]!.ids);
      looked[1]!.open();
      await markComplete(l.page);
      checked += await expectConverged(l, wire, [l.page], { answers: 55, opened: [LESSON], completed: [LESSON] });
      // Every request reached the server, the cut ones included.
      expect(serverHits(EVENTS, served)).toBe(wire.count('events'));
    } finally {
      await l.close();
    }
  });

  test('an answer that never comes does not hold the outbox: the request gives up, and what waits goes again', async () => {
    const wire = new Wire((n) => (n === 1 ? { kind: 'stall' } : { kind: 'pass' }));
    const l = await learner(wire, { clock: true });
    try {
      await openLesson(l.page);
      await waitSaved(l, [l.page]);
      await answer(l.page, 1);
      await expect.poll(() => wire.count('events'), { timeout: 10_000 }).toBe(2);
      // More answers while the request hangs: they wait behind it.
      await answer(l.page, 3, 1);
      await expect.poll(() => syncStatus(l.page)).toEqual({ pending: '4', state: 'syncing', text: 'Syncing. Changes waiting: 4' });
      expect(wire.count('events')).toBe(2);
      // Half a minute on, the page has given up on it and sent what waits again.
      await l.page.clock.fastForward('00:31');
      await waitSaved(l, [l.page]);
      expect(wire.sent.slice(1).map((s) => [s.ids.length, s.fault])).toEqual([
        [1, 'stall'],
        [4, 'pass'],
      ]);
      checked += await expectConverged(l, wire, [l.page], { answers: 4, opened: [LESSON], completed: [] });
    } finally {
      await l.close();
    }
  });

  const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.constant({ kind: 'pass' as const }),
    fc.constant({ kind: 'drop' as const }),
    fc.constant({ kind: 'duplicate' as const }),
    fc.constant({ kind: 'reset' as const }),
    fc.constant({ kind: 'truncate' as const }),
    fc.constant({ kind: 'stall' as const }),
    fc.integer({ min: 0, max: 800 }).map((ms) => ({ kind: 'echo' as const, ms })),
    fc.integer({ min: 0, max: 800 }).map((ms) => ({ kind: 'delay' as const, ms })),
    fc.integer({ min: 0, max: 1_500 }).map((ms) => ({ kind: 'stale' as const, ms })),
  );

  test('random schedules of every fault, with one or two tabs, converge to each event once', async () => {
    const runs: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          faults: fc.array(fault, { minLength: 3, maxLength: 10 }),
          offline: fc.integer({ min: 1, max: 60 }),
          online: fc.integer({ min: 0, max: 4 }),
          complete: fc.boolean(),
          tabs: fc.integer({ min: 1, max: 2 }),
        }),
        async (s) => {
          const wire = new Wire((n) => s.faults[n] ?? { kind: 'pass' });
          const l = await learner(wire, { clock: true });
          try {
            await openLesson(l.page);
            const tabs = [l.page, ...(s.tabs === 2 ? [await secondTab(l, `/courses/${COURSE}`)] : [])];
            await offline(l, true);
            await answer(l.page, s.offline);
            await offline(l, false);
            await answer(l.page, s.online, s.offline);
            if (s.complete) await markComplete(l.page);
            const n = await expectConverged(l, wire, tabs, { answers: s.offline + s.online, opened: [LESSON], completed: s.complete ? [LESSON] : [] }, { flap: true });
            checked += n;
            const requests = wire.sent.map((x) => `${x.fault} ${x.ids.length}`).join(', ');
            runs.push(`${n} events (${s.offline} answers offline, ${s.online} online, ${s.tabs} tab(s)): ${requests}`);
          } finally {
            await l.close();
          }
        },
      ),
      { numRuns: 3, seed: 20260704, endOnFailure: true },
    );
    console.log(`random schedules:\n  ${runs.join('\n  ')}`);
    expect(runs).toHaveLength(3);
  }, 150_000);
});

describe('posts outbox under a faulty network', () => {
  test('threads written offline are stored once each through duplicates, resets, a stalled answer, drops, stale copies and cut answers', async () => {
    const plan: Fault[] = [{ kind: 'duplicate' }, { kind: 'reset' }, { kind: 'stall' }, { kind: 'drop' }, { kind: 'truncate' }, { kind: 'stale', ms: 800 }, { kind: 'echo', ms: 200 }];
    const wire = new Wire((n, to) => (to === 'posts' ? (plan[n] ?? { kind: 'pass' }) : { kind: 'pass' }));
    const l = await learner(wire, { clock: true });
    const served = stack.requests.length;
    try {
      await l.page.goto('/mentoring/community');
      await l.page.locator(`#spaces-course li[data-key="${COURSE}"] a`).click();
      await l.page.locator('#new-thread').waitFor();

      await offline(l, true);
      const titles = ['Interpreters for Tigrinya', 'Shelter places in the north', 'Non-punishment in practice', 'Guardians for minors'];
      for (const title of titles) {
        await l.page.locator('#new-thread').getByLabel('Title').fill(title);
        await l.page.locator('#new-thread').getByLabel('Message').fill(`Written offline: ${title}.`);
        await l.page.getByRole('button', { name: 'Post the thread' }).click();
        await l.page.locator('#threads li.waiting', { hasText: title }).waitFor();
      }
      expect(await syncStatus(l.page)).toMatchObject({ pending: '4', text: 'Offline. Changes that will sync when you reconnect: 4' });

      // Online: the first goes (twice), the second is stored but its answer lost; its next try
      // hangs with no answer at all. The rest wait behind it, however often the link comes back.
      await offline(l, false);
      for (let i = 0; i < 20 && wire.count('posts') < 3; i++) {
        await sleep(500);
        await offline(l, true);
        await offline(l, false);
      }
      await sleep(500);
      expect(wire.count('posts')).toBe(3);
      expect(await syncStatus(l.page)).toMatchObject({ pending: '3' });
      // Half a minute on, it has given up on that request; then the rest go through the other faults.
      await l.page.clock.fastForward('00:31');
      await waitSaved(l, [l.page], { flap: true });
      await wire.settled();
      expect(wire.errors).toEqual([]);

      const rows = (
        await stack.client.execute({ sql: 'SELECT client_id, title, body FROM posts WHERE author_id = ? ORDER BY created_at', args: [l.userId] })
      ).rows as unknown as Array<{ client_id: string; title: string; body: string }>;
      expect(rows.map((r) => r.title).sort()).toEqual([...titles].sort());
      expect(rows.map((r) => r.body).sort()).toEqual(titles.map((t) => `Written offline: ${t}.`).sort());
      const sentIds = new Set(wire.sent.filter((s) => s.to === 'posts').flatMap((s) => s.ids));
      expect(rows.map((r) => r.client_id).sort()).toEqual([...sentIds].sort());
      // Every fault in the plan was met, and the server saw the copies.
      expect(wire.sent.filter((s) => s.to === 'posts').map((s) => s.fault).slice(0, plan.length)).toEqual(plan.map((f) => f.kind));
      expect(serverHits(POSTS, served)).toBeGreaterThanOrEqual(rows.length + 4);

      // The screen shows the server's four threads, none waiting, and the phone keeps nothing.
      await expect.poll(() => l.page.locator('#threads li[data-thread]').count()).toBe(4);
      expect(await l.page.locator('#threads li.waiting').count()).toBe(0);
      await l.page.reload();
      await expect.poll(() => l.page.locator('#threads li[data-thread]').count()).toBe(4);
      expect(await l.page.locator('#threads li.waiting').count()).toBe(0);
      expect(await l.page.evaluate(`localStorage.getItem('cascade.posts-waiting.${l.userId}')`)).toBeNull();
      expect(await syncStatus(l.page)).toEqual(SAVED);
      checked += rows.length;
      expect(l.problems).toEqual([]);
    } finally {
      await l.close();
    }
  });
});

afterAll(() => {
  console.log(`sync-faults: ${checked} events and posts checked on the server`);
});
