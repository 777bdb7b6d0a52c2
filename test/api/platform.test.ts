import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { Person, expectError } from '../helpers/client';
import { freshApps } from '../helpers/node-app';

const setup = freshApps();

describe('security headers', () => {
  it('sets CSP without inline script, nosniff, a referrer policy and frame-ancestors none', async () => {
    const { world } = await setup();
    const res = await world.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('adds HSTS on https', async () => {
    const { t } = await setup();
    const res = await new Person(t.fetcher, 'https://learn.example.org').get('/api/health');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });
});

describe('security headers on every kind of response', () => {
  it('JSON, errors, 404s, 401s, CSV, attachments, the /verify page and preflights all carry them, and no CORS opens the API', async () => {
    const { t, world } = await setup();
    const admin = await world.signIn('academy.admin');
    const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const raw = (path: string, init: RequestInit = {}, origin = 'https://learn.example.org') =>
      t.fetcher(new Request(`${origin}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: admin.cookie ?? '' } }));
    const kinds: Array<[string, Promise<Response>, number]> = [
      ['JSON', raw('/api/me'), 200],
      ['validation error', raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://learn.example.org' }, body: '{"username":1}' }), 400],
      ['unknown route', raw('/api/no-such-thing'), 404],
      ['signed out', t.fetcher(new Request('https://learn.example.org/api/me')), 401],
      ['CSV', raw(`/api/reports/handover?institutionId=${institutionId}&format=csv&table=summary`), 200],
      ['attachment', raw('/api/me/export'), 200],
      ['HTML page', raw('/verify'), 200],
      ['OpenAPI', raw('/api/openapi.json'), 200],
      ['preflight from elsewhere', raw('/api/me', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' } }), -1],
    ];
    for (const [kind, pending, status] of kinds) {
      const res = await pending;
      if (status > 0) expect(res.status, kind).toBe(status);
      else expect(res.status, kind).toBeLessThan(500);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, kind).toContain("frame-ancestors 'none'");
      expect(csp, kind).toContain("script-src 'self'");
      expect(csp, kind).not.toContain('unsafe-inline');
      expect(res.headers.get('strict-transport-security'), kind).toMatch(/max-age=\d{7,}/);
      expect(res.headers.get('x-content-type-options'), kind).toBe('nosniff');
      // Same origin only: no Access-Control-Allow-* header ever invites another site in.
      expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-')), kind).toEqual([]);
    }
  });
});

describe('origin check on state changes', () => {
  const body = (code: string) => ({ username: 'kofi', password: 'long enough pass', displayName: 'Kofi', joinCode: code });

  it('refuses a cross-site Origin and stores nothing', async () => {
    const { t, world } = await setup();
    const before = await t.db.select({ n: count() }).from(users);
    const res = await new Person(t.fetcher).call('POST', '/api/auth/register', body(world.seed.joinCode), {
      origin: 'https://evil.example',
    });
    expectError(res, 403, 'origin_mismatch');
    expect(await t.db.select({ n: count() }).from(users)).toEqual(before);
  });

  it('refuses Sec-Fetch-Site: cross-site without an Origin', async () => {
    const { t, world } = await setup();
    const p = new Person(t.fetcher);
    const res = await t.fetcher(
      new Request('http://localhost/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
        body: JSON.stringify(body(world.seed.joinCode)),
      }),
    );
    expect(res.status).toBe(403);
    expect(p.cookie).toBeUndefined();
  });

  it('allows a configured trusted origin (a reverse proxy in front of the Node entry)', async () => {
    const { t, world } = await setup({ trustedOrigins: ['https://learn.academy.example'] });
    const res = await new Person(t.fetcher).call('POST', '/api/auth/login', { username: 'learner', password: world.password('learner') }, {
      origin: 'https://learn.academy.example',
    });
    expect(res.status).toBe(200);
  });

  it('lets reads through from anywhere (they change nothing)', async () => {
    const { t } = await setup();
    const res = await new Person(t.fetcher).call('GET', '/api/health', undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(200);
  });
});

describe('bad input never reaches a 500', () => {
  it('malformed JSON is 400 malformed_json with a request id', async () => {
    const { world } = await setup();
    const res = await world.anonymous().post('/api/auth/login', '{"username": "learner",');
    const err = expectError(res, 400, 'malformed_json');
    expect(err.requestId).toMatch(/^[\w-]{8,}$/);
    expect(res.headers.get('x-request-id')).toBe(err.requestId);
  });

  it('a body that is not JSON at all is refused with a 4xx', async () => {
    const { world } = await setup();
    const res = await world.anonymous().call('POST', '/api/auth/login', 'username=learner', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toEqual(expect.any(String));
  });

  it('a text/plain body is 415 unsupported_media_type', async () => {
    const { world } = await setup();
    const res = await world.anonymous().call('POST', '/api/auth/login', '{"username":"learner"}', { 'content-type': 'text/plain' });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('a JSON array, null or a string where an object belongs is 400', async () => {
    const { world } = await setup();
    for (const raw of ['[]', 'null', '"hi"', '42']) {
      expectError(await world.anonymous().post('/api/auth/login', raw), 400, 'validation_failed');
    }
  });

  it('a body over 64 KB is 413', async () => {
    const { world } = await setup();
    const res = await world.anonymous().post('/api/auth/login', { username: 'learner', password: 'x'.repeat(70_000) });
    expectError(res, 413, 'payload_too_large');
  });

  it('odd Unicode and SQL in fields are just data', async () => {
    const { world } = await setup();
    const learner = await world.signIn('learner');
    expectError(await learner.patch('/api/me', { displayName: 'nul\u0000byte' }), 400, 'validation_failed');
    const name = "Robert'); DROP TABLE users;-- \u202e 🧭";
    const res = await learner.patch('/api/me', { displayName: name });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe(name.trim());
    expect((await learner.get('/api/me')).body.displayName).toBe(name.trim());
  });
});

describe('found by what people type', () => {
  it('an id pasted in upper case finds its row', async () => {
    const { world } = await setup();
    const admin = await world.signIn('academy.admin');
    const id: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const res = await admin.get(`/api/institutions/${id.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
  });

  it('institution names are unique whatever their case', async () => {
    const { world } = await setup();
    const programme = await world.signIn('programme.admin');
    const res = await programme.post('/api/institutions', { name: world.seed.institution.toUpperCase(), kind: 'academy', country: 'NP' });
    expectError(res, 409, 'institution_exists');
  });

  it('an invitation into a full cohort is refused like a join code', async () => {
    const { world, t } = await setup();
    const admin = await world.signIn('academy.admin');
    const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const cohort = await admin.post(`/api/institutions/${institutionId}/cohorts`, { name: 'One seat', capacity: 1 });
    const first = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'first.in',
      password: 'long enough pass',
      displayName: 'First',
      joinCode: cohort.body.joinCode,
    });
    expect(first.status).toBe(201);
    const invite = await admin.post(`/api/institutions/${institutionId}/invitations`, { role: 'learner', cohortId: cohort.body.id });
    const before = await t.db.select({ n: count() }).from(users);
    const late = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'second.in',
      password: 'long enough pass',
      displayName: 'Second',
      invitation: invite.body.token,
    });
    expectError(late, 409, 'cohort_full');
    expect(await t.db.select({ n: count() }).from(users)).toEqual(before);
    // A trainer invited into the same full cohort still has a seat.
    const trainerInvite = await admin.post(`/api/institutions/${institutionId}/invitations`, { role: 'trainer', cohortId: cohort.body.id });
    const trainer = await new Person(t.fetcher).post('/api/auth/register', {
      username: 'co.trainer',
      password: 'long enough pass',
      displayName: 'Co-trainer',
      invitation: trainerInvite.body.token,
    });
    expect(trainer.status).toBe(201);
  });
});

describe('routing', () => {
  it('unknown API routes are JSON 404s naming the route', async () => {
    const { world } = await setup();
    const err = expectError(await world.anonymous().get('/api/nothing/here'), 404, 'route_not_found');
    expect(err.message).toContain('GET /api/nothing/here');
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const { world } = await setup();
    const res = await world.anonymous().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/me', '/api/institutions/{institutionId}/members']),
    );
    expect(res.body.components.schemas.Error).toBeDefined();
    expect(res.body.paths['/api/auth/register'].post.requestBody.content['application/json'].schema).toBeDefined();
  });
});

describe('audit log', () => {
  it('refuses updates and deletes at the database', async () => {
    const { t, world } = await setup();
    const admin = await world.signIn('programme.admin');
    await admin.post('/api/institutions', { name: 'Audit Test Academy', kind: 'academy', country: 'KG' });
    await expect(t.client.execute('UPDATE audit_log SET action = \'x\'')).rejects.toThrow(/append-only/);
    await expect(t.client.execute('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const rows = await t.client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'institution.created'");
    expect(rows.rows[0]?.n).toBe(1);
  });
});
