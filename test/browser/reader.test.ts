import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signIn, startStack } from './browser';
import { joinAsNewLearner, outboxIds } from './learner';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const LESSON = '/courses/victim-centred/lessons/identification';

/** A page in its own context; `serviceWorkers: 'block'` where a test scripts the network with page.route. */
async function open(browser: Browser, options: { locale?: string; serviceWorkers?: 'allow' | 'block' } = {}) {
  const context = await browser.newContext({ baseURL: stack.origin, locale: options.locale ?? 'en-GB', serviceWorkers: options.serviceWorkers ?? 'allow' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems, close: () => context.close() };
}

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
};

describe('lesson reader', () => {
  test('in Arabic the reader is laid out right to left, with "next" on the left', async () => {
    const { page, problems, close } = await open(stack.browser, { locale: 'ar' });
    try {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto('/join');
      await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
      await page.locator('#f-joinCode').fill(stack.demo.joinCode);
      await page.locator('#f-displayName').fill('ليلى حداد');
      await page.locator('#f-username').fill('layla.h');
      await page.locator('#f-password').fill('long enough pass');
      await page.locator('button[type=submit]').click();
      await page.locator('#courses').waitFor();
      // The course screen shows sizes through Intl, with the unit in Arabic.
      await page.locator('#courses a[href="/courses/victim-centred"]').click();
      await page.getByRole('button', { name: /^تنزيل هذه الدورة \(.+\)$/ }).waitFor();
      expect(await page.locator('.facts').textContent()).toMatch(/\d+ كيلوبايت/);

      await page.goto(LESSON);
      await page.locator('#mark-complete').waitFor();
      await page.screenshot({ path: '/tmp/cascade-ar-lesson.png' });
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('nav.pager').evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).direction)).toBe('rtl');
      // The first lesson has only "next": it sits at the end of the line, which in Arabic is the left.
      const next = await box(page, 'nav.pager a.next');
      const width = page.viewportSize()?.width ?? 360;
      expect(next.x).toBeLessThan(width / 2);
      expect(next.x + next.width).toBeLessThanOrEqual(width / 2);
      // Headings and paragraphs start at the right edge.
      const h1 = await box(page, 'h1');
      expect(h1.x + h1.width).toBeGreaterThan(width - 40);
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth')).toBe(false);
      await page.locator('nav.pager').scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/cascade-ar-lesson-end.png' });

      // The second lesson has both: "previous" on the right, "next" on the left.
      await page.locator('nav.pager a.next').click();
      await page.locator('nav.pager a.prev').waitFor();
      const prev2 = await box(page, 'nav.pager a.prev');
      const next2 = await box(page, 'nav.pager a.next');
      expect(next2.x).toBeLessThan(prev2.x);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test('a lesson page opened cold has its course and lesson preloaded with the HTML, each asked for once, in the person’s language', async () => {
    // Signed out, the server goes by the browser's languages.
    const visitor = await open(stack.browser, { locale: 'fr-FR', serviceWorkers: 'block' });
    try {
      const link = (await (await visitor.page.goto(LESSON))!.allHeaders())['link'] ?? '';
      expect(link).toContain('</api/courses/victim-centred/lessons/identification?locale=fr>; rel=preload; as=fetch; crossorigin');
      expect(link).toContain('</api/courses/victim-centred?locale=fr>; rel=preload; as=fetch; crossorigin');
    } finally {
      await visitor.close();
    }
    const { page, problems, close } = await open(stack.browser, { serviceWorkers: 'block' });
    try {
      await joinAsNewLearner(page, stack.demo.joinCode, 'preload.reader');
      // The language the app chose is remembered for the server too.
      expect((await page.context().cookies()).find((c) => c.name === 'cascade_locale')?.value).toBe('en');
      const cold = await page.context().newPage();
      const api: string[] = [];
      let me = 0;
      cold.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith('/api/courses/')) api.push(`${url.pathname}${url.search}`);
        if (url.pathname === '/api/me') me++;
      });
      const res = await cold.goto(LESSON);
      expect((await res!.allHeaders())['link']).toContain('</api/courses/victim-centred/lessons/identification?locale=en>; rel=preload');
      expect((await res!.allHeaders())['link']).toContain('</api/me>; rel=preload; as=fetch; crossorigin');
      await cold.locator('.lesson-body').waitFor();
      await cold.waitForLoadState('networkidle');
      // Preloaded, then used by the app: had it asked differently, each would have gone out twice.
      expect(api.sort()).toEqual(['/api/courses/victim-centred/lessons/identification?locale=en', '/api/courses/victim-centred?locale=en']);
      expect(me).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test('data saver replaces lesson images with a button, and loads one only when asked', async () => {
    const { page, problems, close } = await open(stack.browser, { serviceWorkers: 'block' });
    try {
      // No course has images yet: give the first lesson one, as the build would render it, on
      // both ways the reader fetches a lesson (the API on a cold start, else the static file).
      const firstLesson = (url: URL) =>
        /^\/content\/victim-centred\/identification\.en\.\w+\.json$/.test(url.pathname) || url.pathname === '/api/courses/victim-centred/lessons/identification';
      await page.route(firstLesson, async (route) => {
        const res = await route.fetch();
        const lesson = (await res.json()) as { html: string };
        lesson.html = `<p><img src="/icon-192.png" alt="The Cascade logo" width="192" height="192"></p>${lesson.html}`;
        await route.fulfill({ response: res, json: lesson });
      });
      const images: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/icon-192.png')) images.push(r.url());
      });
      await joinAsNewLearner(page, stack.demo.joinCode, 'data.saver');
      await page.getByRole('link', { name: 'Profile' }).click();
      await page.getByLabel('Data saver').check();

      await page.goto(LESSON);
      const show = page.getByRole('button', { name: 'Image not loaded (data saver): The Cascade logo. Show it' });
      await show.waitFor();
      expect(await page.locator('.lesson-body img').count()).toBe(0);
      expect(images).toEqual([]);
      await show.click();
      await page.locator('.lesson-body img[alt="The Cascade logo"]').waitFor();
      expect(images).toHaveLength(1);

      // Remembered on this phone across reloads; turned off, images load as usual.
      await page.goto('/profile');
      expect(await page.getByLabel('Data saver').isChecked()).toBe(true);
      await page.getByLabel('Data saver').uncheck();
      await page.goto(LESSON);
      await page.locator('.lesson-body img[alt="The Cascade logo"]').waitFor();
      expect(await page.locator('button.image-skipped').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('shared phone', () => {
  test('signing out with unsynced work warns with the count; the work waits for its owner, apart from the next learner', async () => {
    const { page, problems, close } = await open(stack.browser, { serviceWorkers: 'block' });
    try {
      const amina = await joinAsNewLearner(page, stack.demo.joinCode, 'amina.shared', 'Amina Shared');
      // The server cannot be reached for syncing: the work stays in Amina's outbox.
      await page.route('**/api/progress/events', (route) => route.abort('internetdisconnected'));
      await page.goto(LESSON);
      await page.getByRole('button', { name: 'Mark this lesson complete' }).click();
      await page.getByText(/^You completed this lesson/).waitFor();
      await expect.poll(() => outboxIds(page, amina)).toHaveLength(2);
      const waiting = await outboxIds(page, amina);

      await page.getByRole('link', { name: 'Profile' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      const warning = page.getByRole('heading', { name: 'Changes not yet synced: 2' });
      await warning.waitFor();
      expect(await warning.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await page.getByRole('button', { name: 'Stay signed in' }).click();
      expect(await page.getByRole('heading', { name: 'Changes not yet synced: 2' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('button', { name: 'Sync now, then sign out' }).click();
      await page.getByText('Could not sync yet: there is no connection.', { exact: false }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/profile');
      await page.getByRole('button', { name: 'Sign out anyway, keep them for next time' }).click();
      await page.waitForURL('**/sign-in');
      expect(await outboxIds(page, amina)).toEqual(waiting);

      // The next learner on the same phone has an empty outbox of their own.
      await signIn(page, 'learner', stack.demo.passwords.learner!);
      await expect.poll(() => page.locator('#sync-status').textContent()).toBe('All changes saved');
      await page.getByRole('link', { name: 'Profile' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL('**/sign-in');

      // Amina signs in again with the server reachable: her work syncs, as hers.
      await page.unroute('**/api/progress/events');
      await signIn(page, 'amina.shared', 'long enough pass');
      await expect.poll(() => page.locator('#sync-status').textContent()).toBe('All changes saved');
      const rows = await stack.client.execute({ sql: 'SELECT id, user_id FROM progress_events WHERE id IN (?, ?)', args: waiting });
      expect(rows.rows.map((r) => r.user_id)).toEqual([amina, amina]);
      expect(await outboxIds(page, amina)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
