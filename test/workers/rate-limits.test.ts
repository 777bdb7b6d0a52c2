import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { dbFromD1 } from '../../db/client';
import { LIMITS } from '../../worker/throttle';
import { Person, expectError, type Fetcher } from '../helpers/client';
import { seedWorld, type World } from '../helpers/world';

// The throttle's count-then-check statement (INSERT … ON CONFLICT … RETURNING) and the
// common-password check, on D1 through the real Workers entry.
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);
const db1 = (env as unknown as { DB: D1Database }).DB;
let shared: Promise<World> | undefined;

const setup = () =>
  (shared ??= (async () => {
    expect((await fetcher(new Request('http://localhost/api/health'))).status).toBe(200);
    return seedWorld(dbFromD1(db1), fetcher, new Date());
  })());

const login = (username: string, password: string, address: string) =>
  new Person(fetcher).call('POST', '/api/auth/login', { username, password }, { 'cf-connecting-ip': address });

it('checks at most LIMITS.account of 30 parallel wrong passwords on D1, then refuses the right one', async () => {
  const world = await setup();
  const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => login('mentor', `wrong guess ${i}`, '198.51.100.20')));
  const statuses = replies.map((r) => r.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(LIMITS.account);
  expect(statuses.filter((s) => s === 429)).toHaveLength(30 - LIMITS.account);
  const refused = replies.find((r) => r.status === 429)!;
  expectError(refused, 429, 'too_many_attempts');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expectError(await login('mentor', world.password('mentor'), '198.51.100.21'), 429, 'too_many_attempts');
  const row = await db1.prepare("SELECT failures FROM login_throttle WHERE key = 'acct:mentor'").first<{ failures: number }>();
  expect(row?.failures).toBe(LIMITS.account);
  // The address the refused attempts came from got its counts back.
  const address = await db1.prepare("SELECT failures FROM login_throttle WHERE key = 'addr:198.51.100.20'").first<{ failures: number }>();
  expect(address?.failures).toBe(LIMITS.account);
});

it('refuses a common password at registration on D1 and accepts a passphrase', async () => {
  const world = await setup();
  const person = new Person(fetcher);
  const body = { username: 'dilnoza', displayName: 'Dilnoza', joinCode: world.seed.joinCode };
  const refused = expectError(await person.post('/api/auth/register', { ...body, password: 'Baseball1' }), 400, 'password_common');
  expect(refused.fields).toHaveProperty(['body.password']);
  const users = await db1.prepare("SELECT count(*) AS n FROM users WHERE username = 'dilnoza'").first<{ n: number }>();
  expect(users?.n).toBe(0);
  expect((await person.post('/api/auth/register', { ...body, password: 'apricots drying on the roof' })).status).toBe(201);
  // A success gives the address its attempt back, in the same batch as the new session.
  expect((await login('dilnoza', 'apricots drying on the roof', '198.51.100.30')).status).toBe(200);
  const address = await db1.prepare("SELECT failures FROM login_throttle WHERE key = 'addr:198.51.100.30'").first<{ failures: number }>();
  expect(address?.failures).toBe(0);
});
