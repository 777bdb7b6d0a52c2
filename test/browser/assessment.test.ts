import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe } from './axe';
import { openPage, startStack } from './browser';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

/** Gives an answer to one question, whatever its type, and returns what it chose (for choices). */
async function answer(question: Locator): Promise<string | null> {
  const choice = question.locator('input[type=radio], input[type=checkbox]');
  if (await choice.count()) {
    await choice.first().check();
    return choice.first().getAttribute('id');
  }
  const selects = question.locator('select');
  if (await selects.count()) {
    for (const select of await selects.all()) await select.selectOption({ index: 1 });
    return null;
  }
  const text = question.locator('textarea');
  if (await text.count()) {
    await text.fill('I would refer the person to a specialised support service.');
    await text.blur();
    return null;
  }
  await question.getByRole('button', { name: 'Keep this order as my answer' }).click();
  return null;
}

const questionIds = (page: Page) => page.locator('.question').evaluateAll((els) => els.map((el) => el.getAttribute('data-question')));

describe('summative assessment', () => {
  test('the learner starts, answers (saved on the server), resumes after a reload, submits and sees the result', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill('learner');
      await page.getByLabel('Password').fill(stack.demo.passwords.learner!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#courses').waitFor();
      await page.locator('#courses a[href="/courses/victim-centred"]').click();
      await page.getByRole('link', { name: 'Start the assessment' }).click();
      await page.locator('#time-left').waitFor();
      expect(await page.locator('#time-left').textContent()).toMatch(/Time left: \d+ minutes/);

      const ids = await questionIds(page);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const questions = page.locator('.question');
      const chosen: string[] = [];
      for (const i of [0, 1]) {
        const q = questions.nth(i);
        const id = await answer(q);
        if (id) chosen.push(id);
        await q.locator('.save-state', { hasText: /^Saved$/ }).waitFor();
      }
      const attempt = await stack.client.execute({
        sql: `SELECT a.id, a.status FROM attempts a JOIN users u ON u.id = a.user_id WHERE u.username = 'learner' AND a.course_id = 'victim-centred'`,
        args: [],
      });
      expect(attempt.rows).toHaveLength(1);
      const saved = await stack.client.execute({ sql: 'SELECT question_id FROM attempt_answers WHERE attempt_id = ?', args: [String(attempt.rows[0]!.id)] });
      expect(saved.rows.map((r) => r.question_id).sort()).toEqual([ids[0], ids[1]].sort());

      const violations = await axe(page);
      expect(violations).toEqual([]);

      // The course screen knows an attempt is open, and offers to resume it.
      await page.goto('/courses/victim-centred');
      await page.getByRole('link', { name: 'Resume the assessment' }).click();
      await page.locator('#time-left').waitFor();
      // A reload resumes the same attempt: the same questions, the answers given.
      await page.reload();
      await page.locator('#time-left').waitFor();
      expect(await questionIds(page)).toEqual(ids);
      for (const id of chosen) expect(await page.locator(`[id="${id}"]`).isChecked()).toBe(true);

      await page.getByRole('button', { name: 'Submit my answers' }).click();
      await page.getByRole('heading', { name: 'Submit your answers now?' }).waitFor();
      await page.getByRole('button', { name: 'Yes, submit' }).click();
      const result = page.locator('#result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(/Score: \d+ of \d+|waiting for a trainer/);
      expect(await axe(page)).toEqual([]);

      // Back on the course screen: one attempt used, and either passed or what comes next.
      await page.goto('/courses/victim-centred');
      await page.locator('#attempts-used, .assessment-entry .notice').first().waitFor();
      const entry = await page.locator('.assessment-entry').innerText();
      expect(entry).toMatch(/Attempts used: 1 of \d+\.|You have passed this assessment\./);
      expect(entry).not.toContain('Resume the assessment');
      await page.goBack();

      await page.getByRole('link', { name: 'My certificates' }).first().click();
      await page.getByRole('heading', { name: 'My certificates', level: 1 }).waitFor();
      await page.locator('#no-certificates').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
