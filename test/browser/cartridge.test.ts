import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe } from './axe';
import { alertText, openPage, signIn as signInAs, startStack } from './browser';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const signIn = (page: Page, username: string) => signInAs(page, username, stack.demo.passwords[username]!);

async function openAdoption(page: Page) {
  await signIn(page, 'academy.admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Teaching' }).click();
  await page.locator('#adoption-links a').click();
  await page.getByRole('heading', { name: 'Export to your learning system', level: 2 }).waitFor();
}

/** Clicks the download button and returns the file the browser saved, unzipped. */
async function downloaded(page: Page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the cartridge' }).click()]);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  return { name: download.suggestedFilename(), files, manifest: new TextDecoder().decode(files['imsmanifest.xml']) };
}

describe('course export for an academy’s own LMS', () => {
  test('the institution admin downloads a course for Moodle in Arabic; the summative pool needs the adoption first', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await openAdoption(page);
      await page.getByLabel('Course to export').selectOption('victim-centred');
      await page.getByLabel('Language of the lessons').selectOption('ar');
      await page.getByLabel('Common Cartridge 1.1 (Moodle)').check();
      const moodle = await downloaded(page);
      expect(moodle.name).toBe('cascade-victim-centred-1.0.0-ar-cc11.imscc');
      expect(moodle.manifest).toContain('xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"');
      expect(moodle.manifest).toContain('<lomimscc:language>ar</lomimscc:language>');
      expect(new TextDecoder().decode(moodle.files['web_resources/lessons/identification.html'])).toContain('<html lang="ar" dir="rtl">');
      expect(moodle.files['res-question-bank/question_bank.xml']).toBeUndefined();
      await expect.poll(() => page.locator('#cartridge-status').innerText()).toMatch(/^Downloaded: cascade-victim-centred-1\.0\.0-ar-cc11\.imscc \(\d/);

      // The pool with its answers: refused, with the reason, until the adoption is on record.
      await page.getByLabel('Include the summative question pool with its answers').check();
      await page.getByRole('button', { name: 'Download the cartridge' }).click();
      expect(await alertText(page)).toContain('has not recorded its adoption of "victim-centred" version 1.0.0');

      await page.getByLabel('Course', { exact: true }).selectOption('victim-centred');
      await page.getByLabel('Programme').fill('Victim support induction');
      await page.getByRole('button', { name: 'Record an adoption' }).click();
      await page.locator('#adoptions li', { hasText: 'Victim support induction' }).waitFor();
      const withPool = await downloaded(page);
      expect(withPool.name).toBe('cascade-victim-centred-1.0.0-ar-summative-cc11.imscc');
      expect(withPool.files['res-question-bank/question_bank.xml']).toBeDefined();
      const { rows } = await stack.client.execute({ sql: "SELECT subject_id FROM audit_log WHERE action = 'course.summative_exported'", args: [] });
      expect(rows.map((r) => r.subject_id)).toEqual(['victim-centred@1.0.0']);

      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
