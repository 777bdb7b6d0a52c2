import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** A fresh data directory, the Node server on a free port with the demo seed, and headless Chromium. */
export async function startStack() {
  const dataDir = await mkdtemp(join(tmpdir(), 'cascade-web-'));
  const port = await freePort();
  const { listener, client } = await startNodeServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    WEB_DIST: 'web/dist',
  });
  const demo = parseDemoLogins(await readFile(join(dataDir, 'demo-logins.txt'), 'utf8'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    origin: `http://127.0.0.1:${port}`,
    demo,
    browser,
    async stop() {
      await browser.close();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      client.close();
      await rm(dataDir, { recursive: true, force: true });
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
