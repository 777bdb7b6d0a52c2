import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterEach, expect, it, vi } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher } from '../helpers/client';
import { seedWorld } from '../helpers/world';
import entry from '../../worker/index';

const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);
const DB = (env as unknown as { DB: D1Database }).DB;

afterEach(() => vi.unstubAllGlobals());

it('the per-minute trigger sends a statement that D1’s trigger queued to the institution’s LRS, once, and it stays sent', async () => {
  expect((await fetcher(new Request('http://localhost/api/health'))).status).toBe(200);
  const world = await seedWorld(dbFromD1(DB), fetcher, new Date());
  const admin = await world.signIn('academy.admin');
  const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
  const connected = await admin.call('PUT', `/api/xapi/lrs/${institutionId}`, { endpoint: 'https://lrs.academy.test/xapi/', username: 'key', password: 'secret' });
  expect(connected.status, JSON.stringify(connected.body)).toBe(200);
  const learner = await world.signIn('learner');
  const event = { id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: new Date().toISOString() };
  expect((await learner.post('/api/progress/events', { events: [event] })).status).toBe(200);
  expect((await admin.get(`/api/xapi/lrs/${institutionId}`)).body.queue).toMatchObject({ pending: 1, delivered: 0 });

  // The LRS on the other side of the network: only the network is stood in for, not Cascade.
  const received: Array<{ url: string; auth: string | null; statement: Record<string, unknown> }> = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    received.push({ url: req.url, auth: req.headers.get('authorization'), statement: await req.json() });
    return new Response(null, { status: 204 });
  });
  const tick = async () => {
    const ctx = createExecutionContext();
    await entry.scheduled!(createScheduledController({ scheduledTime: new Date(), cron: '* * * * *' }), env as Record<string, unknown>, ctx);
    await waitOnExecutionContext(ctx);
  };
  await tick();
  await tick();
  expect(received).toHaveLength(1);
  expect(received[0]!.url).toMatch(/^https:\/\/lrs\.academy\.test\/xapi\/statements\?statementId=[0-9a-f-]{36}$/);
  expect(received[0]!.auth).toBe(`Basic ${btoa('key:secret')}`);
  expect(received[0]!.statement).toMatchObject({
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { id: 'http://localhost/xapi/activities/courses/sample/versions/1.2.0/lessons/first-steps', definition: { name: { en: expect.any(String) } } },
  });
  expect((await admin.get(`/api/xapi/lrs/${institutionId}`)).body.queue).toMatchObject({ pending: 0, delivered: 1 });
});
