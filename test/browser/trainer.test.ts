import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CourseRelease } from '../../worker/content/types';
import { certify } from '../helpers/certify';
import { Person } from '../helpers/client';
import { axe } from './axe';
import { openPage, startStack, signIn as signInAs } from './browser';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const COHORT = 'Financial investigation, Pokhara, spring cohort (demo)';
const COURSE = 'financial-investigation';

const person = (username: string) => new Person((req) => fetch(req), stack.origin).login(username, stack.demo.passwords[username]!);

/** Signs in as one of the demo people. */
const signIn = (page: Page, username: string) => signInAs(page, username, stack.demo.passwords[username]!);

/** Each body row of a table as its cells' text. */
async function tableRows(table: Locator): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) rows.push((await row.locator('th, td').allInnerTexts()).map((s) => s.trim()));
  return rows;
}

const alphanumeric = (code: string | null) => (code ?? '').replace(/[^0-9A-Z]/gi, '').toUpperCase();

async function joinCodeInDb(): Promise<{ id: string; code: string }> {
  const { rows } = await stack.client.execute({ sql: 'SELECT id, join_code FROM cohorts WHERE name = ?', args: [COHORT] });
  return { id: String(rows[0]!.id), code: alphanumeric(String(rows[0]!.join_code)) };
}

/** The demo learner through every lesson, the summative and the practical, and certified by the trainer, all by the API. */
async function certifyDemoLearner(): Promise<CourseRelease> {
  const [learner, trainer, admin] = await Promise.all(['learner', 'trainer', 'academy.admin'].map(person));
  const row = await stack.client.execute({ sql: 'SELECT release FROM course_releases WHERE course_id = ?', args: [COURSE] });
  const release = JSON.parse(String(row.rows[0]!.release)) as CourseRelease;
  const learnerId: string = (await learner!.get('/api/me')).body.id;
  const institutionId: string = (await admin!.get('/api/me')).body.memberships[0].institutionId;
  await certify({ learner: learner!, trainer: trainer!, release, learnerId, institutionId });
  return release;
}

describe('the trainer runs a cohort', () => {
  test('My cohorts → the board at 360 px: the learner row, join code, an announcement the learner reads, bulk issue, a reset code', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await signIn(page, 'trainer');
      await page.getByRole('navigation').getByRole('link', { name: 'Teaching' }).click();
      await page.getByRole('heading', { name: 'My cohorts', level: 1 }).waitFor();
      await page.getByRole('link', { name: COHORT }).click();
      await page.getByRole('heading', { name: COHORT, level: 1 }).waitFor();

      const row = page.locator('tr[data-learner="learner"]');
      await row.waitFor();
      expect(await row.locator('th').innerText()).toContain('Anil Shrestha');
      const [, lessons, assessment, practical, certificate] = (await row.locator('th, td').allInnerTexts()).map((s) => s.trim());
      expect(lessons).toMatch(/^0\/[1-9]\d*$/);
      expect([assessment, practical, certificate]).toEqual(['Not started', 'Not scored', '—']);
      expect(await page.locator('#board-summary dd').allInnerTexts()).toEqual(['1', '0', '0', '0']);

      // Mobile first: the page itself never scrolls sideways; the table scrolls inside its box.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      const box = await page.evaluate<{ scroll: number; client: number }>(`(() => {
        const el = document.querySelector('.board-box');
        return { scroll: el.scrollWidth, client: el.clientWidth };
      })()`);
      expect(box.scroll).toBeGreaterThan(box.client);

      // The join code is the stored one; a new one replaces it.
      const before = await joinCodeInDb();
      expect(alphanumeric(await page.locator('#join-code code').textContent())).toBe(before.code);
      await page.getByRole('button', { name: 'New join code' }).click();
      await expect.poll(async () => alphanumeric(await page.locator('#join-code code').textContent())).not.toBe(before.code);
      expect(alphanumeric(await page.locator('#join-code code').textContent())).toBe((await joinCodeInDb()).code);

      // An announcement, read by the learner through the API.
      const text = `Practical session moved to Thursday ${Date.now()}.`;
      await page.getByLabel('New announcement to the cohort').fill(text);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await page.locator('#announcements li', { hasText: text }).waitFor();
      const learner = await person('learner');
      const seen = await learner.get(`/api/cohorts/${before.id}/announcements`);
      expect(seen.status).toBe(200);
      expect(seen.body.announcements[0]).toMatchObject({ body: text, author: 'Bikash Thapa' });

      expect(await axe(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await axe(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });

      // Issuing while nobody is ready: nothing issued, and the learner named with the reason.
      const issue = page.getByRole('button', { name: 'Issue certificates to everyone ready' });
      await issue.click();
      const result = page.locator('#issue-result');
      await expect.poll(() => result.innerText()).toContain('Issued: 0. Already certified: 0. Not issued: 1.');
      expect(await result.locator('li').innerText()).toMatch(/^Anil Shrestha\s+\S/);

      // Certified through the API: the board shows every lesson, the passes and the certificate.
      const release = await certifyDemoLearner();
      await page.reload();
      await row.waitFor();
      const done = (await row.locator('th, td').allInnerTexts()).map((s) => s.trim());
      expect(done.slice(1, 5)).toEqual([`${release.lessons.length}/${release.lessons.length}`, 'Passed', release.certificate.practical && release.rubric ? 'Passed' : 'Not scored', 'Valid']);
      expect(await page.locator('#board-summary dd').allInnerTexts()).toEqual(['1', '0', '0', '1']);
      await issue.click();
      await expect.poll(() => result.innerText()).toContain('Issued: 0. Already certified: 1. Not issued: 0.');
      await page.getByLabel('Show only learners ready to certify').check();
      await page.getByText('No learner is ready to certify in this course.').waitFor();
      await page.getByLabel('Show only learners ready to certify').uncheck();

      // A one-time reset code, shown once, that really resets the learner's password.
      await row.getByRole('button', { name: 'Reset code for Anil Shrestha' }).click();
      const code = await row.locator('.one-time code').innerText();
      const reset = await new Person((req) => fetch(req), stack.origin).post('/api/auth/reset', { username: 'learner', code, newPassword: 'a brand new passphrase' });
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test('the lineage of a course and a trainer page, with small numbers suppressed', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await signIn(page, 'trainer');
      await page.goto('/teach');
      await page.locator(`a[href="/cascade/${COURSE}"]`).click();
      await page.getByRole('heading', { name: 'Generation 1' }).waitFor();
      const card = page.locator('li', { has: page.getByRole('link', { name: 'Bikash Thapa' }) });
      expect(await card.innerText()).toMatch(/Certified trainer[\s\S]*Trained by Programme Admin/);
      expect(await axe(page)).toEqual([]);

      await card.getByRole('link', { name: 'Bikash Thapa' }).click();
      await page.getByRole('heading', { name: 'Bikash Thapa', level: 1 }).waitFor();
      const qualifications = await tableRows(page.locator('#qualifications table'));
      expect(qualifications.length).toBeGreaterThanOrEqual(4);
      expect(qualifications.every((q) => q[1] === 'Certified trainer' && q[2] === 'Active' && q[3] === 'Programme Admin')).toBe(true);
      const delivered = await tableRows(page.locator('#delivered table'));
      const cohort = delivered.find((r) => r[0] === COHORT);
      // One learner: the count is suppressed, never shown as a number.
      expect(cohort?.slice(2)).toEqual(['Lead trainer', expect.any(String), 'fewer than 5', expect.stringMatching(/^(0|fewer than 5)$/), 'fewer than 5']);
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('the handover dashboard', () => {
  test('the institution admin sees charts with their tables, CSV downloads with the same numbers, the learner report, and Arabic right to left', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await signIn(page, 'academy.admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Teaching' }).click();
      await page.getByRole('link', { name: 'Handover reports' }).click();
      await page.getByRole('heading', { name: 'Handover reports', level: 1 }).waitFor();

      const section = page.locator('#cohorts-by-lead');
      await section.locator('table').waitFor();
      expect(await section.locator('svg rect').count()).toBeGreaterThan(0);
      const shown = await tableRows(section.locator('table'));
      expect(shown).toHaveLength(1);
      expect(shown[0]).toEqual([expect.stringMatching(/^\d{4}-Q[1-4]$/), '1', '0', '0']);

      // The CSV link: the same numbers, as text/csv.
      const link = section.getByRole('link', { name: 'Download CSV' });
      const href = (await link.getAttribute('href'))!;
      expect(href).toMatch(/^\/api\/reports\/handover\?institutionId=[0-9a-f-]+&table=cohorts&format=csv$/);
      const csv = await page.request.get(href);
      expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
      const [header, ...lines] = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(header).toBe('quarter,led by national trainers,led by international experts,no lead trainer');
      expect(lines.map((l) => l.split(','))).toEqual(shown);
      // A click downloads it: the router leaves /api/ links to the browser.
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('handover-cohorts.csv');
      expect(new URL(page.url()).pathname).toBe('/reports');

      // Every table has its CSV; a share about one learner reads "fewer than 5", never 0.
      for (const id of ['#handover-by-quarter', '#trainers-by-gender']) await page.locator(`${id} table`).waitFor();
      expect(await page.locator('a.csv').count()).toBeGreaterThanOrEqual(4);
      const headline = await page.locator('#headline dd').allInnerTexts();
      expect(headline[2]).toBe('fewer than 5');

      await page.getByLabel('Break down by').selectOption('sector');
      const police = page.locator('#learners tbody tr', { hasText: 'Police' });
      await police.waitFor();
      expect((await police.locator('td').allInnerTexts())[0]).toBe('fewer than 5');
      expect(await page.locator('#learners a.csv').getAttribute('href')).toContain('by=sector');
      expect(await axe(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await axe(page)).toEqual([]);

      // In Arabic the page lays out right to left, still with no accessibility problems.
      const admin = await person('academy.admin');
      expect((await admin.patch('/api/me', { locale: 'ar' })).status).toBe(200);
      await page.reload();
      await page.getByRole('heading', { name: 'تقارير التسليم', level: 1 }).waitFor();
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      await page.locator('#cohorts-by-lead table').waitFor();
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("the staff screens' own strings and stylesheet", () => {
  /** Paths a page asked for. English UI strings ship in the shell, so any `en-*.js` chunk is the staff one. */
  const recorder = (page: Page) => {
    const paths: string[] = [];
    page.on('request', (request) => paths.push(new URL(request.url()).pathname));
    return { staffAssets: () => paths.filter((p) => /^\/assets\/(staff-[\w-]+\.css|staff-en-[\w-]+\.js)$/.test(p)) };
  };

  test('never come with the screens of someone who does not teach', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    const seen = recorder(page);
    try {
      // The learner's password was reset above; the mentor sees the learner's screens too.
      await signIn(page, 'mentor');
      await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      expect(seen.staffAssets()).toEqual([]);
      expect(await page.locator('link[href^="/assets/staff-"]').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test("come with the first staff screen, in the person's language, and style it", async () => {
    const admin = await person('programme.admin');
    expect((await admin.patch('/api/me', { locale: 'fr' })).status).toBe(200);
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    const seen = recorder(page);
    try {
      await signIn(page, 'programme.admin');
      await page.locator('html[lang="fr"]').waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'Formation' }).click();
      await page.getByRole('heading', { name: 'Mes cohortes', level: 1 }).waitFor();
      await page.getByRole('link', { name: COHORT }).click();
      await page.getByRole('heading', { name: COHORT, level: 1 }).waitFor();
      expect((await page.locator('#board-summary dt').allInnerTexts())[0]).toBe('Apprenants');
      // Linked once, and applied: the board's page is wider than a reading page.
      expect(await page.locator('link[rel="stylesheet"][href^="/assets/staff-"]').count()).toBe(1);
      expect(await page.evaluate(`getComputedStyle(document.querySelector('main')).maxWidth`)).toBe('1024px');
      // French only: the English staff strings were never fetched.
      expect(seen.staffAssets()).toEqual([expect.stringMatching(/^\/assets\/staff-[\w-]+\.css$/)]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
