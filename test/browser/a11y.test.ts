import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe } from './axe';
import { openPage, startStack } from './browser';
import { joinAsNewLearner } from './learner';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

/** True when the page is wider than the viewport, i.e. the person would scroll sideways. */
const scrollsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

async function settle(page: Page, heading: string | RegExp): Promise<void> {
  await page.locator('h1', { hasText: heading }).waitFor();
}

describe('accessibility', () => {
  test('axe finds nothing on any screen, in light and dark, and nothing scrolls sideways at 320 px', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems, close } = await openPage(stack.browser, stack.origin);
      page.setDefaultTimeout(10_000);
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.setViewportSize({ width: 320, height: 640 });
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        found[name] = await axe(page);
        if (await scrollsSideways(page)) found[name].push('scrolls sideways at 320 px');
      };
      try {
        await page.goto('/sign-in');
        await settle(page, 'Sign in');
        await check('sign-in');
        await page.goto('/reset');
        await settle(page, 'Reset your password');
        await check('reset');
        await page.goto('/join');
        await settle(page, 'Join a cohort');
        await check('join');

        await joinAsNewLearner(page, stack.demo.joinCode, `axe.${colorScheme}`);
        await check('my courses');
        await page.locator('#courses a[href="/courses/victim-centred"]').click();
        await settle(page, 'Victim-centred');
        await page.getByRole('button', { name: /^Download this course/ }).waitFor();
        await check('course');
        await page.getByRole('link', { name: 'Identifying victims and referring them' }).click();
        await settle(page, 'Identifying victims');
        // With feedback showing, right and wrong, and the lesson marked complete.
        const checks = page.locator('form.check');
        await checks.nth(0).getByRole('radio').first().check();
        await checks.nth(0).getByRole('button', { name: 'Check my answer' }).click();
        await checks.nth(2).getByRole('checkbox').first().check();
        await checks.nth(2).getByRole('button', { name: 'Check my answer' }).click();
        await checks.nth(2).getByText('Your answer is', { exact: false }).waitFor();
        await page.getByRole('button', { name: 'Mark this lesson complete' }).click();
        await page.getByText(/^You completed this lesson/).waitFor();
        await check('lesson');
        await page.goto('/profile');
        await settle(page, 'Profile');
        await check('profile');
        await page.goto('/no-such-screen');
        await settle(page, 'This page does not exist.');
        await check('not found');
        expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  });

  test('the lesson reader works from the keyboard alone, with a visible focus ring', async () => {
    const { page, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(10_000);
    try {
      await joinAsNewLearner(page, stack.demo.joinCode, 'keyboard.only');
      await page.goto('/courses/victim-centred/lessons/identification');
      await settle(page, 'Identifying victims');
      // Tab to the first check's first option, pick the right one with the arrow keys, answer with Enter.
      const first = page.locator('#check-q1-a');
      for (let i = 0; i < 60 && !(await first.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('Tab');
      expect(await first.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      expect(await page.evaluate(`getComputedStyle(document.activeElement).outlineStyle`)).toBe('solid');
      await page.keyboard.press('ArrowDown');
      expect(await page.locator('#check-q1-b').isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const feedback = page.locator('#check-q1-feedback');
      await feedback.getByText('Your answer is correct.').waitFor();
      expect(await feedback.getAttribute('aria-live')).toBe('polite');
    } finally {
      await close();
    }
  });
});
