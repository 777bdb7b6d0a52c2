import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Person } from '../helpers/client';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

/** What a reply says, less what differs per request. */
const reply = async (res: Response) => {
  const text = await res.text();
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !['x-request-id', 'set-cookie', 'date'].includes(name)));
  return { status: res.status, headers, body: text.replace(/"requestId":"[^"]+"/g, '"requestId":"…"'), requestId: res.headers.get('x-request-id') };
};

describe('route groups loaded on first use (the Workers entry) and at start-up (Node)', () => {
  it('answer every kind of request alike: JSON, errors, 404s, the JWKS, the /verify page and the OpenAPI document', async () => {
    // The same world, seeded once, served both ways.
    const { t, world } = await setup({ content: built.source });
    const { createApp } = await import('../../worker/app');
    const lazy = createApp({ db: t.db, clock: t.now, clientAddress: () => '203.0.113.10', content: built.source });
    const learner = await world.signIn('learner');
    const requests: Array<[string, RequestInit?]> = [
      ['/api/health'],
      ['/api/catalogue?locale=fr'],
      ['/api/courses/sample/lessons/first-steps?locale=en'],
      ['/api/me'],
      ['/api/cohorts/not-a-cohort'],
      ['/api/no-such-thing'],
      ['/api/auth/no-such-thing'],
      ['/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":1}' }],
      ['/api/progress/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events":[]}' }],
      ['/api/spaces'],
      ['/.well-known/jwks.json'],
      ['/verify'],
    ];
    for (const [path, init] of requests) {
      const make = () =>
        new Request(`http://localhost${path}`, { ...init, headers: { origin: 'http://localhost', cookie: learner.cookie ?? '', ...(init?.headers as Record<string, string>) } });
      const [eager, onDemand] = [await reply(await t.app.fetch(make())), await reply(await lazy.fetch(make()))];
      expect(onDemand.requestId, path).toBeTruthy();
      expect({ ...onDemand, requestId: 0 }, path).toEqual({ ...eager, requestId: 0 });
      expect(onDemand.status, path).toBeLessThan(500);
    }
    // A person signs in through a group loaded on demand, and the session works in the others.
    const person = await new Person(async (req) => lazy.fetch(req)).login('trainer', world.password('trainer'));
    expect((await person.get('/api/me')).body.username).toBe('trainer');

    // The document lists every route either way, and exactly the routes there are.
    const docOf = async (app: { fetch: (r: Request) => Response | Promise<Response> }) =>
      (await (await app.fetch(new Request('http://localhost/api/openapi.json'))).json()) as { paths: Record<string, Record<string, unknown>> };
    const eagerDoc = await docOf(t.app);
    const lazyDoc = await docOf(lazy);
    expect(lazyDoc).toEqual(eagerDoc);
    const documented = Object.entries(eagerDoc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    const live = new Set(t.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.endsWith('*')).map((r) => `${r.method} ${r.path}`));
    for (const route of documented) expect(live.has(route), route).toBe(true);
    expect(documented.length).toBeGreaterThan(100);
  });
});
