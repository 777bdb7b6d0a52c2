import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loginThrottle } from '../../db/schema';
import { LIMITS } from '../../worker/throttle';
import { Person, expectError, type Reply } from '../helpers/client';
import { freshApps, type NodeApp } from '../helpers/node-app';

// The sign-in limits must hold when the attempts arrive all at once, as a script would send
// them, not only one after another: each attempt is counted before its password is checked.
const setup = freshApps();
const WINDOW_S = 15 * 60;

const failuresOf = async (t: NodeApp, key: string) =>
  (await t.db.select().from(loginThrottle).where(eq(loginThrottle.key, key)))[0]?.failures ?? 0;

/** Every reply is either a checked failure (401) or a refusal before any check (429, with Retry-After). */
function tally(replies: Reply[]) {
  const statuses = replies.map((r) => r.status);
  for (const r of replies.filter((x) => x.status === 429)) {
    expectError(r, 429, 'too_many_attempts');
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(WINDOW_S);
  }
  for (const r of replies.filter((x) => x.status === 401)) expectError(r, 401, 'invalid_credentials');
  expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  return { checked: statuses.filter((s) => s === 401).length, refused: statuses.filter((s) => s === 429).length };
}

describe('per account', () => {
  it('checks at most LIMITS.account of 40 parallel wrong passwords, then refuses the right one', async () => {
    const { t, world } = await setup();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: `wrong guess ${i}` })),
    );
    expect(tally(replies)).toEqual({ checked: LIMITS.account, refused: 40 - LIMITS.account });
    // Refused attempts are not failures: the count is the checked ones.
    expect(await failuresOf(t, 'acct:learner')).toBe(LIMITS.account);
    const right = await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') });
    expectError(right, 429, 'too_many_attempts');
    t.advance(WINDOW_S * 1000 + 1);
    expect((await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);
  });

  it('holds for parallel reset-code guesses too, which share the account’s count', async () => {
    const { t } = await setup();
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new Person(t.fetcher).post('/api/auth/reset', { username: 'learner', code: `AAAA-${String(1000 + i)}`, newPassword: 'a quiet river at dawn' }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(LIMITS.account);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - LIMITS.account);
    for (const r of replies) r.status === 400 ? expectError(r, 400, 'reset_code_invalid') : expectError(r, 429, 'too_many_attempts');
  });

  it('right passwords signing in at once, a few per account, all succeed and leave no count behind', async () => {
    const { t, world } = await setup();
    const people = world.seed.logins.map((l) => l.username);
    // Fewer at once per account than its limit: each attempt is counted until its check ends.
    const replies = await Promise.all(
      people.flatMap((u) => Array.from({ length: LIMITS.account - 1 }, () => new Person(t.fetcher).post('/api/auth/login', { username: u, password: world.password(u) }))),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(people.length * (LIMITS.account - 1)).fill(200));
    for (const u of people) expect(await failuresOf(t, `acct:${u}`)).toBe(0);
    expect(await failuresOf(t, 'addr:203.0.113.10')).toBe(0);
  });
});

describe('per address', () => {
  it('checks at most LIMITS.address of 120 parallel wrong passwords across accounts', async () => {
    const { t, world } = await setup();
    t.fromAddress('198.51.100.7');
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) => new Person(t.fetcher).post('/api/auth/login', { username: `guess${i}`, password: 'wrong-pass' })),
    );
    expect(tally(replies)).toEqual({ checked: LIMITS.address, refused: 120 - LIMITS.address });
    expect(await failuresOf(t, 'addr:198.51.100.7')).toBe(LIMITS.address);
    // No single account reached its own limit: the address alone refused them.
    expect(await failuresOf(t, 'acct:guess0')).toBeLessThanOrEqual(1);
    expectError(await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') }), 429, 'too_many_attempts');
    t.fromAddress('198.51.100.8');
    expect((await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') })).status).toBe(200);
  });

  it('a paused account hammered from one address does not use up that address', async () => {
    const { t, world } = await setup();
    const replies = await Promise.all(
      Array.from({ length: 80 }, (_, i) => new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: `wrong guess ${i}` })),
    );
    expect(tally(replies).checked).toBe(LIMITS.account);
    expect(await failuresOf(t, 'addr:203.0.113.10')).toBe(LIMITS.account);
    expect((await new Person(t.fetcher).post('/api/auth/login', { username: 'trainer', password: world.password('trainer') })).status).toBe(200);
  });
});
