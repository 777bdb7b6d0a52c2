import { env, exports } from 'cloudflare:workers';
import sealed from 'cascade:releases';
import { expect, it } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher } from '../helpers/client';
import { seedWorld, type World } from '../helpers/world';
import { describeFoundation } from '../shared/foundation';

// Requests go through the real Workers entry (worker/index.ts), which validates its
// env, migrates the bound D1 database itself and builds the app.
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);
const db1 = (env as unknown as { DB: D1Database }).DB;
let shared: Promise<{ world: World; fetcher: Fetcher }> | undefined;

function setup() {
  shared ??= (async () => {
    const health = await fetcher(new Request('http://localhost/api/health'));
    expect(health.status).toBe(200);
    const world = await seedWorld(dbFromD1(db1), fetcher, new Date());
    return { world, fetcher };
  })();
  return shared;
}

it('migrates D1 on first request and answers unknown API routes with a JSON 404', async () => {
  await setup();
  const res = await fetcher(new Request('http://localhost/api/nope'));
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: 'route_not_found' } });
  const tables = await db1
    .prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'audit_log', '_cascade_migrations')",
  ).all();
  expect(tables.results).toHaveLength(3);
});

describeFoundation('workerd, D1', setup);

it('stores a full outbox batch of 100 progress events once on D1, within its bound-parameter limit', async () => {
  const { world } = await setup();
  const learner = await world.signIn('learner');
  const events = Array.from({ length: 100 }, () => ({
    id: crypto.randomUUID(),
    type: 'lesson.opened',
    courseId: 'sample',
    courseVersion: '1.2.0',
    lessonId: 'tracing',
    at: new Date().toISOString(),
  }));
  const first = await learner.post('/api/progress/events', { events });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  expect(first.body.accepted).toHaveLength(100);
  const replay = await learner.post('/api/progress/events', { events });
  expect(replay.body.accepted).toHaveLength(100);
  const stored = await db1.prepare('SELECT count(*) AS n FROM progress_events').first<{ n: number }>();
  expect(stored?.n).toBe(100);
});

it('publishes the bundled course releases and runs a summative attempt on D1', async () => {
  const { world } = await setup();
  const learner = await world.signIn('learner');
  const started = await learner.post('/api/attempts', { courseId: 'sample' });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  expect(started.body.questions).toHaveLength(2);
  expect(JSON.stringify(started.body)).not.toContain('"correct"');
  const submitId = crypto.randomUUID();
  const submitted = await learner.post(`/api/attempts/${started.body.id}/submit`, { submitId });
  expect(submitted.status).toBe(200);
  expect(submitted.body.result).toMatchObject({ points: 0, passed: false });
  const releases = await db1.prepare('SELECT course_id, version FROM course_releases').all();
  expect(releases.results).toEqual([{ course_id: 'sample', version: '1.2.0' }]);
});

it('serves the JWKS and the public verification API from the Workers entry', async () => {
  await setup();
  const jwks = await fetcher(new Request('http://localhost/.well-known/jwks.json'));
  expect(jwks.status).toBe(200);
  expect(await jwks.json()).toEqual({ keys: expect.any(Array) });
  const res = await fetcher(
    new Request('http://localhost/api/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID() }),
    }),
  );
  expect(await res.json()).toMatchObject({ valid: false, status: 'invalid', reason: 'unknown_certificate' });
});

it('never serves the sealed course releases to anyone, though the worker opens them', async () => {
  const { world } = await setup();
  const listing = await (env as unknown as { ASSETS: { fetch(r: Request): Promise<Response> } }).ASSETS.fetch(new Request('http://localhost/_private/'));
  expect(listing.status).not.toBe(200);
  // The assets hold it (sealed), but through the worker nobody gets it, signed in or not.
  expect((await (env as unknown as { ASSETS: { fetch(r: Request): Promise<Response> } }).ASSETS.fetch(new Request(`http://localhost${sealed.path}`))).status).toBe(200);
  for (const who of [world.anonymous(), await world.signIn('programme.admin')]) {
    expect((await who.get(sealed.path)).status).toBe(404);
  }
  const published = await db1.prepare("SELECT count(*) AS n FROM course_releases WHERE course_id = 'sample'").first<{ n: number }>();
  expect(published?.n).toBe(1);
});
