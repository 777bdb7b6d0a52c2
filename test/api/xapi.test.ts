import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { publishReleases } from '../../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import { contentStore } from '../../worker/content/store';
import { outbound } from '../../worker/lti/outbound';
import { deliverQueued } from '../../worker/xapi/deliveries';
import { certify } from '../helpers/certify';
import { expectError } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { network, type Service } from '../helpers/lti-platform';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

const KEY = 'cascade-key';
const SECRET = 'cascade sécret';

/**
 * A learning record store written for the tests: PUT /statements?statementId= as xAPI 1.0.3
 * defines it (same id and same statement: 204, kept once; same id, other statement: 409). It
 * can be down, or take a statement and lose its answer, as real ones do.
 */
class TestLrs implements Service {
  readonly origin = 'https://lrs.academy.test';
  readonly stored = new Map<string, Record<string, unknown>>();
  /** Every accepted PUT, resends included. */
  puts = 0;
  /** Answer 503 to this many requests. */
  down = 0;
  /** Store this many, then answer 500 as if the answer were lost on the way. */
  loseAnswers = 0;

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname !== '/xapi/statements' || req.method !== 'PUT') return new Response('not found', { status: 404 });
    if (this.down > 0) {
      this.down--;
      return new Response('LRS under maintenance', { status: 503 });
    }
    if (req.headers.get('authorization') !== `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`) return new Response('bad credentials', { status: 401 });
    if (req.headers.get('x-experience-api-version') !== '1.0.3') return new Response('version header missing', { status: 400 });
    const id = url.searchParams.get('statementId') ?? '';
    const statement = (await req.json()) as Record<string, unknown>;
    if (statement.id !== id) return new Response('statementId does not match the statement id', { status: 400 });
    this.puts++;
    const known = this.stored.get(id);
    if (known && JSON.stringify(known) !== JSON.stringify(statement)) return new Response('conflict', { status: 409 });
    this.stored.set(id, statement);
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      return new Response('gateway timeout', { status: 500 });
    }
    return new Response(null, { status: 204 });
  }

  byVerb(verb: string) {
    return [...this.stored.values()].filter((s) => (s.verb as { id: string }).id.endsWith(`/${verb}`));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TOP_LEVEL = new Set(['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments']);
const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

function isIri(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(value) && new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

function isLanguageMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.entries(value).every(([k, v]) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(k) && typeof v === 'string');
}

/** The xAPI 1.0.3 statement rules (Data §2.4) a structural check can see; every broken rule is named. */
function statementProblems(s: Record<string, any>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, rule: string) => ok || problems.push(rule);
  for (const key of Object.keys(s)) check(TOP_LEVEL.has(key), `unknown top-level property ${key}`);
  check(!JSON.stringify(s).includes(':null'), 'no property may be null');
  check(typeof s.id === 'string' && UUID.test(s.id), 'id is a UUID (RFC 4122 variant)');
  const actor = s.actor ?? {};
  check(actor.objectType === undefined || actor.objectType === 'Agent', 'actor is an Agent');
  check(IFIS.filter((k) => k in actor).length === 1, 'actor has exactly one inverse functional identifier');
  if (actor.account) check(isIri(actor.account.homePage) && typeof actor.account.name === 'string' && actor.account.name.length > 0, 'account has an IRL homePage and a name');
  check(isIri(s.verb?.id), 'verb id is an IRI');
  check(s.verb?.display === undefined || isLanguageMap(s.verb.display), 'verb display is a language map');
  const object = s.object ?? {};
  check(object.objectType === undefined || object.objectType === 'Activity', 'object is an Activity');
  check(isIri(object.id), 'object id is an IRI');
  if (object.definition) {
    check(object.definition.name === undefined || isLanguageMap(object.definition.name), 'activity name is a language map');
    check(object.definition.type === undefined || isIri(object.definition.type), 'activity type is an IRI');
  }
  const score = s.result?.score;
  if (score) {
    check(typeof score.scaled === 'number' && score.scaled >= -1 && score.scaled <= 1, 'score.scaled is in [-1, 1]');
    check(score.min === undefined || score.max === undefined || score.min < score.max, 'score.min < score.max');
    check(score.raw === undefined || ((score.min ?? -Infinity) <= score.raw && score.raw <= (score.max ?? Infinity)), 'score.raw lies in [min, max]');
  }
  for (const flag of ['success', 'completion'] as const) check(s.result?.[flag] === undefined || typeof s.result[flag] === 'boolean', `result.${flag} is a boolean`);
  for (const parent of s.context?.contextActivities?.parent ?? []) check(isIri(parent.id), 'context activities have IRI ids');
  for (const key of Object.keys(s.context?.extensions ?? {})) check(isIri(key), 'extension keys are IRIs');
  check(typeof s.timestamp === 'string' && ISO_8601.test(s.timestamp) && !Number.isNaN(Date.parse(s.timestamp)), 'timestamp is ISO 8601 with a time zone');
  return problems;
}

async function academy() {
  const master = await importMasterKey(newMasterKeySecret());
  const lrs = new TestLrs();
  const fetch = network(lrs);
  const { t, world } = await setup({ content: built.source, issuerMasterKey: master, fetch });
  const release = fixtureRelease(built);
  await publishReleases(t.db, [release], t.now());
  const admin = await world.signIn('academy.admin');
  const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
  const content = contentStore(built.source);
  const drain = async () => (await deliverQueued(t.db, outbound(fetch, master), t.now(), content)).statements;
  const connect = (body: Record<string, unknown> = {}) =>
    admin.call('PUT', `/api/xapi/lrs/${institutionId}`, { endpoint: `${lrs.origin}/xapi`, username: KEY, password: SECRET, ...body });
  const certifyLearner = async () => {
    const [learner, trainer] = await Promise.all([world.signIn('learner'), world.signIn('trainer')]);
    const learnerId: string = (await learner.get('/api/me')).body.id;
    const issued = await certify({ learner, trainer, release, learnerId, institutionId });
    return { learnerId, certificateId: issued.id };
  };
  return { t, world, admin, institutionId, lrs, drain, connect, certifyLearner };
}

describe('xAPI statements', () => {
  it('a lesson completed, an assessment passed and a certificate issued reach the LRS as valid statements with standard verbs and versioned activity ids', async () => {
    const { world, admin, institutionId, lrs, drain, connect, certifyLearner } = await academy();
    const connected = await connect();
    expect(connected.status, JSON.stringify(connected.body)).toBe(200);
    expect(connected.body.connection).toMatchObject({ endpoint: 'https://lrs.academy.test/xapi/', username: KEY, enabled: true, homePage: 'http://localhost' });
    expect(JSON.stringify(connected.body)).not.toContain(SECRET);
    const { learnerId, certificateId } = await certifyLearner();

    expect(await drain()).toEqual({ sent: 4, failed: 0 });
    const all = [...lrs.stored.values()];
    expect(all).toHaveLength(4);
    for (const s of all) expect(statementProblems(s), JSON.stringify(s, null, 1)).toEqual([]);
    for (const s of all) expect(s.actor).toEqual({ objectType: 'Agent', name: 'Anil Shrestha', account: { homePage: 'http://localhost', name: learnerId } });

    const base = 'http://localhost/xapi/activities/courses/sample/versions/1.2.0';
    const lessons = lrs.byVerb('completed');
    expect(lessons.map((s) => (s.object as { id: string }).id).sort()).toEqual([`${base}/lessons/first-steps`, `${base}/lessons/tracing`]);
    expect(lessons[0]).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: { en: expect.any(String) } } },
      result: { completion: true },
      context: { contextActivities: { parent: [{ id: base, definition: { type: 'http://adlnet.gov/expapi/activities/course' } }] } },
    });
    const [passed] = lrs.byVerb('passed');
    expect(passed).toMatchObject({ verb: { id: 'http://adlnet.gov/expapi/verbs/passed' }, object: { id: `${base}/assessment` }, result: { success: true, score: { min: 0 } } });
    const score = (passed!.result as { score: { raw: number; max: number; scaled: number } }).score;
    expect(score.scaled).toBeCloseTo(score.raw / score.max, 4);
    const [earned] = lrs.byVerb('earned');
    expect(earned).toMatchObject({
      verb: { id: 'http://id.tincanapi.com/verb/earned' },
      object: { id: `${base}/certificate` },
      context: { extensions: { 'http://localhost/xapi/extensions/certificate': `http://localhost/verify?id=${certificateId}` } },
    });

    const status = await admin.get(`/api/xapi/lrs/${institutionId}`);
    expect(status.body.queue).toMatchObject({ pending: 0, delivered: 4, failing: 0, lastError: null });

    // The learner's own-data export lists what was sent about them.
    const exported = (await (await world.signIn('learner')).get('/api/me/export')).body;
    expect(exported.xapiStatements.map((x: { kind: string }) => x.kind).sort()).toEqual(['assessment.passed', 'certificate.issued', 'lesson.completed', 'lesson.completed']);
    expect(exported.xapiStatements.every((x: { deliveredAt: unknown; statement: unknown }) => x.deliveredAt && x.statement)).toBe(true);
    expect(exported.ltiAccounts).toEqual([]);
    expect(status.body.connection.lastDeliveredAt).toEqual(expect.any(String));
  });

  it('the statement check itself refuses what breaks the rules', async () => {
    const { lrs, drain, connect, certifyLearner } = await academy();
    await connect();
    await certifyLearner();
    await drain();
    const good = lrs.byVerb('passed')[0]!;
    const broken = structuredClone(good) as Record<string, any>;
    broken.id = 'not-a-uuid';
    broken.result.score.scaled = 1.5;
    broken.verb.id = 'passed';
    broken.actor.mbox = 'mailto:someone@example.org';
    broken.timestamp = '28/11/2026';
    broken.extra = 1;
    broken.object.definition.name = null;
    expect(statementProblems(good)).toEqual([]);
    expect(statementProblems(broken)).toEqual(
      expect.arrayContaining([
        'unknown top-level property extra',
        'no property may be null',
        'id is a UUID (RFC 4122 variant)',
        'actor has exactly one inverse functional identifier',
        'verb id is an IRI',
        'score.scaled is in [-1, 1]',
        'timestamp is ISO 8601 with a time zone',
      ]),
    );
  });

  it('a failing LRS gets every statement later, once each, even when it stored one and lost its answer', async () => {
    const { t, admin, institutionId, lrs, drain, connect, certifyLearner } = await academy();
    await connect();
    await certifyLearner();
    lrs.down = 100;
    expect(await drain()).toEqual({ sent: 0, failed: 4 });
    const waiting = (await admin.get(`/api/xapi/lrs/${institutionId}`)).body;
    expect(waiting.queue).toMatchObject({ pending: 4, delivered: 0, failing: 4, lastError: expect.stringContaining('HTTP 503: LRS under maintenance') });
    expect(waiting.connection.lastError.message).toContain('HTTP 503');
    // Nothing is due before its retry time; after it, the LRS is still down.
    expect(await drain()).toEqual({ sent: 0, failed: 0 });
    t.advance(61_000);
    expect(await drain()).toEqual({ sent: 0, failed: 4 });

    // Back up, but the first answer is lost after the LRS stored the statement.
    lrs.down = 0;
    lrs.loseAnswers = 1;
    t.advance(121_000);
    expect(await drain()).toEqual({ sent: 3, failed: 1 });
    t.advance(241_000);
    expect(await drain()).toEqual({ sent: 1, failed: 0 });
    t.advance(24 * 3_600_000);
    expect(await drain()).toEqual({ sent: 0, failed: 0 });

    expect(lrs.stored.size).toBe(4);
    // Five accepted PUTs for four statements: the resend was the same statement, kept once.
    expect(lrs.puts).toBe(5);
    expect((await admin.get(`/api/xapi/lrs/${institutionId}`)).body.queue).toMatchObject({ pending: 0, delivered: 4, failing: 0 });
  });

  it('two drains at once send each statement once', async () => {
    const { lrs, drain, connect, certifyLearner } = await academy();
    await connect();
    await certifyLearner();
    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a.sent + b.sent).toBe(4);
    expect(lrs.puts).toBe(4);
  });

  it('without an LRS, or with it switched off, nothing is queued; switched on again, new achievements are', async () => {
    const { t, world, admin, institutionId, lrs, drain, connect } = await academy();
    const learner = await world.signIn('learner');
    const complete = (lessonId: string) =>
      learner.post('/api/progress/events', { events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId, at: t.now().toISOString() }] });
    await complete('first-steps');
    await connect({ enabled: false });
    await complete('tracing');
    expect((await admin.get(`/api/xapi/lrs/${institutionId}`)).body.queue.pending).toBe(0);
    await connect({ enabled: true, password: undefined });
    await complete('tracing');
    expect(await drain()).toEqual({ sent: 1, failed: 0 });
    expect(lrs.byVerb('completed').map((s) => (s.object as { id: string }).id)).toEqual(['http://localhost/xapi/activities/courses/sample/versions/1.2.0/lessons/tracing']);
  });
});

describe('LRS settings', () => {
  it('says what is wrong with a connection, and keeps the secret to itself', async () => {
    const { admin, institutionId, lrs, drain, connect, certifyLearner } = await academy();
    const insecure = await connect({ endpoint: 'http://lrs.academy.test/xapi' });
    expect(expectError(insecure, 400, 'validation_failed').fields).toMatchObject({ 'body.endpoint': expect.stringContaining('https://') });
    const noSecret = await connect({ password: undefined });
    expect(expectError(noSecret, 400, 'validation_failed').fields).toHaveProperty('body.password');

    await connect({ password: 'not the secret' });
    await certifyLearner();
    expect(await drain()).toEqual({ sent: 0, failed: 4 });
    const refused = (await admin.get(`/api/xapi/lrs/${institutionId}`)).body;
    expect(refused.queue.lastError).toContain("refused Cascade's credentials (HTTP 401)");
    expect(JSON.stringify(refused)).not.toContain('not the secret');

    // Fixed, the admin sends at once rather than waiting for the retry.
    await connect({ password: SECRET });
    const sent = await admin.post(`/api/xapi/lrs/${institutionId}/send`);
    expect(sent.body).toMatchObject({ sent: 4, failed: 0, queue: { pending: 0, delivered: 4 } });
    expect(lrs.stored.size).toBe(4);

    expect((await admin.delete(`/api/xapi/lrs/${institutionId}`)).status).toBe(204);
    expect((await admin.get(`/api/xapi/lrs/${institutionId}`)).body.connection).toBeNull();
    const audit = JSON.stringify((await admin.get(`/api/institutions/${institutionId}/audit`)).body);
    expect(audit).toContain('xapi.lrs_connected');
    expect(audit).toContain('xapi.lrs_disconnected');
    expect(audit).not.toContain(SECRET);
  });

  it('an unknown institution is a 404', async () => {
    const { world } = await academy();
    const programme = await world.signIn('programme.admin');
    expectError(await programme.get(`/api/xapi/lrs/${crypto.randomUUID()}`), 404, 'not_found');
  });
});
