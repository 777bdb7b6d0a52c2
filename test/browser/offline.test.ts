import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, startStack } from './browser';
import { joinAsNewLearner, outboxIds, waitForServiceWorker } from './learner';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const COURSE = 'victim-centred';
const heading = async (page: Page) => (await page.locator('h1').textContent()) ?? '';
const status = (page: Page) => page.locator('#sync-status');

/** Goes offline, and also fails requests the service worker makes, which `setOffline` alone may not cover. */
async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**/*');
  await context.setOffline(false);
}

describe('offline journey', () => {
  test('a learner studies offline, reloads, and every event reaches the server exactly once', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    const context = page.context();
    // A step that hangs fails with its own message, well inside the test's time.
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => console.log('console:', m.text()));
    try {
      // 1. Join with the demo code; the service worker installs the shell.
      const userId = await joinAsNewLearner(page, stack.demo.joinCode, 'offline.learner');
      await waitForServiceWorker(page);
      await expect.poll(() => status(page).textContent()).toBe('All changes saved');

      // The course shows its size before anything is downloaded; download it for the field.
      await page.locator(`#courses a[href="/courses/${COURSE}"]`).click();
      const download = page.getByRole('button', { name: /^Download this course \(\d+ kB\)$/ });
      await download.waitFor();
      await download.click();
      await page.getByText('Available offline').waitFor();

      // Open the first lesson while still online: its "opened" event syncs straight away.
      await page.getByRole('link', { name: 'Identifying victims and referring them' }).click();
      expect(await heading(page)).toBe('Identifying victims and referring them');
      await expect.poll(async () => (await serverEvents(userId)).map((e) => e.type), { timeout: 5_000 }).toEqual(['lesson.opened']);
      await expect.poll(() => status(page).textContent()).toBe('All changes saved');
      const syncedOnline = await serverEvents(userId);

      // 2. Offline: a formative check, two lessons completed, then a reload.
      await goOffline(context);
      const served = stack.requests.length;
      const check = page.locator('form.check').first();
      await check.getByLabel('Her consent is irrelevant because deception and coercion were used.').check();
      await check.getByRole('button', { name: 'Check my answer' }).click();
      await check.locator('.feedback').getByText('Your answer is correct.', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Mark this lesson complete' }).click();
      await page.getByText(/^You completed this lesson on /).waitFor();

      await page.getByRole('link', { name: /^Next lesson/ }).click();
      await page.locator('h1', { hasText: 'Non-punishment' }).waitFor();
      const second = await heading(page);
      await page.getByRole('button', { name: 'Mark this lesson complete' }).click();
      await page.getByText(/^You completed this lesson on /).waitFor();
      await expect.poll(() => status(page).textContent()).toBe('Offline. Changes that will sync when you reconnect: 4');

      await page.reload();

      // 3. Still there after the reload, with no network: the lesson, its state, the outbox.
      expect(await heading(page)).toBe(second);
      await page.getByText(/^You completed this lesson on /).waitFor();
      await expect.poll(() => status(page).textContent()).toBe('Offline. Changes that will sync when you reconnect: 4');
      await page.getByRole('link', { name: 'Victim-centred and trauma-informed approaches' }).click();
      await page.locator('#course-progress').getByText('Completed: 2 of 5').waitFor();
      await page.getByRole('link', { name: 'Identifying victims and referring them' }).click();
      const firstCheck = page.locator('form.check').first();
      await firstCheck.locator('.feedback').getByText('Your answer is correct.', { exact: true }).waitFor();
      const queued = await outboxIds(page, userId);
      expect(queued).toHaveLength(4);
      // Nothing reached the server while offline: the service worker served it all. (Chromium's
      // own update check of /sw.js ignores the emulated offline state; it is not the app's doing.)
      expect(stack.requests.slice(served).filter((r) => r !== 'GET /sw.js')).toEqual([]);

      // 4. Back online: the outbox drains, and the server holds each event exactly once.
      await goOnline(context);
      await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('All changes saved');
      expect(await outboxIds(page, userId)).toEqual([]);
      const stored = await serverEvents(userId);
      expect(stored.map((e) => e.id).sort()).toEqual([...syncedOnline.map((e) => e.id), ...queued].sort());
      expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
      const summary = stored.map((e) => `${e.type} ${e.lesson_id}${e.check_id ? ` ${e.check_id} ${e.answer} ${e.correct}` : ''}`).sort();
      expect(summary).toEqual(
        [
          'lesson.opened identification',
          'check.answered identification q1 ["b"] 1',
          'lesson.completed identification',
          'lesson.opened non-punishment',
          'lesson.completed non-punishment',
        ].sort(),
      );
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

/** What the server's database holds for the learner. */
async function serverEvents(userId: string) {
  const result = await stack.client.execute({
    sql: 'SELECT id, type, lesson_id, check_id, answer, correct FROM progress_events WHERE user_id = ? ORDER BY occurred_at',
    args: [userId],
  });
  return result.rows as unknown as Array<{ id: string; type: string; lesson_id: string; check_id: string | null; answer: string | null; correct: number | null }>;
}

describe('installable shell', () => {
  test('the manifest, its icons and an unhashed /sw.js are served, and the shell links the manifest', async () => {
    const html = await (await fetch(`${stack.origin}/`)).text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    const res = await fetch(`${stack.origin}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as { start_url: string; display: string; icons: Array<{ src: string; sizes: string; type: string }> };
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['any', '192x192', '512x512']));
    for (const icon of manifest.icons) {
      const file = await fetch(`${stack.origin}${icon.src}`);
      expect(file.status, icon.src).toBe(200);
      expect(file.headers.get('content-type'), icon.src).toContain(icon.type);
    }
    const sw = await fetch(`${stack.origin}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const code = await sw.text();
    // The precache list was written in at build time, and the worker imports nothing.
    expect(code).not.toContain('__CASCADE_BUILD__');
    expect(code).toMatch(/"files":\["\/","\/assets\//);
    // (No import statement or import(): a chunk named roster-import-….js in the list is fine.)
    expect(code).not.toMatch(/\bimport\s*(\(|\{|\*|["'`]|\s[\w$])/);
  });
});
