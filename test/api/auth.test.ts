import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../db/schema';
import { Person, expectError } from '../helpers/client';
import { freshApps, type NodeApp } from '../helpers/node-app';

const setup = freshApps();
const userCount = async (t: NodeApp) => (await t.db.select({ n: count() }).from(users))[0]?.n;

describe('register', () => {
  it('signs the new learner in with an HttpOnly, SameSite=Lax session cookie', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher);
    const res = await p.post('/api/auth/register', {
      username: 'kofi',
      password: 'long enough pass',
      displayName: 'Kofi',
      joinCode: world.seed.joinCode,
      email: 'kofi@example.org',
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cascade_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; see the https case below
    expect((await p.get('/api/me')).body).toMatchObject({ username: 'kofi', email: 'kofi@example.org' });
  });

  it('marks the cookie Secure on https', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher, 'https://learn.example.org');
    const res = await p.post('/api/auth/register', {
      username: 'kofi',
      password: 'long enough pass',
      displayName: 'Kofi',
      joinCode: world.seed.joinCode,
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('stores only a salted PBKDF2 hash with its parameters, and only a hash of the session token', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher);
    await p.post('/api/auth/register', { username: 'kofi', password: 'long enough pass', displayName: 'K', joinCode: world.seed.joinCode });
    const [row] = await t.db.select().from(users).where(eq(users.username, 'kofi'));
    expect(row?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
    const token = p.cookie?.split('=')[1] ?? '';
    const stored = await t.db.select().from(sessions).where(eq(sessions.userId, row?.id ?? ''));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toBe(token);
  });

  it('refuses a taken username (any case) with 409 and stores nothing', async () => {
    const { t, world } = await setup();
    const before = await userCount(t);
    const res = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'LEARNER',
      password: 'long enough pass',
      displayName: 'Copy',
      joinCode: world.seed.joinCode,
    });
    expect(expectError(res, 409, 'username_taken').fields).toHaveProperty(['body.username']);
    expect(await userCount(t)).toBe(before);
  });

  it.each([
    [{ joinCode: 'ZZZZ-ZZZZ' }, 400, 'join_code_invalid'],
    [{}, 400, 'validation_failed'],
    [{ invitation: 'x'.repeat(43) }, 400, 'invitation_invalid'],
  ])('refuses %j with %i %s and stores nothing', async (entry, status, code) => {
    const { t } = await setup();
    const before = await userCount(t);
    const res = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'kofi',
      password: 'long enough pass',
      displayName: 'Kofi',
      ...entry,
    });
    expectError(res, status, code);
    expect(await userCount(t)).toBe(before);
  });

  it('refuses both a join code and an invitation at once', async () => {
    const { t, world } = await setup();
    const res = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'kofi',
      password: 'long enough pass',
      displayName: 'Kofi',
      joinCode: world.seed.joinCode,
      invitation: 'x'.repeat(43),
    });
    expect(expectError(res, 400, 'validation_failed').fields).toHaveProperty(['body.joinCode']);
  });

  it('refuses a password equal to the username', async () => {
    const { t, world } = await setup();
    const res = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'kofi12345',
      password: 'KOFI12345',
      displayName: 'Kofi',
      joinCode: world.seed.joinCode,
    });
    expect(expectError(res, 400, 'validation_failed').fields).toHaveProperty(['body.password']);
  });

  it('accepts join codes typed loosely: lower case, spaces, O for 0', async () => {
    const { t, world } = await setup();
    const typed = world.seed.joinCode.toLowerCase().replace('-', ' ').replaceAll('0', 'o');
    const res = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'kofi',
      password: 'long enough pass',
      displayName: 'Kofi',
      joinCode: typed,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

describe('login', () => {
  it('rotates the session: the cookie presented before login stops working', async () => {
    const { t, world } = await setup();
    const first = await world.signIn('learner');
    const old = first.cookie;
    await first.login('learner', world.password('learner'));
    expect(first.cookie).not.toBe(old);
    const stale = new Person(t.fetcher);
    stale.cookie = old;
    expectError(await stale.get('/api/me'), 401, 'unauthenticated');
    expect((await first.get('/api/me')).status).toBe(200);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher);
    const unknown = expectError(await p.post('/api/auth/login', { username: 'nobody', password: 'whatever1' }), 401, 'invalid_credentials');
    const wrong = expectError(await p.post('/api/auth/login', { username: 'learner', password: 'whatever1' }), 401, 'invalid_credentials');
    expect(unknown.message).toBe(wrong.message);
    expect(world.password('learner')).not.toBe('whatever1');
  });

  it('pauses an account after 5 failures for 15 minutes, with Retry-After', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher);
    for (let i = 0; i < 5; i++) {
      expectError(await p.post('/api/auth/login', { username: 'learner', password: `wrong-${i}` }), 401, 'invalid_credentials');
    }
    const blocked = await p.post('/api/auth/login', { username: 'learner', password: world.password('learner') });
    expectError(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Another account from the same address is not blocked.
    expect((await p.post('/api/auth/login', { username: 'trainer', password: world.password('trainer') })).status).toBe(200);
    t.advance(15 * 60_000 + 1);
    expect((await p.post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);
  });

  it('pauses an address after 50 failures across accounts', async () => {
    const { t, world } = await setup();
    t.fromAddress('198.51.100.7');
    const p = new Person(t.fetcher);
    for (let i = 0; i < 50; i++) {
      await p.post('/api/auth/login', { username: `guess${i}`, password: 'wrong-pass' });
    }
    expectError(await p.post('/api/auth/login', { username: 'learner', password: world.password('learner') }), 429, 'too_many_attempts');
    t.fromAddress('198.51.100.8');
    expect((await p.post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);
  });

  it('a success clears the account counter', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) await p.post('/api/auth/login', { username: 'learner', password: 'wrong-pass' });
      expect((await p.post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);
    }
  });
});

describe('logout', () => {
  it('ends the session on the server and clears the cookie; without a session it is still 204', async () => {
    const { t, world } = await setup();
    const p = await world.signIn('learner');
    const cookie = p.cookie;
    const res = await p.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/cascade_session=;/);
    const replay = new Person(t.fetcher);
    replay.cookie = cookie;
    expectError(await replay.get('/api/me'), 401, 'unauthenticated');
    expect((await new Person(t.fetcher).post('/api/auth/logout')).status).toBe(204);
  });
});

describe('sessions', () => {
  it('expire after 30 days', async () => {
    const { t, world } = await setup();
    const p = await world.signIn('learner');
    t.advance(29 * 86_400_000);
    expect((await p.get('/api/me')).status).toBe(200);
    t.advance(2 * 86_400_000);
    expectError(await p.get('/api/me'), 401, 'unauthenticated');
  });

  it('a forged cookie is simply not a session', async () => {
    const { t } = await setup();
    const p = new Person(t.fetcher);
    p.cookie = `cascade_session=${'A'.repeat(43)}`;
    expectError(await p.get('/api/me'), 401, 'unauthenticated');
  });
});
