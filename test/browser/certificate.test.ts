import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CourseRelease } from '../../worker/content/types';
import { certify } from '../helpers/certify';
import { Person } from '../helpers/client';
import { openPage, startStack } from './browser';
import { waitForServiceWorker } from './learner';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const COURSE = 'financial-investigation';

async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**/*');
  await context.setOffline(false);
}

const verdict = (page: Page) => page.locator('#qr-result:not([hidden])').getAttribute('data-verdict');

/** The demo learner certified through the live server's API, as a trainer would do it. */
async function certifiedLearner() {
  const person = (username: string) => new Person((req) => fetch(req), stack.origin).login(username, stack.demo.passwords[username]!);
  const [learner, trainer, admin] = await Promise.all(['learner', 'trainer', 'academy.admin'].map(person));
  const row = await stack.client.execute({ sql: 'SELECT release FROM course_releases WHERE course_id = ?', args: [COURSE] });
  const release = JSON.parse(String(row.rows[0]!.release)) as CourseRelease;
  const learnerId: string = (await learner!.get('/api/me')).body.id;
  const institutionId: string = (await admin!.get('/api/me')).body.memberships[0].institutionId;
  const certificate = await certify({ learner: learner!, trainer: trainer!, release, learnerId, institutionId });
  return { certificate, admin: admin! };
}

describe('certificates in the browser', () => {
  test('the learner downloads the PDF; a verifier checks the QR online, then offline; an edited code fails; revoked shows revoked', async () => {
    const { certificate, admin } = await certifiedLearner();
    const learner = await openPage(stack.browser, stack.origin);
    const verifier = await openPage(stack.browser, stack.origin);
    learner.page.setDefaultTimeout(30_000);
    verifier.page.setDefaultTimeout(15_000);
    try {
      // The learner: My certificates, then the PDF (pdf-lib loads only now).
      const { page } = learner;
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill('learner');
      await page.getByLabel('Password').fill(stack.demo.passwords.learner!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#courses').waitFor();
      const before = stack.requests.length;
      await page.goto('/certificates');
      const card = page.locator(`[data-certificate="${certificate.id}"]`);
      await card.waitFor();
      expect(await card.textContent()).toContain('Renewal opens on');
      expect(stack.requests.slice(before).some((r) => /typeset|pdf-/.test(r))).toBe(false);
      const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^${COURSE}-[0-9.]+-${certificate.id}\\.pdf$`));
      const pdf = await PDFDocument.load(await readFile((await download.path())!));
      expect(pdf.getPageCount()).toBe(1);
      expect(pdf.getAuthor()).toContain('Academy');
      expect(learner.problems).toEqual([]);
      // Done with the learner's phone: its service worker's update checks must not count as the verifier's requests.
      await learner.close();

      // The verifier opens the printed QR's URL once with a connection: verified, and kept for offline use.
      const v = verifier.page;
      const qr = certificate.qrUrl;
      expect(qr.startsWith(`${stack.origin}/verify#c=`)).toBe(true);
      expect(qr.length).toBeLessThanOrEqual(300);
      await v.goto(qr);
      await expect.poll(() => verdict(v)).toBe('valid');
      expect(await v.locator('#qr-result').textContent()).toContain('Anil Shrestha');
      await waitForServiceWorker(v);
      await expect.poll(() => v.locator('#offline-status').textContent()).toMatch(/Ready to check QR codes offline/);

      // No network at all: the page, its script and the keys come from this phone.
      await goOffline(v.context());
      const offlineFrom = stack.requests.length;
      await v.goto('/verify');
      await v.goto(qr);
      await expect.poll(() => verdict(v)).toBe('valid');
      expect(await v.locator('#qr-result').textContent()).toMatch(/Checked on this device/);

      // An edited code (one signed byte changed) fails, still offline.
      const payload = qr.split('#c=')[1]!;
      const bytes = Buffer.from(payload, 'base64url');
      bytes[50] = bytes[50]! ^ 1;
      await v.goto(`${stack.origin}/verify#c=${bytes.toString('base64url')}`);
      await expect.poll(() => verdict(v)).toBe('invalid');
      expect(stack.requests.slice(offlineFrom)).toEqual([]);

      // Revoked on the server; the verifier's next visit with a connection says so.
      expect((await admin.post(`/api/certificates/${certificate.id}/status`, { action: 'revoke', reason: 'Obtained by impersonation' })).status).toBe(200);
      await goOnline(v.context());
      await v.goto('/verify');
      await v.goto(qr);
      await expect.poll(() => verdict(v)).toBe('revoked');
      await v.goto(`/verify?id=${certificate.id}&lang=fr`);
      expect(await v.locator('section.verdict.revoked h2').textContent()).toBe('Révoqué');
      expect(verifier.problems).toEqual([]);
    } finally {
      await learner.close();
      await verifier.close();
    }
  });
});
