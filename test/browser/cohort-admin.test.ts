import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Person } from '../helpers/client';
import { axe } from './axe';
import { fieldError, openPage, startStack, signIn as signInAs } from './browser';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const COHORT = 'Financial investigation, Pokhara, spring cohort (demo)';
const COURSE = 'financial-investigation';

/** Signs in as one of the demo people. */
const signIn = (page: Page, username: string) => signInAs(page, username, stack.demo.passwords[username]!);

async function cohortRow() {
  const { rows } = await stack.client.execute({ sql: 'SELECT id, region, in_capital, capacity, ends_on FROM cohorts WHERE name = ?', args: [COHORT] });
  return rows[0]!;
}

async function openBoard(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Teaching' }).click();
  await page.getByRole('link', { name: COHORT }).click();
  await page.getByRole('heading', { name: COHORT, level: 1 }).waitFor();
}

describe('cohort settings', () => {
  test('the institution admin changes the location, dates and capacity; a server error shows beside its field', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await signIn(page, 'academy.admin');
      await openBoard(page);
      await page.getByRole('link', { name: 'Cohort settings' }).click();
      await page.getByRole('heading', { name: `Settings: ${COHORT}`, level: 1 }).waitFor();
      expect(await page.getByLabel('Region or province').inputValue()).toBe('Gandaki');
      // The demo trainer leads it and is the institution's only trainer.
      expect(await page.locator('#f-leadTrainer option:checked').innerText()).toBe('Bikash Thapa (trainer)');

      // Ending before it starts: refused by the server, and said beside "Ends on".
      await page.getByLabel('Starts on').fill('2030-05-10');
      await page.getByLabel('Ends on').fill('2030-05-01');
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await fieldError(page, 'endsOn')).toContain('end on or after');
      expect((await cohortRow()).ends_on).toBeNull();

      await page.getByLabel('Ends on').fill('2030-06-30');
      await page.getByLabel('Region or province').fill('Kaski');
      await page.getByLabel('Location').selectOption({ label: 'Outside the capital' });
      await page.getByLabel('Capacity').fill('35');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.locator('#details-status').innerText()).toBe('Saved.');
      expect(await cohortRow()).toMatchObject({ region: 'Kaski', capacity: 35, ends_on: '2030-06-30' });

      // Persisted: a fresh load shows the stored values.
      await page.reload();
      await page.getByLabel('Region or province').waitFor();
      expect(await page.getByLabel('Region or province').inputValue()).toBe('Kaski');
      expect(await page.getByLabel('Capacity').inputValue()).toBe('35');

      // A new join code valid for 7 days.
      const before = await page.locator('#join-code code').innerText();
      await page.getByLabel('Days the new code is valid').fill('7');
      await page.getByRole('button', { name: 'New join code' }).click();
      await expect.poll(() => page.locator('#join-code code').innerText()).not.toBe(before);
      const { rows } = await stack.client.execute({ sql: 'SELECT join_code_expires_at FROM cohorts WHERE name = ?', args: [COHORT] });
      const days = (Number(rows[0]!.join_code_expires_at) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThan(7.1);

      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('roster import', () => {
  const NEW = ['new.one', 'new.two', 'new.three'];
  const CSV = [
    'username,display_name,sector,in_capital',
    'new.one,Gita Karki,police,no',
    'new.two,Hari Bista,prosecution,yes',
    'new.three,Kamala Oli,judiciary,',
    'new.four,Ram Magar,astronaut,no',
  ].join('\r\n');

  async function importedUsers(): Promise<number> {
    const { rows } = await stack.client.execute({ sql: `SELECT count(*) AS n FROM users WHERE username IN (${NEW.map(() => '?').join(',')}, 'new.four')`, args: NEW });
    return Number(rows[0]!.n);
  }

  test('the trainer previews a file with a bad row at 360 px, confirms, hands out setup codes, and sees the learners on the board', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await signIn(page, 'trainer');
      await openBoard(page);
      // A trainer runs the cohort and imports its roster, but its settings are the admins'.
      await page.getByRole('link', { name: 'Import learners' }).waitFor();
      expect(await page.getByRole('link', { name: 'Cohort settings' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Import learners' }).click();
      await page.getByRole('heading', { name: `Import learners: ${COHORT}`, level: 1 }).waitFor();
      expect(await axe(page)).toEqual([]);

      await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await page.getByRole('button', { name: 'Check the file' }).click();
      await expect.poll(() => page.locator('#import-status').innerText()).toContain('3 would join, 1 lines rejected');
      expect(await page.locator('#import-summary dd').allInnerTexts()).toEqual(['3', '0', '0', '1']);
      const bad = page.locator('#rejected li[data-line="5"]');
      expect(await bad.innerText()).toMatch(/Line 5[\s\S]*Sector "astronaut"/);
      await page.getByText('Accepted lines: 3').click();
      expect(await page.locator('#accepted li').allInnerTexts()).toEqual(NEW.map((u, i) => `Line ${i + 2} ${u} New account`));
      // Previewing wrote nothing.
      expect(await importedUsers()).toBe(0);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      expect(await axe(page)).toEqual([]);

      await page.getByRole('button', { name: 'Import 3 learners' }).click();
      await page.locator('#setup-codes').waitFor();
      expect(await page.locator('#import-status').innerText()).toContain('Imported: 3 learners joined the cohort.');
      expect(await importedUsers()).toBe(3);
      expect(await page.locator('#imported').innerText()).toMatch(/expire on .+, 14 days from now/);
      const codes = await page.locator('#setup-codes tbody tr').evaluateAll((rows) =>
        rows.map((r) => ({ username: r.getAttribute('data-username'), code: r.querySelector('code')?.textContent ?? '' })),
      );
      expect(codes.map((c) => c.username)).toEqual(NEW);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      expect(await axe(page)).toEqual([]);

      // A setup code opens its account, as the page tells the trainer.
      const reset = await new Person((req) => fetch(req), stack.origin).post('/api/auth/reset', { username: 'new.one', code: codes[0]!.code, newPassword: 'my own passphrase 1' });
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);

      await page.getByRole('link', { name: 'Back to the cohort board' }).first().click();
      await page.getByRole('heading', { name: COHORT, level: 1 }).waitFor();
      for (const username of NEW) await page.locator(`tr[data-learner="${username}"]`).waitFor();
      expect(await page.locator('tr[data-learner="new.four"]').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('trainer qualifications', () => {
  test('a certified trainer sees the list and may only sign off co-facilitators', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await signIn(page, 'trainer');
      await page.goto('/teach');
      await page.locator(`#qualification-links a[href="/qualifications/${COURSE}"]`).click();
      await page.getByRole('heading', { name: /^Qualifications: /, level: 1 }).waitFor();
      await page.locator('#level-certified_trainer li', { hasText: 'Bikash Thapa' }).waitFor();
      expect(await page.locator('#f-level option').allInnerTexts()).toEqual(['Co-facilitator']);
      expect(await page.locator('details.change').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test('the programme admin grants master trainer with evidence, sees it listed, then suspends it', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await signIn(page, 'programme.admin');
      await page.goto('/teach');
      await page.locator(`#qualification-links a[href="/qualifications/${COURSE}"]`).click();
      await page.getByRole('heading', { name: /^Qualifications: /, level: 1 }).waitFor();
      await page.locator('#level-certified_trainer li', { hasText: 'Bikash Thapa' }).waitFor();
      expect(await page.locator('#level-master_trainer li').count()).toBe(0);
      expect(await axe(page)).toEqual([]);

      await page.getByLabel('Person').selectOption({ label: 'Bikash Thapa (trainer)' });
      await page.getByLabel('Level').selectOption({ label: 'Master trainer' });
      await page.getByLabel(COHORT).check();
      await page.getByLabel('Observation notes').fill('Led the Pokhara cohort with confidence; sessions well paced and participatory.');
      await page.getByRole('button', { name: 'Grant', exact: true }).click();
      await expect.poll(() => page.locator('#grant-status').innerText()).toBe('Granted: Bikash Thapa, Master trainer.');
      const card = page.locator('#level-master_trainer li', { hasText: 'Bikash Thapa' });
      await card.waitFor();
      expect(await card.innerText()).toMatch(/Granted by Programme Admin[\s\S]*Cohorts co-delivered: 1[\s\S]*Observation notes: Led the Pokhara cohort/);
      const { rows } = await stack.client.execute({
        sql: "SELECT q.status, q.evidence FROM trainer_qualifications q JOIN users u ON u.id = q.user_id WHERE u.username = 'trainer' AND q.level = 'master_trainer' AND q.course_id = ?",
        args: [COURSE],
      });
      expect(rows).toHaveLength(1);
      expect(JSON.parse(String(rows[0]!.evidence)).cohortIds).toEqual([String((await cohortRow()).id)]);

      await card.getByText('Suspend or revoke: Bikash Thapa').click();
      await card.getByLabel('Reason').fill('Under review after a complaint.');
      expect(await axe(page)).toEqual([]);
      await card.getByRole('button', { name: 'Suspend' }).click();
      await expect.poll(() => card.locator('.tag').allInnerTexts()).toEqual(['Suspended']);
      expect(await card.innerText()).toContain('Reason: Under review after a complaint.');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('curriculum adoption', () => {
  test('the institution admin records that a course is embedded in one of its programmes', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await signIn(page, 'academy.admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Teaching' }).click();
      await page.locator('#adoption-links a').click();
      await page.getByRole('heading', { name: /^Curriculum adoption: /, level: 1 }).waitFor();
      await page.getByText('No adoption recorded yet.').waitFor();
      await page.getByLabel('Course', { exact: true }).selectOption(COURSE);
      await page.getByLabel('Programme').fill('Basic investigator training');
      await page.getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'Record an adoption' }).click();
      await page.locator('#adoptions li', { hasText: 'Basic investigator training' }).waitFor();
      const { rows } = await stack.client.execute({ sql: 'SELECT course_id, programme, year FROM curriculum_adoptions', args: [] });
      expect(rows.map((r) => ({ ...r }))).toEqual([{ course_id: COURSE, programme: 'Basic investigator training', year: 2027 }]);
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
