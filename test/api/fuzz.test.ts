/**
 * Property-based input testing of every route, from the live route table and the app's own
 * OpenAPI document. For each route, requests are generated from its documented schema (valid
 * ones, boundaries, malformed bodies, odd Unicode, injection payloads, huge strings, wrong
 * content types, malformed and another tenant's ids) and sent by a person allowed on it.
 * Whatever comes:
 * - never a 5xx, also under D1's limit of 100 bound parameters a statement;
 * - every refusal is a 4xx with `{ error: { code, message } }` (JSON, so nothing renders), or
 *   for a browser on an LTI page, a refusal page;
 * - a refused request changes no stored row.
 * Each route starts from the same world, copied from one template database, so no route's
 * writes disturb another's; within a route, the runs share their state, as real clients do.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import fc from 'fast-check';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { dbFromLibsql } from '../../db/client';
import { migrate } from '../../db/migrate';
import { CORE_COURSES } from '../../db/seed-demo';
import { questionIndex } from '../../worker/assessments/draw';
import { publishReleases } from '../../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import { createApp } from '../../worker/app';
import type { OutboundFetch } from '../../worker/context';
import { loadRouteModules } from '../../worker/route-groups';
import { certify } from '../helpers/certify';
import { ORIGIN, Person, type Fetcher } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { RequestGen, SCRIPT_MARKER, WriteWatch, withD1ParameterLimit, type Exemptions, type FuzzRequest, type OpenApiDoc, type Operation, type Pools } from '../helpers/fuzz';
import { seedWorld } from '../helpers/world';

type Persona = 'anonymous' | 'learner' | 'mentor' | 'trainer' | 'academy.admin' | 'programme.admin';

/**
 * Who sends each route's requests: someone the permission matrix allows there, chosen so the
 * requests reach as far into the handler as they can. A route not listed is sent by the
 * programme admin, who is allowed everywhere, so a new route is fuzzed from the day it exists.
 */
const PERSONA: Record<string, Persona> = {
  'GET /api/health': 'anonymous',
  'GET /api/openapi.json': 'anonymous',
  'GET /api/catalogue': 'anonymous',
  'GET /api/courses/:courseId': 'learner',
  'GET /api/courses/:courseId/lessons/:lessonId': 'learner',
  'GET /api/courses/:courseId/cartridge': 'academy.admin',
  'POST /api/auth/register': 'anonymous',
  'POST /api/auth/login': 'anonymous',
  'POST /api/auth/reset': 'anonymous',
  'POST /api/auth/logout': 'learner',
  'GET /api/me': 'learner',
  'PATCH /api/me': 'learner',
  'POST /api/me/password': 'learner',
  'GET /api/me/export': 'learner',
  'DELETE /api/me': 'learner',
  'POST /api/me/sessions/end': 'learner',
  'POST /api/me/cohorts': 'learner',
  'GET /api/progress': 'learner',
  'POST /api/progress/events': 'learner',
  'POST /api/attempts': 'learner',
  'GET /api/attempts': 'learner',
  'GET /api/attempts/:attemptId': 'learner',
  'PUT /api/attempts/:attemptId/answers/:questionId': 'learner',
  'POST /api/attempts/:attemptId/submit': 'learner',
  'POST /api/assessments/practicals': 'trainer',
  'GET /api/assessments/practicals/:practicalId': 'trainer',
  'POST /api/assessments/practicals/:practicalId/moderation': 'trainer',
  'POST /api/assessments/attempts/:attemptId/scores': 'trainer',
  'GET /api/assessments/:courseId/item-stats': 'trainer',
  'GET /api/assessments/:courseId/eligibility': 'trainer',
  'POST /api/certificates': 'trainer',
  'GET /api/certificates': 'learner',
  'POST /api/certificates/bulk': 'trainer',
  'POST /api/certificates/:certificateId/status': 'academy.admin',
  'POST /api/verify': 'anonymous',
  'GET /api/verify/offline': 'anonymous',
  'GET /api/status-lists/:institutionId/:purpose': 'anonymous',
  'GET /.well-known/jwks.json': 'anonymous',
  'GET /verify': 'anonymous',
  'POST /verify': 'anonymous',
  'PATCH /api/cohorts/:cohortId': 'academy.admin',
  'POST /api/cohorts/:cohortId/join-code': 'trainer',
  'PUT /api/cohorts/:cohortId/trainers/:userId': 'academy.admin',
  'DELETE /api/cohorts/:cohortId/trainers/:userId': 'academy.admin',
  'GET /api/cohorts/:cohortId/board': 'trainer',
  'POST /api/cohorts/:cohortId/roster': 'trainer',
  'GET /api/cohorts/:cohortId/announcements': 'learner',
  'POST /api/cohorts/:cohortId/announcements': 'trainer',
  'GET /api/cohorts/:cohortId/members': 'trainer',
  'POST /api/cohorts/:cohortId/members/:userId/reset-code': 'trainer',
  'GET /api/mentors/me': 'mentor',
  'PUT /api/mentors/me': 'mentor',
  'GET /api/mentors/pending': 'academy.admin',
  'POST /api/mentors/:userId/review': 'academy.admin',
  'GET /api/mentors': 'learner',
  'GET /api/mentors/:userId/badge': 'mentor',
  'POST /api/mentors/:userId/badge': 'academy.admin',
  'POST /api/mentors/suggestions': 'learner',
  'GET /api/mentorships': 'learner',
  'POST /api/mentorships/requests': 'learner',
  'POST /api/mentorships/requests/:requestId/response': 'mentor',
  'POST /api/mentorships/requests/:requestId/withdraw': 'learner',
  'GET /api/mentorships/:mentorshipId': 'mentor',
  'POST /api/mentorships/:mentorshipId/sessions': 'mentor',
  'POST /api/mentorships/:mentorshipId/close': 'learner',
  'GET /api/notifications': 'mentor',
  'POST /api/notifications/read': 'mentor',
  'POST /api/consultations/screen': 'learner',
  'POST /api/consultations': 'learner',
  'GET /api/consultations': 'mentor',
  'GET /api/consultations/:consultationId': 'mentor',
  'POST /api/consultations/:consultationId/replies': 'mentor',
  'GET /api/consultations/:consultationId/views': 'learner',
  'DELETE /api/consultations/:consultationId': 'learner',
  'GET /api/spaces': 'learner',
  'POST /api/spaces/:spaceId/join': 'learner',
  'POST /api/spaces/:spaceId/leave': 'learner',
  'GET /api/spaces/:spaceId/threads': 'learner',
  'GET /api/spaces/posts/:postId': 'learner',
  'POST /api/spaces/:spaceId/posts': 'learner',
  'POST /api/spaces/posts/:postId/report': 'trainer',
  'GET /api/spaces/:spaceId/reports': 'mentor',
  'POST /api/spaces/posts/:postId/moderation': 'mentor',
  'GET /api/qualifications': 'academy.admin',
  'POST /api/qualifications': 'trainer',
  'GET /api/cascade/:courseId/lineage': 'trainer',
  'GET /api/trainers/:userId': 'academy.admin',
  'GET /api/reports/handover': 'academy.admin',
  'GET /api/reports/learners': 'academy.admin',
  'GET /api/institutions': 'academy.admin',
  'GET /api/institutions/:institutionId': 'academy.admin',
  'GET /api/institutions/:institutionId/members': 'academy.admin',
  'POST /api/institutions/:institutionId/members': 'academy.admin',
  'DELETE /api/institutions/:institutionId/members/:membershipId': 'academy.admin',
  'POST /api/institutions/:institutionId/invitations': 'academy.admin',
  'POST /api/institutions/:institutionId/cohorts': 'academy.admin',
  'GET /api/institutions/:institutionId/cohorts': 'academy.admin',
  'GET /api/institutions/:institutionId/audit': 'academy.admin',
  'GET /api/institutions/:institutionId/adoptions': 'academy.admin',
  'POST /api/institutions/:institutionId/adoptions': 'academy.admin',
  'DELETE /api/institutions/:institutionId/adoptions/:adoptionId': 'academy.admin',
  // What an LTI platform and its users' browsers call, from outside.
  'GET /lti/jwks.json': 'anonymous',
  'GET /lti/lti.css': 'anonymous',
  'GET /lti/return.js': 'anonymous',
  'GET /lti/login': 'anonymous',
  'POST /lti/login': 'anonymous',
  'POST /lti/launch': 'anonymous',
  'GET /lti/open/:platformId': 'anonymous',
  'GET /lti/deep-links/:linkId': 'learner',
  'POST /lti/deep-links/:linkId': 'learner',
};

/**
 * The routes that are not in the OpenAPI document, by design: the document itself, the
 * issuers' public keys, the verification page (HTML and a form, not JSON) and the LTI 1.3
 * endpoints that platforms and their users' browsers call. Described here by hand, after the
 * code that reads them; a live route in neither place fails the first test.
 */
const LANG = { name: 'lang', in: 'query', schema: { type: 'string', enum: ['en', 'fr', 'es', 'ru', 'ar'] } } as const;
/** worker/lti/login.ts, LoginRequest: the platform's OIDC login initiation, as a query or a form. */
const LTI_LOGIN = {
  type: 'object',
  properties: {
    iss: { type: 'string', minLength: 1, maxLength: 2000 },
    login_hint: { type: 'string', minLength: 1, maxLength: 2000 },
    target_link_uri: { type: 'string', minLength: 1, maxLength: 2000 },
    lti_message_hint: { type: 'string', maxLength: 4000 },
    client_id: { type: 'string', maxLength: 255 },
    lti_deployment_id: { type: 'string', maxLength: 255 },
  },
  required: ['iss', 'login_hint', 'target_link_uri'],
};
const asQuery = (schema: { properties: Record<string, object>; required: string[] }) =>
  Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query' as const, required: schema.required.includes(name), schema: s }));
const form = (schema: object) => ({ content: { 'application/x-www-form-urlencoded': { schema } } });
const LINK_ID = { name: 'linkId', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } } as const;
const UNDOCUMENTED: Record<string, Operation> = {
  'GET /api/openapi.json': {},
  'GET /.well-known/jwks.json': {},
  'GET /verify': { parameters: [{ name: 'id', in: 'query', schema: { type: 'string', format: 'uuid' } }, LANG] },
  'POST /verify': {
    parameters: [LANG],
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': {
          schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, credential: { type: 'string', maxLength: 20_000 } } },
        },
      },
    },
  },
  'GET /lti/jwks.json': {},
  'GET /lti/lti.css': {},
  'GET /lti/return.js': {},
  'GET /lti/login': { parameters: asQuery(LTI_LOGIN) },
  'POST /lti/login': { requestBody: form(LTI_LOGIN) },
  // worker/lti/launch.ts, LaunchForm.
  'POST /lti/launch': {
    requestBody: form({ type: 'object', properties: { id_token: { type: 'string', minLength: 1, maxLength: 60_000 }, state: { type: 'string', minLength: 1, maxLength: 500 } }, required: ['id_token', 'state'] }),
  },
  'GET /lti/open/:platformId': {
    parameters: [
      { name: 'platformId', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } },
      { name: 'to', in: 'query', schema: { type: 'string' } },
    ],
  },
  'GET /lti/deep-links/:linkId': { parameters: [LINK_ID] },
  'POST /lti/deep-links/:linkId': { parameters: [LINK_ID], requestBody: form({ type: 'object', properties: { item: { type: 'string' } } }) },
};

/** Succeeding here ends or replaces the person’s session or account: the next run starts from the template again. */
const FRESH_AFTER_SUCCESS = new Set(['POST /api/auth/logout', 'POST /api/me/sessions/end', 'POST /api/me/password', 'DELETE /api/me']);
/** Each of these hashes a password (PBKDF2, ~40 ms): fewer runs keep the file's time down. */
const HASHES_PASSWORDS = new Set(['POST /api/auth/register', 'POST /api/auth/login', 'POST /api/auth/reset', 'POST /api/me/password', 'DELETE /api/me']);

/** What a refused request may rightly change, each with its reason. */
const MAY_CHANGE_ON_REFUSAL: Exemptions = {
  // A refused sign-in, reset or password check counts a failure there: the rate limit working.
  login_throttle: 'all',
  // A refused LTI launch is kept on its platform for the academy's admin to read
  // (worker/lti/errors.ts); nothing else of the platform's row may change.
  lti_platforms: ['last_error_code', 'last_error_message', 'last_error_at'],
};

const NOW = new Date('2026-11-28T09:00:00.000Z');
const built = builtFixtureContent();
const release = fixtureRelease(built);
const master = await importMasterKey(newMasterKeySecret());
// Every route group loaded and mounted at once, as the Node entry does.
const routeModules = await loadRouteModules();
const dir = mkdtempSync(join(tmpdir(), 'cascade-fuzz-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(built.dir, { recursive: true, force: true });
});

/**
 * Cascade's own requests to academies' systems (platforms' keys, gradebooks, LRSs) never leave the
 * test, whatever address a fuzzed body names: each system is up and knows nothing, so a key set is
 * empty and anything else is not found.
 */
const quietNetwork: OutboundFetch = async (input) => {
  const url = input instanceof Request ? input.url : String(input);
  return /jwks|certs|keys/i.test(url) ? Response.json({ keys: [] }) : new Response('Not found.', { status: 404 });
};

/** An app on a database file; with `d1`, statements are held to D1's parameter limit. */
function openApp(file: string, options: { d1?: boolean } = {}) {
  const client = createClient({ url: `file:${file}` });
  const db = dbFromLibsql(options.d1 ? withD1ParameterLimit(client) : client);
  const app = createApp({ db, clock: () => NOW, clientAddress: () => '203.0.113.10', content: built.source, issuerMasterKey: master, routeModules, fetch: quietNetwork });
  const fetcher: Fetcher = async (req) => app.fetch(req);
  return { client, db, app, fetcher };
}

/** The demo world, with one of everything the routes take an id of, and a second tenant. */
async function buildTemplate() {
  const file = join(dir, 'template.db');
  const t = openApp(file);
  await migrate(t.db);
  const world = await seedWorld(t.db, t.fetcher, NOW);
  await publishReleases(t.db, [release], NOW);
  const ok = (what: string, res: { status: number; body: unknown }) => {
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body as any;
  };
  const people = {
    learner: await world.signIn('learner'),
    mentor: await world.signIn('mentor'),
    trainer: await world.signIn('trainer'),
    'academy.admin': await world.signIn('academy.admin'),
    'programme.admin': await world.signIn('programme.admin'),
  };
  const me = ok('me', await people.learner.get('/api/me'));
  const institutionId: string = me.memberships[0].institutionId;
  const cohortId: string = me.cohorts[0].id;
  const mentorId: string = ok('mentor me', await people.mentor.get('/api/me')).id;

  // Another tenant: an academy with its own admin and cohort.
  const programme = people['programme.admin'];
  const other = ok('other academy', await programme.post('/api/institutions', { name: 'Other Academy', kind: 'academy', country: 'EG' }));
  const otherCohort = ok('other cohort', await programme.post(`/api/institutions/${other.id}/cohorts`, { name: 'Other cohort' }));
  const invite = ok('invitation', await programme.post(`/api/institutions/${other.id}/invitations`, { role: 'institution_admin' }));
  ok('other admin', await new Person(t.fetcher).post('/api/auth/register', { username: 'other.admin', password: 'long enough pass', displayName: 'Other Admin', invitation: invite.token }));
  const extra = new Person(t.fetcher);
  ok('extra learner', await extra.post('/api/auth/register', { username: 'fuzz.extra', password: 'long enough pass', displayName: 'Fuzz Extra', joinCode: world.seed.joinCode }));
  const extraId: string = ok('extra me', await extra.get('/api/me')).id;

  // A certificate, so attempts, practicals, certificates and status lists exist.
  const certificate = await certify({ learner: people.learner, trainer: people.trainer, release, learnerId: me.id, institutionId });
  const requested = ok('mentorship request', await people.learner.post('/api/mentorships/requests', { mentorId, needs: 'Help tracing remittances in a labour case.' }));
  ok(
    'mentorship accepted',
    await people.mentor.post(`/api/mentorships/requests/${requested.id}/response`, { decision: 'accept', agreement: { goals: 'Trace the money in one live case.', startsOn: '2026-12-01', cadence: 'monthly' } }),
  );
  ok('pending request', await extra.post('/api/mentorships/requests', { mentorId, needs: 'Help with interviewing victims safely.' }));
  ok(
    'consultation',
    await people.learner.post('/api/consultations', {
      jurisdiction: 'NP',
      offenceType: 'smuggling',
      stage: 'investigation',
      question: 'How do you separate smuggling from trafficking at the border interview?',
      mentorIds: [mentorId],
    }),
  );
  // In the country space, which the demo mentor moderates.
  const spaces = ok('spaces', await people.learner.get('/api/spaces')).spaces as Array<{ id: string; kind: string }>;
  const country = spaces.find((s) => s.kind === 'country')!;
  const post = ok('post', await people.learner.post(`/api/spaces/${country.id}/posts`, { clientId: crypto.randomUUID(), title: 'First thread', body: 'A question.' }));
  ok('report', await people.trainer.post(`/api/spaces/posts/${post.id}/report`, { reason: 'Testing moderation.' }));
  ok('endorsement', await programme.post('/api/endorsements', { courseId: release.courseId }));
  ok(
    'adoption',
    await people['academy.admin'].post(`/api/institutions/${institutionId}/adoptions`, { courseId: release.courseId, courseVersion: release.version, programme: 'Basic police training', year: 2027 }),
  );
  ok('announcement', await people.trainer.post(`/api/cohorts/${cohortId}/announcements`, { body: 'Session moved to Thursday.' }));
  const resetCode = ok('reset code', await people.trainer.post(`/api/cohorts/${cohortId}/members/${extraId}/reset-code`)).code as string;
  const learnerInvite = ok('learner invitation', await people['academy.admin'].post(`/api/institutions/${institutionId}/invitations`, { role: 'learner', cohortId })).token as string;

  // An LTI platform, one login started from it (its state, unbound to the fuzzing browser), and
  // id_tokens that look right: signed by a key the platform never published, and unsigned.
  const lms = { issuer: 'https://lms.example.org', clientId: 'cascade-client', deploymentIds: ['1'] };
  const platform = ok(
    'lti platform',
    await people['academy.admin'].post('/api/lti/platforms', {
      institutionId,
      name: 'Academy Moodle',
      ...lms,
      jwksUrl: `${lms.issuer}/jwks`,
      authUrl: `${lms.issuer}/auth`,
      tokenUrl: `${lms.issuer}/token`,
    }),
  );
  const loginQuery = new URLSearchParams({ iss: lms.issuer, login_hint: 'lms-user-1', target_link_uri: `${ORIGIN}/lti/launch`, client_id: lms.clientId });
  const started = await t.fetcher(new Request(`${ORIGIN}/lti/login?${loginQuery}`));
  expect(started.status, await started.clone().text()).toBe(302);
  const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
  const claims = {
    sub: 'lms-user-1',
    nonce: 'n-1',
    'https://purl.imsglobal.org/spec/lti/claim/deployment_id': '1',
    'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
    'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
  };
  const { privateKey } = await generateKeyPair('RS256');
  const signed = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(lms.issuer).setAudience(lms.clientId).setIssuedAt().setExpirationTime('1h').sign(privateKey);
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64({ alg: 'none' })}.${b64({ ...claims, iss: lms.issuer, aud: lms.clientId })}.`;

  const idsOf = async (table: string) => (await t.client.execute(`SELECT id FROM "${table}"`)).rows.map((r) => String(r.id));
  const userIds = await idsOf('users');
  const pools: Pools = {
    institutionId: [institutionId, other.id],
    cohortId: [cohortId, otherCohort.id],
    userId: userIds,
    learnerId: [me.id, extraId, ...userIds],
    mentorId: [mentorId, ...userIds],
    membershipId: await idsOf('memberships'),
    courseId: [release.courseId, ...CORE_COURSES, 'no-such-course'],
    lessonId: release.lessons,
    questionId: [...questionIndex(release).keys()],
    courseVersion: [release.version, '0.0.0'],
    attemptId: await idsOf('attempts'),
    practicalId: await idsOf('practical_assessments'),
    certificateId: await idsOf('certificates'),
    id: [certificate.id],
    credential: [certificate.credential],
    qualificationId: await idsOf('trainer_qualifications'),
    endorsementId: await idsOf('endorsements'),
    adoptionId: await idsOf('curriculum_adoptions'),
    requestId: await idsOf('mentorship_requests'),
    mentorshipId: await idsOf('mentorships'),
    consultationId: await idsOf('consultations'),
    spaceId: await idsOf('spaces'),
    postId: await idsOf('posts'),
    threadId: [post.id],
    username: ['learner', 'trainer', 'mentor', 'academy.admin', 'programme.admin', 'other.admin', 'fuzz.extra'],
    password: [world.password('learner'), 'long enough pass'],
    currentPassword: [world.password('learner')],
    joinCode: [world.seed.joinCode, otherCohort.joinCode],
    invitation: [learnerInvite],
    code: [resetCode],
    email: ['amina.k@example.org', 'x@example.com'],
    'mentorIds[]': [mentorId, ...userIds],
    'ids[]': await idsOf('notifications'),
    'cohortIds[]': [cohortId, otherCohort.id],
    'trainers[]': ['trainer', 'academy.admin', 'learner', 'other.admin'],
    'courses[]': [release.courseId, ...CORE_COURSES],
    platformId: [platform.id],
    iss: [lms.issuer],
    client_id: [lms.clientId],
    lti_deployment_id: lms.deploymentIds,
    login_hint: ['lms-user-1'],
    target_link_uri: [`${ORIGIN}/lti/launch`, 'https://elsewhere.example/launch'],
    id_token: [signed, unsigned, certificate.credential],
    state: [state],
    to: ['/courses/sample', '//elsewhere.example', 'javascript:alert(1)', '/\\elsewhere.example'],
  };
  await WriteWatch.install(t.client);
  const doc = (await (await t.fetcher(new Request(`${ORIGIN}/api/openapi.json`))).json()) as OpenApiDoc;
  const routes = [
    ...new Set(
      t.app.routes
        // Every route the app answers but the catch-alls (not-found, sealed files, the web app).
        .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
        .map((r) => `${r.method} ${r.path}`),
    ),
  ].sort();
  const cookies = Object.fromEntries(Object.entries(people).map(([k, p]) => [k, p.cookie])) as Record<Persona, string | undefined>;
  t.client.close();
  return { file, doc, routes, pools, cookies };
}

const template = await buildTemplate();
const gen = new RequestGen(template.doc, template.pools);

/** The documented operations, by live route key (`POST /api/cohorts/:cohortId/roster`). */
const documented = new Map<string, Operation>(
  Object.entries(template.doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op] as const)),
);

/** A route's own copy of the template world; `close` also removes the copy. */
async function routeWorld(route: string) {
  const file = join(dir, `${route.replace(/[^a-z0-9]+/gi, '_')}.db`);
  copyFileSync(template.file, file);
  const t = openApp(file, { d1: true });
  const close = () => {
    t.client.close();
    rmSync(file, { force: true });
  };
  return { ...t, close, watch: await WriteWatch.open(t.client, MAY_CHANGE_ON_REFUSAL) };
}

interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

/**
 * Now and then the session cookie or the language header is garbage instead, as a proxy, an old
 * browser or an attacker may send: that must be a 401 or be ignored, never a failure. And now and
 * then the request asks for HTML, as a browser navigating does.
 */
const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 14, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { cookie: 'cascade_session=%' },
      { cookie: 'cascade_session=%E0%A4%A' },
      { cookie: `cascade_session=${'x'.repeat(20_000)}` },
      { cookie: 'cascade_session=a; cascade_session=b' },
      { cookie: '=; ;;; =x' },
      { 'accept-language': 'ÿ;q=abc,,,;;' },
      { 'accept-language': `${'ar-'.repeat(5_000)}EG` },
    ),
  },
  // A browser asking for a page, as one in an LTI platform's frame does.
  { weight: 2, arbitrary: fc.constant({ accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' }) },
);

async function send(fetcher: Fetcher, method: string, req: FuzzRequest, cookie: string | undefined, odd: Record<string, string> = {}): Promise<Reply> {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (cookie) headers.cookie = cookie;
  Object.assign(headers, odd);
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  // A string body would get text/plain from Request itself; bytes get no content type at all.
  const body = req.contentType === undefined && typeof req.body === 'string' ? new TextEncoder().encode(req.body) : req.body;
  const res = await fetcher(new Request(`${ORIGIN}${req.url}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: parsed };
}

const clip = (s: unknown, n = 400) => {
  const text = typeof s === 'string' ? s : s instanceof Uint8Array ? `<${s.length} bytes>` : JSON.stringify(s);
  return text === undefined ? 'undefined' : text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text;
};

/** The invariants every response keeps, whatever was sent. */
function expectSafe(route: string, req: FuzzRequest, odd: Record<string, string>, res: Reply, changed: string[]) {
  const why = `${route} ${req.kind}\n  headers: ${clip(odd, 120)}\n  url: ${clip(req.url, 300)}\n  content-type: ${req.contentType}\n  body: ${clip(req.body)}\n  → ${res.status} ${clip(res.text)}`;
  expect(res.status, why).toBeLessThan(500);
  if (res.contentType.includes('text/html')) expect(res.text.includes(SCRIPT_MARKER), `a page echoed a script unescaped\n${why}`).toBe(false);
  if (res.status < 400) return;
  const isApi = route.split(' ')[1]!.startsWith('/api/');
  if (!isApi && odd.accept?.includes('text/html') && res.contentType.includes('text/html')) {
    // An LTI page in the platform's frame: a browser that asked for a page gets the refusal as one, with its code.
    expect(res.text, why).toMatch(/^<!doctype html>[^]*class="refusal" role="alert"/i);
  } else {
    expect(res.contentType, why).toContain('application/json');
    expect(res.body, why).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(res.body.error.code, why).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(res.body.error.message.length, why).toBeGreaterThanOrEqual(10);
  }
  expect(changed, `a refused request changed stored rows\n${why}`).toEqual([]);
}

/** FUZZ_SEED replays a failure's seed; FUZZ_SCALE=10 searches ten times longer than the suite does. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const stats = new Map<string, { runs: number; byStatus: Record<number, number> }>();
const startedAt = performance.now();

describe('every route’s input, fuzzed', () => {
  it('covers every live route: each is in the OpenAPI document or described here, and each has its person', () => {
    const unfuzzable = template.routes.filter((r) => !documented.has(r) && !UNDOCUMENTED[r]);
    expect(unfuzzable, 'live routes with no documented input to generate from').toEqual([]);
    const stale = [...Object.keys(PERSONA), ...Object.keys(UNDOCUMENTED)].filter((r) => !template.routes.includes(r));
    expect(stale, 'entries here for routes that no longer exist').toEqual([]);
    const ghost = [...documented.keys()].filter((r) => !template.routes.includes(r));
    expect(ghost, 'documented operations with no live route').toEqual([]);
  });

  it('the OpenAPI document defines every schema it refers to', () => {
    // ProgressEvent was referred to and never registered, so no client could read the sync body.
    const refs = [...JSON.stringify(template.doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((name) => !template.doc.components?.schemas?.[name])).toEqual([]);
  });

  it('the write watch sees a changed row, and not a counted sign-in failure or a write that changed nothing', async () => {
    const w = await routeWorld('write watch');
    try {
      await w.client.execute("UPDATE users SET display_name = display_name || '!' WHERE username = 'learner'");
      expect(await w.watch.changes()).toEqual(['users']);
      await w.client.execute('UPDATE users SET display_name = display_name');
      expect(await w.watch.changes()).toEqual([]);
      const login = { url: '/api/auth/login', kind: 'valid', contentType: 'application/json', body: JSON.stringify({ username: 'learner', password: 'not the password' }) };
      expect((await send(w.fetcher, 'POST', login, undefined)).status).toBe(401);
      expect(await w.watch.changes()).toEqual([]);
      expect((await w.client.execute('SELECT count(*) AS n FROM login_throttle')).rows[0]!.n).toBeGreaterThan(0);
    } finally {
      w.close();
    }
  });

  it('marking the most notifications a request may name stays within D1’s parameter limit', async () => {
    // 100 ids, the time and the person were 102 parameters in one statement: a 500 on Workers.
    const w = await routeWorld('mark read');
    try {
      const ids = [...template.pools['ids[]']!, ...Array.from({ length: 100 }, () => crypto.randomUUID())].slice(0, 100);
      const unread = async () =>
        (
          await w.client.execute({
            sql: "SELECT count(*) AS n FROM notifications WHERE read_at IS NULL AND user_id = (SELECT id FROM users WHERE username = 'mentor') AND id IN (SELECT value FROM json_each(?))",
            args: [JSON.stringify(ids)],
          })
        ).rows[0]!.n;
      expect(await unread()).toBeGreaterThan(0);
      const req = { url: '/api/notifications/read', kind: 'valid', contentType: 'application/json', body: JSON.stringify({ ids }) };
      const res = await send(w.fetcher, 'POST', req, template.cookies.mentor);
      expect(res.status, res.text).toBe(204);
      expect(await unread()).toBe(0);
    } finally {
      w.close();
    }
  });

  it('a refused status change says what the status is, in plain words', async () => {
    const w = await routeWorld('status words');
    try {
      const suspend = (url: string) => ({ url, kind: 'valid', contentType: 'application/json', body: JSON.stringify({ action: 'suspend', reason: 'Checking the evidence.' }) });
      const certificate = `/api/certificates/${template.pools.certificateId![0]}/status`;
      expect((await send(w.fetcher, 'POST', suspend(certificate), template.cookies['academy.admin'])).status).toBe(200);
      const again = await send(w.fetcher, 'POST', suspend(certificate), template.cookies['academy.admin']);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe('This certificate is suspended, so it cannot be suspended.');
      const qualification = `/api/qualifications/${template.pools.qualificationId![0]}/status`;
      expect((await send(w.fetcher, 'POST', suspend(qualification), template.cookies['programme.admin'])).status).toBe(200);
      const twice = await send(w.fetcher, 'POST', suspend(qualification), template.cookies['programme.admin']);
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toBe('This qualification is suspended, so it cannot be suspended.');
    } finally {
      w.close();
    }
  });

  it.each(template.routes)('%s', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const op = documented.get(route) ?? UNDOCUMENTED[route];
    if (!op) throw new Error(`${route} has no documented input to generate from`);
    const requests = gen.forOperation(method, path, op);
    const persona = PERSONA[route] ?? 'programme.admin';
    const numRuns = Math.round((HASHES_PASSWORDS.has(route) ? 25 : op.requestBody ? 60 : op.parameters?.length ? 35 : 15) * SCALE);
    let w = await routeWorld(route);
    const stat = { runs: 0, byStatus: {} as Record<number, number> };
    stats.set(route, stat);
    let pastPolicy = 0;
    try {
      await fc.assert(
        fc.asyncProperty(requests, oddHeaders, async (req, odd) => {
          const res = await send(w.fetcher, method, req, template.cookies[persona as Exclude<Persona, 'anonymous'>], odd);
          const changed = await w.watch.changes();
          stat.runs++;
          stat.byStatus[res.status] = (stat.byStatus[res.status] ?? 0) + 1;
          if (!['unauthenticated', 'forbidden'].includes(res.body?.error?.code)) pastPolicy++;
          expectSafe(route, req, odd, res, changed);
          if (res.status < 300 && FRESH_AFTER_SUCCESS.has(route)) {
            w.close();
            w = await routeWorld(route);
          }
        }),
        { numRuns, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
      );
    } finally {
      w.close();
    }
    // The person is allowed here: at least some requests got past the policy to the handler.
    expect(pastPolicy, `${route} as ${persona}: every request was refused by the policy`).toBeGreaterThan(0);
  }, 300_000);

  it('sent thousands of generated requests in all', () => {
    const runs = [...stats.values()].reduce((n, s) => n + s.runs, 0);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const lines = [...stats].map(([route, s]) => `  ${route}: ${s.runs} (${Object.entries(s.byStatus).map(([k, v]) => `${k}×${v}`).join(' ')})`);
    console.log(`fuzz: ${runs} property runs over ${stats.size} routes in ${seconds} s\n${lines.join('\n')}`);
    expect(stats.size).toBe(template.routes.length);
    expect(runs).toBeGreaterThanOrEqual(2_000);
  });
});
