import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import ranked from '@zxcvbn-ts/language-common/src/passwords.json';
import { cohorts, institutions, resetCodes, users } from '../../db/schema';
import { commonPasswordList, isCommonPassword, RANKED_CUT } from '../../worker/lib/common-passwords';
import { commonPasswordsOnly } from '../../scripts/common-passwords-plugin';
import { Person, expectError } from '../helpers/client';
import { tableCounts, userIdOf } from '../helpers/db';
import { freshApps, type NodeApp } from '../helpers/node-app';
import type { World } from '../helpers/world';

// NIST SP 800-63B 5.1.1.2: at least 8 characters, no composition rules, and not a commonly
// used password, wherever a password is set.
const setup = freshApps();
const LIST = commonPasswordList(ranked);

async function register(t: NodeApp, world: World, username: string, password: string) {
  return new Person(t.fetcher).post('/api/auth/register', { username, password, displayName: 'Asel', joinCode: world.seed.joinCode });
}

function expectCommon(res: Parameters<typeof expectError>[0], field: string) {
  const err = expectError(res, 400, 'password_common');
  expect(err.message).toMatch(/commonly used/);
  expect(err.message).toMatch(/longer phrase/);
  expect(err.fields).toEqual({ [field]: expect.stringMatching(/commonly used/) });
}

describe('the list', () => {
  it('holds at least the ASVS 6.2.4 floor of 3,000 passwords, each at least 8 characters, in lower case', () => {
    expect(LIST.length).toBeGreaterThan(3000);
    expect(LIST.every((p) => p.length >= 8 && p === p.toLowerCase())).toBe(true);
    expect(new Set(LIST).size).toBe(LIST.length);
    expect(LIST).toEqual(expect.arrayContaining(['password', '12345678', 'qwertyuiop', 'iloveyou']));
  });

  it('ignores case, Unicode compatibility forms and surrounding spaces, not words inside a phrase', () => {
    for (const p of ['password', 'PASSWORD', 'PassWord', ' qwertyuiop ', 'ｐａｓｓｗｏｒｄ']) expect(isCommonPassword(p), p).toBe(true);
    for (const p of ['my password is long enough', 'passwordpasswordpassword', 'quiet river lamp']) expect(isCommonPassword(p), p).toBe(false);
  });

  it('the Workers bundle carries exactly the passwords the check keeps, and no others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-common-'));
    try {
      const out = await build({
        stdin: { contents: "export { default } from '@zxcvbn-ts/language-common/src/passwords.json';", resolveDir: process.cwd(), loader: 'ts' },
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        write: false,
        plugins: [commonPasswordsOnly],
      });
      const file = join(dir, 'list.mjs');
      writeFileSync(file, out.outputFiles[0]!.text);
      const bundled = (await import(pathToFileURL(file).href)).default as string[];
      expect(new Set(bundled)).toEqual(new Set(LIST));
      // Applying the check's own filter to the bundled list keeps it whole.
      expect(commonPasswordList(bundled).length).toBe(LIST.length);
      const beyond = ranked.slice(RANKED_CUT).find((p) => p.length >= 12 && !LIST.includes(p.toLowerCase()));
      expect(beyond).toBeDefined();
      expect(out.outputFiles[0]!.text).not.toContain(beyond!);
      expect(out.outputFiles[0]!.text.length).toBeLessThan(60_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never reaches the web app: nothing under web/src imports it', () => {
    const files = (readdirSync('web/src', { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(join('web/src', f), 'utf8');
      expect(text, f).not.toMatch(/common-passwords|@zxcvbn-ts/);
    }
  });
});

describe('register', () => {
  it('refuses a common password, in any case, and stores nothing', async () => {
    const { t, world } = await setup();
    const before = await tableCounts(t.db);
    for (const password of ['password1', 'Password1', 'QWERTYUIOP', 'iloveyou']) {
      expect(isCommonPassword(password), password).toBe(true);
      expectCommon(await register(t, world, 'asel', password), 'body.password');
    }
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await t.db.select().from(users).where(eq(users.username, 'asel'))).toEqual([]);
  });

  it('refuses it on an invitation too', async () => {
    const { t, world } = await setup();
    const admin = await world.signIn('academy.admin');
    const [institution] = await t.db.select().from(institutions).where(eq(institutions.name, world.seed.institution));
    const invite = await admin.post(`/api/institutions/${institution!.id}/invitations`, { role: 'trainer' });
    expect(invite.status, JSON.stringify(invite.body)).toBe(201);
    const before = await tableCounts(t.db);
    const res = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'new.trainer',
      password: 'trustno1',
      displayName: 'New Trainer',
      invitation: invite.body.token,
    });
    expectCommon(res, 'body.password');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('accepts a long uncommon passphrase, and passphrases in any script', async () => {
    const { t, world } = await setup();
    const passwords = {
      phrase: 'lantern over the quiet harbour 1947',
      nepali: 'नदी किनारको पुरानो पुल',
      arabic: 'مفتاح البيت الأزرق القديم',
      russian: 'тихий дом у реки',
      emoji: '🌧️ rainy harbour 🚢 lantern',
    };
    for (const [username, password] of Object.entries(passwords)) {
      const res = await register(t, world, username, password);
      expect(res.status, `${username}: ${JSON.stringify(res.body)}`).toBe(201);
      expect((await new Person(t.fetcher).post('/api/auth/login', { username, password })).status).toBe(200);
    }
  });
});

describe('change password', () => {
  it('refuses a common new password; the old one still works and no session ends', async () => {
    const { t, world } = await setup();
    const phone = await world.signIn('learner');
    const laptop = await world.signIn('learner');
    const [hashBefore] = await t.db.select({ h: users.passwordHash }).from(users).where(eq(users.username, 'learner'));
    const before = await tableCounts(t.db);
    expectCommon(await phone.post('/api/me/password', { currentPassword: world.password('learner'), newPassword: 'Football1' }), 'body.newPassword');
    const [hashAfter] = await t.db.select({ h: users.passwordHash }).from(users).where(eq(users.username, 'learner'));
    expect(hashAfter).toEqual(hashBefore);
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await laptop.get('/api/me')).status).toBe(200);
    expect((await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);
  });

  it('a wrong current password is still reported first, and an uncommon new one is taken', async () => {
    const { world } = await setup();
    const learner = await world.signIn('learner');
    expectError(await learner.post('/api/me/password', { currentPassword: 'not my password', newPassword: 'password1' }), 400, 'invalid_credentials');
    expect((await learner.post('/api/me/password', { currentPassword: world.password('learner'), newPassword: 'tea with cardamom at noon' })).status).toBe(204);
  });
});

describe('reset with a code (a trainer’s reset code; roster setup codes use the same route)', () => {
  it('refuses a common new password and leaves the code unused for a second try', async () => {
    const { t, world } = await setup();
    const trainer = await world.signIn('trainer');
    const [cohort] = await t.db.select().from(cohorts).where(eq(cohorts.name, world.seed.cohort));
    const learnerId = await userIdOf(t.db, 'learner');
    const issued = await trainer.post(`/api/cohorts/${cohort!.id}/members/${learnerId}/reset-code`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const code = issued.body.code as string;
    const before = await tableCounts(t.db);

    expectCommon(await new Person(t.fetcher).post('/api/auth/reset', { username: 'learner', code, newPassword: 'sunshine1' }), 'body.newPassword');
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await t.db.select().from(resetCodes))[0]?.usedAt).toBeNull();
    expect((await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);

    const again = await new Person(t.fetcher).post('/api/auth/reset', { username: 'learner', code, newPassword: 'kettle on the blue stove' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: 'kettle on the blue stove' })).status).toBe(200);
  });
});
