import { existsSync, readFileSync } from 'node:fs';
import { hc } from 'hono/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AppType } from '../../worker/app';
import { CONTENT_SECURITY_POLICY } from '../../worker/middleware/security-headers';
import { alertText, fieldError, openPage, startStack } from './browser';

const COHORT = 'Financial investigation, Pokhara, spring cohort (demo)';
const INSTITUTION = 'National Judicial and Police Academy (demo)';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** Opens a fresh browser context and fails the test if the page broke the CSP or threw. */
async function withPage(run: (page: Page) => Promise<void>): Promise<void> {
  const { page, problems, close } = await openPage(stack.browser, stack.origin);
  try {
    await run(page);
    expect(problems).toEqual([]);
  } finally {
    await close();
  }
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').textContent()) ?? '';
}

async function join(page: Page, fields: { joinCode: string; displayName: string; username: string; password: string }) {
  await page.goto('/join');
  await page.getByLabel('Join code', { exact: true }).fill(fields.joinCode);
  await page.getByLabel('Your name', { exact: true }).fill(fields.displayName);
  await page.getByLabel('Username', { exact: true }).fill(fields.username);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByRole('button', { name: 'Create my account' }).click();
}

/** The typed API client as a non-browser caller, carrying a session cookie by hand. */
const client = (cookie = '') => hc<AppType>(stack.origin, { headers: { cookie } }).api;

describe('web app', () => {
  test('the shell is served under the strict CSP with no inline script or style, and assets precompressed', async () => {
    const res = await fetch(`${stack.origin}/`);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toContain('<noscript>');
    expect(html).toMatch(/<meta name="viewport"/);

    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)">/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${stack.origin}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const headers = readFileSync('web/dist/_headers', 'utf8');
    expect(headers).toContain(`/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`);
    expect(headers).toContain('/assets/*\n  Cache-Control: public, max-age=31536000, immutable');
    expect(existsSync('web/dist/_headers.br') || existsSync('web/dist/_headers.gz')).toBe(false);

    await withPage(async (page) => {
      await page.goto('/');
      await page.waitForURL('**/sign-in');
      expect(await heading(page)).toBe('Sign in');
      // The stylesheet applied: it arrived from 'self' under the policy.
      expect(await page.evaluate('getComputedStyle(document.body).marginTop')).toBe('0px');
    });
  });

  test('a bad join code shows the API message at the top and beside the field', async () => {
    await withPage(async (page) => {
      await join(page, { joinCode: 'WRONG-CODE-1', displayName: 'Nobody', username: 'nobody', password: 'long enough pass' });
      expect(await alertText(page)).toBe('This join code is not known. Check it with your trainer.');
      expect(await fieldError(page, 'joinCode')).toBe('Check the code with your trainer.');
      expect(new URL(page.url()).pathname).toBe('/join');
    });
  });

  test('a taken username is flagged beside the username field', async () => {
    await withPage(async (page) => {
      await join(page, { joinCode: stack.demo.joinCode, displayName: 'Copy', username: 'learner', password: 'long enough pass' });
      expect(await alertText(page)).toBe('This username is taken. Choose another.');
      expect(await fieldError(page, 'username')).toBe('This username is taken.');
    });
  });

  test('a new learner joins, sees the cohort, switches the profile to Arabic, signs out and in again', async () => {
    await withPage(async (page) => {
      await join(page, { joinCode: stack.demo.joinCode, displayName: 'Amina Koroma', username: 'amina.k', password: 'river stone lamp' });
      await page.waitForURL(`${stack.origin}/`);
      expect(await heading(page)).toBe('Welcome, Amina Koroma');
      expect(await page.locator('#cohorts li').allTextContents()).toEqual([`${COHORT} Learner`]);
      expect(await page.locator('#roles').textContent()).toContain(INSTITUTION);

      await page.getByRole('link', { name: 'Profile' }).click();
      await page.getByLabel('E-mail (optional)').fill('amina@example.org');
      await page.getByLabel('Language').selectOption('ar');
      await page.getByLabel('Country').selectOption('NP');
      await page.getByLabel('Sector').selectOption('prosecution');
      await page.getByLabel('Region or province').fill('Gandaki');
      await page.getByLabel('Do you work in the capital city?').selectOption('no');
      await page.getByLabel('Gender (optional)').fill('woman');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
      await page.getByRole('status').filter({ hasText: 'تم الحفظ.' }).waitFor();
      expect(await heading(page)).toBe('الملف الشخصي');

      // The server kept it: after a reload the profile still says Arabic, Nepal, outside the capital.
      await page.reload();
      await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
      await page.locator('#f-region').waitFor();
      expect(await page.locator('#f-country').inputValue()).toBe('NP');
      expect(await page.locator('#f-sector').inputValue()).toBe('prosecution');
      expect(await page.locator('#f-inCapital').inputValue()).toBe('no');
      expect(await page.locator('#f-region').inputValue()).toBe('Gandaki');
      expect(await page.locator('#f-email').inputValue()).toBe('amina@example.org');

      await page.getByRole('button', { name: 'تسجيل الخروج', exact: true }).click();
      await page.waitForURL('**/sign-in');
      expect(await heading(page)).toBe('تسجيل الدخول');
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');

      await page.locator('#f-username').fill('amina.k');
      await page.locator('#f-password').fill('river stone lamp');
      await page.locator('button[type=submit]').click();
      await page.waitForURL(`${stack.origin}/`);
      expect(await heading(page)).toBe('مرحبًا، Amina Koroma');
      expect(await page.locator('#cohorts li strong').allTextContents()).toEqual([COHORT]);
    });
  });

  test('the demo learner signs in with the seeded password after a wrong one is refused', async () => {
    await withPage(async (page) => {
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill('learner');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await alertText(page)).toBe('The username or password is not right. Check both and try again.');

      await page.getByLabel('Password').fill(stack.demo.passwords.learner!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${stack.origin}/`);
      expect(await heading(page)).toBe('Welcome, Anil Shrestha');
      expect(await page.locator('#cohorts li').allTextContents()).toEqual([`${COHORT} Learner`]);
    });
  });

  test("a learner sets a new password with the trainer's reset code", async () => {
    const registered = await client().auth.register.$post({
      json: { username: 'reset.me', password: 'first password', displayName: 'Ravi Tamang', joinCode: stack.demo.joinCode },
    });
    if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
    const learner = await registered.json();
    const signedIn = await client().auth.login.$post({ json: { username: 'trainer', password: stack.demo.passwords.trainer ?? '' } });
    if (signedIn.status !== 200) throw new Error(`trainer login: ${signedIn.status}`);
    const cookie = signedIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const cohortId = (await signedIn.json()).cohorts[0]?.id ?? '';
    const issued = await client(cookie).cohorts[':cohortId'].members[':userId']['reset-code'].$post({
      param: { cohortId, userId: learner.id },
    });
    if (issued.status !== 201) throw new Error(`reset code: ${issued.status}`);
    const { code } = await issued.json();

    await withPage(async (page) => {
      await page.goto('/sign-in');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Username').fill('reset.me');
      await page.getByLabel('Reset code').fill('AAAA-BBBB');
      await page.getByLabel('New password').fill('second password');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      expect(await fieldError(page, 'code')).toBe('Not valid or expired.');

      await page.getByLabel('Reset code').fill(code);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.waitForURL(`${stack.origin}/`);
      expect(await heading(page)).toBe('Welcome, Ravi Tamang');
    });
    const again = await client().auth.login.$post({ json: { username: 'reset.me', password: 'second password' } });
    expect(again.status).toBe(200);
  });
});
