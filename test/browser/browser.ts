import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildCourses } from '../../scripts/courses/build';
import { loadCourses } from '../../scripts/courses/catalogue';
import { startNodeServer } from '../../worker/node';

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Demo {
  joinCode: string;
  passwords: Record<string, string>;
}

/** Reads `demo-logins.txt`: the join code line and the `role  username  password` lines. */
export function parseDemoLogins(text: string): Demo {
  const joinCode = /Join code:\s+(\S+)/.exec(text)?.[1];
  if (!joinCode) throw new Error(`No join code in:\n${text}`);
  const passwords: Record<string, string> = {};
  for (const [, username, password] of text.matchAll(/^ {4}\S+\s+(\S+)\s+(\S+)\s*$/gm)) passwords[username!] = password!;
  return { joinCode, passwords };
}

/**
 * A private copy of the built web app with the course content built into its content/
 * folder, as `npm run build` lays it out. Private, so test files running side by side
 * never see each other's half-written content.
 */
async function webDistWithCourses(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-dist-'));
  await cp('web/dist', dir, { recursive: true });
  const { courses, problems } = loadCourses('courses');
  if (problems.length) throw new Error(`Course content has problems: ${problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  for (const [path, bytes] of buildCourses(courses).public) {
    const file = join(dir, 'content', path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  return dir;
}

/**
 * A fresh data directory, the Node server on a free port with the demo seed, and headless Chromium.
 * With `courses`, the server also serves the built course content. `requests` logs every path
 * the server was asked for, so a test can prove that an "offline" phase really sent nothing.
 */
export async function startStack(options: { courses?: boolean } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'cascade-web-'));
  const webDist = options.courses ? await webDistWithCourses() : 'web/dist';
  const port = await freePort();
  const { listener, client } = await startNodeServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    WEB_DIST: webDist,
  });
  const requests: string[] = [];
  listener.on('request', (req: { method?: string; url?: string }) => requests.push(`${req.method} ${req.url}`));
  const demo = parseDemoLogins(await readFile(join(dataDir, 'demo-logins.txt'), 'utf8'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    origin: `http://127.0.0.1:${port}`,
    demo,
    browser,
    /** The server's libSQL client, to check what it stored. */
    client,
    requests,
    async stop() {
      await browser.close();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      client.close();
      await rm(dataDir, { recursive: true, force: true });
      if (webDist !== 'web/dist') await rm(webDist, { recursive: true, force: true });
    },
  };
}

/** A page in its own context (own cookies), recording CSP violations and uncaught errors. */
export async function openPage(browser: Browser, origin: string) {
  const context = await browser.newContext({ baseURL: origin, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.push(`CSP: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems, close: () => context.close() };
}

/** The text of the form's top alert once it appears. */
/** Signs in through the form and waits for the home screen's course list. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#courses').waitFor();
}

export async function alertText(page: Page): Promise<string> {
  const alert = page.locator('.alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

/** The error shown beside a field, checked to be wired to the input for screen readers. */
export async function fieldError(page: Page, name: string): Promise<string> {
  const error = page.locator(`#f-${name}-error`);
  await error.waitFor();
  const input = page.locator(`#f-${name}`);
  if ((await input.getAttribute('aria-invalid')) !== 'true') throw new Error(`#f-${name} is not marked invalid`);
  if (!(await input.getAttribute('aria-describedby'))?.includes(`f-${name}-error`)) {
    throw new Error(`#f-${name} does not point at its error`);
  }
  return (await error.textContent()) ?? '';
}
