import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Person } from '../helpers/client';
import { TestPlatform } from '../helpers/lti-platform';
import { axe } from './axe';
import { fieldError, openPage, signIn, startStack } from './browser';

let stack: Awaited<ReturnType<typeof startStack>>;
beforeAll(async () => {
  stack = await startStack({ courses: true });
});
afterAll(async () => {
  await stack?.stop();
});

const LESSON = { course: 'financial-investigation', lesson: 'parallel-investigation' };

async function institutionId(): Promise<string> {
  const { rows } = await stack.client.execute("SELECT id FROM institutions WHERE name <> '' ORDER BY created_at LIMIT 1");
  return String(rows[0]!.id);
}

/**
 * The academy's platform as a real web server beside Cascade: a course page that frames the
 * launch, the OIDC authorisation step (an auto-posting form, as Moodle's is), and its keys,
 * token endpoint and gradebook. On 127.0.0.1 like Cascade, so the two are the same site and
 * plain-http cookies flow as https ones (SameSite=None; Secure) would between two sites.
 */
async function startPlatform() {
  const fetcher = (req: Request) => fetch(req);
  let platform!: TestPlatform;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', platform.origin);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') => res.writeHead(status, { 'content-type': type }).end(body);
    if (url.pathname === '/course') {
      const login = new URLSearchParams({ iss: platform.issuer, client_id: platform.clientId, login_hint: 'moodle-learner-31', target_link_uri: `${stack.origin}/lti/launch`, lti_message_hint: 'x' });
      return send(
        200,
        `<!doctype html><title>Moodle course</title><h1>Financial investigation, intake 2027</h1>
        <iframe id="launch" title="Cascade lesson" width="900" height="700" src="${stack.origin}/lti/login?${login}"></iframe>
        <iframe id="plain" title="Cascade sign-in" src="${stack.origin}/sign-in"></iframe>`,
      );
    }
    if (url.pathname === '/mod/lti/auth.php') {
      const p = url.searchParams;
      if (p.get('client_id') !== platform.clientId || p.get('redirect_uri') !== `${stack.origin}/lti/launch`) return send(400, 'bad request');
      const idToken = await platform.sign(platform.claims({ sub: p.get('login_hint')!, name: 'Sunita Rai', custom: LESSON, resourceLink: { id: 'mod-lti-9' } }, p.get('nonce')!));
      return send(
        200,
        `<!doctype html><form id="f" method="post" action="${p.get('redirect_uri')}"><input type="hidden" name="id_token" value="${idToken}"><input type="hidden" name="state" value="${p.get('state')}"></form><script>document.getElementById('f').submit()</script>`,
      );
    }
    const reply = await platform.handle(
      new Request(url, { method: req.method ?? 'GET', headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined }),
    );
    res.writeHead(reply.status, Object.fromEntries(reply.headers)).end(Buffer.from(await reply.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  platform = await TestPlatform.create(fetcher, () => new Date(), { name: 'Police Academy Moodle', origin, appOrigin: stack.origin });
  return { platform, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function connections(page: Page) {
  await signIn(page, 'academy.admin', stack.demo.passwords['academy.admin']!);
  await page.getByRole('navigation').getByRole('link', { name: 'Teaching' }).click();
  await page.locator('#connection-links a').first().click();
  await page.getByRole('heading', { level: 1, name: /^Connected systems of / }).waitFor();
}

describe('connected systems', () => {
  test('an institution admin registers the academy’s platform and connects its learning record store; wrong input is said beside its field', async () => {
    const { page, problems, close } = await openPage(stack.browser, stack.origin);
    page.setDefaultTimeout(30_000);
    try {
      await connections(page);
      expect(await page.locator('#lti-tool').innerText()).toContain(`${stack.origin}/lti/jwks.json`);
      await page.getByText('No platform is registered yet.').waitFor();

      const form = page.locator('#register-platform');
      await form.getByLabel('Name').fill('Police Academy Moodle');
      await form.getByLabel('Issuer').fill('https://moodle.police-academy.example');
      await form.getByLabel('Client id').fill('abc123');
      await form.getByLabel('Deployment ids').fill('1, 4');
      // The browser accepts an http address; Cascade does not, and says so beside the field.
      await form.getByLabel('Platform’s public keyset URL').fill('http://moodle.police-academy.example/mod/lti/certs.php');
      await form.getByLabel('Authentication request URL').fill('https://moodle.police-academy.example/mod/lti/auth.php');
      await form.getByLabel('Access token URL').fill('https://moodle.police-academy.example/mod/lti/token.php');
      await form.getByRole('button', { name: 'Register the platform' }).click();
      expect(await fieldError(page, 'jwksUrl')).toContain('https://');
      await form.getByLabel('Platform’s public keyset URL').fill('https://moodle.police-academy.example/mod/lti/certs.php');
      await form.getByRole('button', { name: 'Register the platform' }).click();
      await page.locator('#platforms').getByText('Police Academy Moodle').waitFor();
      expect(await page.locator('#platforms').innerText()).toContain('1, 4');
      const { rows } = await stack.client.execute('SELECT client_id, deployment_ids FROM lti_platforms');
      expect(rows.map((r) => [r.client_id, r.deployment_ids])).toEqual([['abc123', '["1","4"]']]);

      const lrs = page.locator('#lrs-form');
      await lrs.getByLabel('xAPI endpoint').fill('https://lrs.police-academy.example/xapi');
      await lrs.getByLabel('Key (username)').fill('cascade');
      await lrs.getByLabel('Secret').fill('a long secret');
      await lrs.getByRole('button', { name: 'Save the store' }).click();
      await page.getByText('Connected to https://lrs.police-academy.example/xapi/ as cascade.').waitFor();
      expect(await page.locator('#lrs').innerText()).toContain('Statements: 0 sent, 0 waiting, 0 failing');

      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  test('done when, in Chromium: the platform frames a launch into a Cascade lesson, the learner completes it, and the score reaches its gradebook; other Cascade pages refuse its frame', async () => {
    const { platform, close: closePlatform } = await startPlatform();
    // The API takes https addresses only; this local platform speaks http, so it is registered in the database.
    await stack.client.execute({
      sql: "INSERT INTO lti_platforms (id, institution_id, name, issuer, client_id, deployment_ids, jwks_url, auth_url, token_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '[\"1\"]', ?, ?, ?, ?, ?)",
      args: [crypto.randomUUID(), await institutionId(), platform.name, platform.issuer, platform.clientId, platform.jwksUrl, platform.authUrl, platform.tokenUrl, Date.now(), Date.now()],
    });
    const { page, problems, close } = await openPage(stack.browser, platform.origin);
    page.setDefaultTimeout(30_000);
    try {
      await page.goto(`${platform.origin}/course`);
      const frame = page.frameLocator('#launch');
      await frame.getByRole('button', { name: 'Mark this lesson complete' }).click();
      await frame.getByText(/^You completed this lesson/).waitFor();

      // The plain sign-in page keeps frame-ancestors 'none': Chromium refuses to show it here.
      const plain = (await (await page.locator('#plain').elementHandle())!.contentFrame())!;
      await expect.poll(() => plain.url()).toBe('chrome-error://chromewebdata/');

      // The learner's completion reached Cascade; the admin sends waiting grades at once.
      await expect.poll(async () => (await stack.client.execute('SELECT count(*) AS n FROM lti_scores')).rows[0]!.n).toBe(1);
      const admin = await new Person((req) => fetch(req), stack.origin).login('academy.admin', stack.demo.passwords['academy.admin']!);
      const { rows } = await stack.client.execute('SELECT id FROM lti_platforms WHERE client_id = ?', [platform.clientId]);
      const sent = await admin.post(`/api/lti/platforms/${rows[0]!.id}/scores/send`);
      expect(sent.body).toEqual({ sent: 1, failed: 0 });
      expect(platform.scores('course-101', 'mod-lti-9')).toEqual([
        expect.objectContaining({ userId: 'moodle-learner-31', scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' }),
      ]);
      expect(problems.filter((p) => !p.includes('frame-ancestors'))).toEqual([]);
    } finally {
      await close();
      await closePlatform();
    }
  });
});
