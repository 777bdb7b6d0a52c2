import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { en as account } from '../../i18n/account/en';
import { axe } from './axe';
import { openPage, signIn, startStack } from './browser';
import { joinAsNewLearner } from './learner';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('the learner’s own account and data', () => {
  test('downloads all their data, signs out everywhere, then deletes the account, which then cannot sign in', async () => {
    const phone = await openPage(stack.browser, stack.origin);
    const laptop = await openPage(stack.browser, stack.origin);
    const { page } = phone;
    page.setDefaultTimeout(30_000);
    try {
      const userId = await joinAsNewLearner(page, stack.demo.joinCode, 'leaving.learner', 'Leaving Learner');
      await signIn(laptop.page, 'leaving.learner', 'long enough pass');
      await page.goto('/profile');
      await page.getByRole('heading', { name: account.accountTitle }).waitFor();
      expect(await axe(page)).toEqual([]);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: account.exportLink }).click()]);
      expect(download.suggestedFilename()).toMatch(/^cascade-leaving\.learner-\d{4}-\d{2}-\d{2}\.json$/);
      const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
      expect(data.profile).toMatchObject({ id: userId, username: 'leaving.learner', displayName: 'Leaving Learner' });
      expect(JSON.stringify(data)).not.toContain('pbkdf2');

      // Everywhere means the laptop too.
      await page.getByRole('button', { name: account.everywhereButton }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await laptop.page.evaluate(`fetch('/api/me').then((r) => r.status)`)).toBe(401);

      await signIn(page, 'leaving.learner', 'long enough pass');
      await page.goto('/profile');
      await page.locator('#account summary').click();
      await page.getByLabel(account.deletePassword).fill('not my password');
      await page.getByRole('button', { name: account.deleteButton }).click();
      await page.locator('#delete-account [role="alert"]').waitFor();
      expect(await page.evaluate(`fetch('/api/me').then((r) => r.status)`)).toBe(200);
      await page.getByLabel(account.deletePassword).fill('long enough pass');
      await page.getByRole('button', { name: account.deleteButton }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      const gone = await stack.client.execute({ sql: 'SELECT COUNT(*) AS n FROM users WHERE id = ?', args: [userId] });
      expect(Number(gone.rows[0]!.n)).toBe(0);
      await page.getByLabel('Username').fill('leaving.learner');
      await page.getByLabel('Password').fill('long enough pass');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[role="alert"]').waitFor();
      expect(phone.problems.filter((p) => !/401|400/.test(p))).toEqual([]);
    } finally {
      await phone.close();
      await laptop.close();
    }
  });
});
