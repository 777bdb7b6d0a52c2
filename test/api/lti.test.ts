import { rmSync } from 'node:fs';
import { generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import { outbound } from '../../worker/lti/outbound';
import { deliverQueued } from '../../worker/xapi/deliveries';
import { publishReleases } from '../../worker/assessments/releases';
import { certify } from '../helpers/certify';
import { expectError, Person } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { Browser, network, ROLE, TestPlatform } from '../helpers/lti-platform';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

const LESSON = { course: 'sample', lesson: 'first-steps' };

/** A Cascade with the demo academy, a platform its admin has registered, and the drain the entries run. */
async function academy(opts: { register?: boolean } = {}) {
  const master = await importMasterKey(newMasterKeySecret());
  let platform!: TestPlatform;
  const fetch = network({ origin: 'https://moodle-academy.test', handle: (req) => platform.handle(req) });
  const { t, world } = await setup({ content: built.source, issuerMasterKey: master, fetch });
  platform = await TestPlatform.create(t.fetcher, t.now);
  const admin = await world.signIn('academy.admin');
  const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
  let platformId = '';
  if (opts.register !== false) {
    const res = await admin.post('/api/lti/platforms', platform.registration(institutionId));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    platformId = res.body.id;
  }
  const out = outbound(fetch, master);
  const drain = () => deliverQueued(t.db, out, t.now());
  return { t, world, admin, institutionId, platform, platformId, drain, browser: () => new Browser(t.fetcher) };
}

describe('registering a platform', () => {
  it('an institution admin registers the academy’s platform and reads the addresses to give it', async () => {
    const { admin, institutionId, platform, platformId } = await academy();
    const listed = await admin.get(`/api/lti/platforms?institutionId=${institutionId}`);
    expect(listed.body.platforms).toEqual([
      expect.objectContaining({ id: platformId, issuer: platform.issuer, clientId: platform.clientId, deploymentIds: ['1'], lastLaunchAt: null, lastError: null }),
    ]);
    const tool = await admin.get('/api/lti/tool');
    expect(tool.body).toMatchObject({
      loginUrl: 'http://localhost/lti/login',
      redirectUrl: 'http://localhost/lti/launch',
      jwksUrl: 'http://localhost/lti/jwks.json',
    });
    const keys = await admin.get('/lti/jwks.json');
    expect(keys.body.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(keys.body.keys[0]).not.toHaveProperty('d');

    const again = await admin.post('/api/lti/platforms', platform.registration(institutionId));
    expect(expectError(again, 409, 'lti_platform_exists').message).toContain(platform.clientId);
    const insecure = await admin.post('/api/lti/platforms', { ...platform.registration(institutionId), clientId: 'other', jwksUrl: 'http://moodle/certs.php', deploymentIds: [] });
    const error = expectError(insecure, 400, 'validation_failed');
    expect(error.fields).toMatchObject({ 'body.jwksUrl': expect.stringContaining('https://'), 'body.deploymentIds': expect.stringContaining('deployment id') });

    const patched = await admin.patch(`/api/lti/platforms/${platformId}`, { deploymentIds: ['1', '2', '2'] });
    expect(patched.body.deploymentIds).toEqual(['1', '2']);
    const audit = await admin.get(`/api/institutions/${institutionId}/audit`);
    expect(JSON.stringify(audit.body)).toContain('lti.platform_registered');
  });

  it('checking a registration says which part is wrong', async () => {
    const { admin, platformId } = await academy();
    const good = await admin.post(`/api/lti/platforms/${platformId}/check`);
    expect(good.body).toMatchObject({ ok: true, checks: [{ name: 'tool_key', ok: true }, { name: 'jwks', ok: true }, { name: 'token', ok: true }] });
    await admin.patch(`/api/lti/platforms/${platformId}`, { jwksUrl: 'https://moodle-academy.test/wrong/certs.php', tokenUrl: 'https://elsewhere.test/token' });
    const bad = await admin.post(`/api/lti/platforms/${platformId}/check`);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.checks.find((c: { name: string }) => c.name === 'jwks')).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 404') });
    expect(bad.body.checks.find((c: { name: string }) => c.name === 'token')).toMatchObject({ ok: false, message: expect.stringContaining('Could not reach https://elsewhere.test/token') });
  });
});

describe('launching', () => {
  it('done when: a Moodle-style platform launches a learner into a lesson, the learner completes it, and the score appears in its gradebook', async () => {
    const { t, platform, platformId, drain, browser, admin, institutionId } = await academy();
    const learner = browser();
    const { response } = await platform.launch(learner, { sub: 'moodle-user-7', custom: LESSON });
    expect(response.status, await response.clone().text()).toBe(303);
    const to = new URL(response.headers.get('location')!, 'http://localhost');
    expect(to.pathname).toBe(`/lti/open/${platformId}`);
    expect(to.searchParams.get('to')).toBe('/courses/sample/lessons/first-steps');
    // The state cookie is spent; the session cookie can live in the platform's frame.
    expect([...learner.jar.keys()]).toEqual(['cascade_session']);

    const page = await learner.request('GET', `${to.pathname}${to.search}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://moodle-academy.test");
    expect(page.headers.get('x-frame-options')).toBeNull();

    const me = await learner.api('GET', '/api/me');
    expect(me.body).toMatchObject({ displayName: 'Maya Gurung', memberships: [{ institutionId, role: 'learner' }] });
    expect(me.body.cohorts).toEqual([expect.objectContaining({ name: 'Financial investigation (Intake 2027) (Moodle Academy)', role: 'learner' })]);

    const done = await learner.api('POST', '/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: t.now().toISOString() }],
    });
    expect(done.status).toBe(200);
    expect(await drain()).toMatchObject({ scores: { sent: 1, failed: 0 } });
    expect(platform.scores('course-101', 'link-1')).toEqual([
      { userId: 'moodle-user-7', scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: t.now().toISOString() },
    ]);
    // Sent once: the next drains have nothing to send, and a replayed event queues nothing.
    await learner.api('POST', '/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: t.now().toISOString() }],
    });
    expect(await drain()).toMatchObject({ scores: { sent: 0 } });
    expect(platform.scorePosts).toBe(1);

    const contexts = await admin.get(`/api/lti/platforms/${platformId}/contexts`);
    expect(contexts.body.contexts).toEqual([
      expect.objectContaining({
        contextId: 'course-101',
        rosterSync: true,
        links: [expect.objectContaining({ courseId: 'sample', lessonId: 'first-steps', gradebook: true, learners: 1 })],
        scores: { pending: 0, delivered: 1, failing: 0, lastError: null },
      }),
    ]);
  });

  it('a second launch finds the same account and cohort, and a lesson completed before the first launch is still graded', async () => {
    const { t, platform, drain, browser, world } = await academy();
    const first = browser();
    await platform.launch(first, { sub: 'u-1', custom: { course: 'sample' }, resourceLink: { id: 'course-link' } });
    const firstMe = await first.api('GET', '/api/me');
    await first.api('POST', '/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'tracing', at: t.now().toISOString() }],
    });
    const second = browser();
    const { response } = await platform.launch(second, { sub: 'u-1', custom: { course: 'sample', lesson: 'tracing' }, resourceLink: { id: 'tracing-link' } });
    expect(response.status).toBe(303);
    const secondMe = await second.api('GET', '/api/me');
    expect(secondMe.body.id).toBe(firstMe.body.id);
    expect(secondMe.body.cohorts).toHaveLength(1);
    await drain();
    expect(platform.scores('course-101', 'tracing-link')).toEqual([expect.objectContaining({ userId: 'u-1', scoreGiven: 1 })]);
    // The platform's people have no Cascade password: nobody can sign in as them with one.
    const username = secondMe.body.username as string;
    expect(username).toMatch(/^lti\.[0-9a-f]{24}$/);
    const guess = await world.anonymous().post('/api/auth/login', { username, password: 'lti$no-password' });
    expect(guess.status).toBe(401);
  });

  it('a link that names no course, or an unknown one, says how to fix it', async () => {
    const { platform, browser } = await academy();
    const none = await platform.launch(browser(), { sub: 'u-2' });
    expect(expectError(await reply(none.response), 400, 'lti_no_target').message).toContain('course=<course id>');
    const unknown = await platform.launch(browser(), { sub: 'u-2', custom: { course: 'no-such-course' } });
    expect(expectError(await reply(unknown.response), 400, 'lti_unknown_course').message).toContain('no-such-course');
  });
});

/** The launch response as the API client helpers read it. */
async function reply(res: Response) {
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, headers: res.headers };
}

describe('rejected launches', () => {
  const refusals: Array<[string, string, RegExp, (p: TestPlatform) => Promise<Partial<Parameters<TestPlatform['launch']>[1]>>]> = [
    ['a forged launch (signed with another key under the platform’s key id)', 'lti_signature_invalid', /forged or altered/, async () => ({ forgeWith: (await generateKeyPair('RS256')).privateKey })],
    ['an expired launch', 'lti_launch_expired', /expired at/, async () => ({ tamper: (c) => void (c.exp = (c.iat as number) - 120) })],
    ['a launch for another tool (wrong audience)', 'lti_wrong_audience', /not to the client id/, async () => ({ tamper: (c) => void (c.aud = 'another-tool') })],
    ['a launch from an unknown deployment', 'lti_unknown_deployment', /the launch's deployment id "99" is not registered for this platform \(Moodle Academy\)/i, async () => ({ deploymentId: '99' })],
    ['a launch whose nonce is not this login’s', 'lti_nonce_mismatch', /replayed launch/, async () => ({ tamper: (c) => void (c.nonce = 'an-old-nonce') })],
    ['a launch from another issuer', 'lti_wrong_issuer', /not https:\/\/moodle-academy\.test/, async () => ({ tamper: (c) => void (c.iss = 'https://evil.test') })],
  ];
  it.each(refusals)('refuses %s with a clear error, signs nobody in, and tells the admin', async (_what, code, message, options) => {
    const { platform, platformId, browser, admin, institutionId } = await academy();
    const learner = browser();
    const { response } = await platform.launch(learner, { sub: 'u-3', custom: LESSON, ...(await options(platform)) });
    const error = expectError(await reply(response), code === 'lti_unknown_deployment' || code === 'lti_bad_message' ? 400 : 401, code);
    expect(error.message).toMatch(message);
    expect(learner.jar.has('cascade_session')).toBe(false);
    expect((await learner.api('GET', '/api/me')).status).toBe(401);
    const [registered] = (await admin.get(`/api/lti/platforms?institutionId=${institutionId}`)).body.platforms;
    expect(registered).toMatchObject({ id: platformId, lastLaunchAt: null, lastError: { code, message: error.message } });
  });

  it('refuses a replayed launch: the same id_token and state posted again', async () => {
    const { platform, browser } = await academy();
    const learner = browser();
    const { response, repost } = await platform.launch(learner, { sub: 'u-4', custom: LESSON });
    expect(response.status).toBe(303);
    const again = await reply(await repost());
    expect(expectError(again, 401, 'lti_nonce_replayed').message).toContain('already used');
  });

  it('refuses a launch posted from a browser that did not start the login', async () => {
    const { platform, browser } = await academy();
    const started = browser();
    const { idToken, state } = await (async () => {
      const login = await started.request('GET', `/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'u-5', target_link_uri: 'http://localhost/lti/launch', client_id: platform.clientId })}`);
      const auth = new URL(login.headers.get('location')!);
      const nonce = auth.searchParams.get('nonce')!;
      return { idToken: await platform.sign(platform.claims({ sub: 'u-5', custom: LESSON }, nonce)), state: auth.searchParams.get('state')! };
    })();
    const other = browser();
    const res = await reply(await other.request('POST', '/lti/launch', { form: { id_token: idToken, state }, headers: { accept: 'application/json' } }));
    expect(expectError(res, 401, 'lti_state_mismatch').message).toContain('did not start in this browser');
    const unknown = await reply(await other.request('POST', '/lti/launch', { form: { id_token: idToken, state: 'made-up' }, headers: { accept: 'application/json' } }));
    expectError(unknown, 401, 'lti_login_unknown');
    const empty = await reply(await other.request('POST', '/lti/launch', { form: {}, headers: { accept: 'application/json' } }));
    expect(expectError(empty, 400, 'validation_failed').fields).toHaveProperty('body.id_token');
  });

  it('shows a refusal as a page inside the platform’s frame when a browser asks for HTML', async () => {
    const { platform, browser } = await academy();
    const { response } = await platform.launch(browser(), { sub: 'u-6', custom: LESSON, deploymentId: '7', accept: 'text/html,application/xhtml+xml' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://moodle-academy.test");
    const html = await response.text();
    expect(html).toContain('Cascade could not open this launch');
    expect(html).toContain('deployment id &quot;7&quot; is not registered for this platform');
    expect(html).toContain('lti_unknown_deployment');
  });

  it('refuses a login from a platform nobody registered, or for a target outside Cascade', async () => {
    const { platform, browser } = await academy();
    const b = browser();
    const stranger = await reply(await b.request('GET', `/lti/login?${new URLSearchParams({ iss: 'https://stranger.test', login_hint: 'x', target_link_uri: 'http://localhost/lti/launch' })}`));
    expect(expectError(stranger, 400, 'lti_unknown_platform').message).toContain('https://stranger.test');
    const elsewhere = await reply(
      await b.request('POST', '/lti/login', { form: { iss: platform.issuer, client_id: platform.clientId, login_hint: 'x', target_link_uri: 'https://evil.test/lti' } }),
    );
    expect(expectError(elsewhere, 400, 'lti_bad_target').message).toContain('https://evil.test/lti');
    const deployment = await reply(
      await b.request('GET', `/lti/login?${new URLSearchParams({ iss: platform.issuer, client_id: platform.clientId, login_hint: 'x', target_link_uri: 'http://localhost/lti/launch', lti_deployment_id: '42' })}`),
    );
    expect(expectError(deployment, 400, 'lti_unknown_deployment').message).toContain('"42" is not registered for this platform');
    expect(b.jar.size).toBe(0);
  });
});

describe('framing', () => {
  it('launch pages may be framed by the registered platform only; every other page keeps frame-ancestors none', async () => {
    const { platformId, browser, t } = await academy();
    const b = browser();
    const launchPage = await b.request('GET', `/lti/open/${platformId}?to=/courses/sample`);
    expect(launchPage.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:\/\/moodle-academy\.test(;|$)/);
    expect(launchPage.headers.get('x-frame-options')).toBeNull();
    for (const path of ['/api/health', '/lti/jwks.json', `/lti/open/${crypto.randomUUID()}`, '/api/lti/tool']) {
      const res = await t.fetcher(new Request(`http://localhost${path}`));
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // Only a path of this app is followed: the frame is never sent elsewhere.
    const away = await (await b.request('GET', `/lti/open/${platformId}?to=//evil.test/x`)).text();
    expect(away).toContain('href="/"');
  });
});

describe('grade passback', () => {
  it('a gradebook that is down gets the score later, once', async () => {
    const { t, platform, platformId, drain, browser, admin } = await academy();
    const learner = browser();
    await platform.launch(learner, { sub: 'u-8', custom: LESSON });
    platform.failScores = 2;
    await learner.api('POST', '/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: t.now().toISOString() }],
    });
    expect(await drain()).toMatchObject({ scores: { sent: 0, failed: 1 } });
    const waiting = (await admin.get(`/api/lti/platforms/${platformId}/contexts`)).body.contexts[0].scores;
    expect(waiting).toMatchObject({ pending: 1, failing: 1, lastError: expect.stringContaining('HTTP 503: gradebook is down for maintenance') });
    // Not due again until its retry time.
    expect(await drain()).toMatchObject({ scores: { sent: 0, failed: 0 } });
    t.advance(61_000);
    expect(await drain()).toMatchObject({ scores: { sent: 0, failed: 1 } });
    t.advance(121_000);
    expect(await drain()).toMatchObject({ scores: { sent: 1, failed: 0 } });
    t.advance(24 * 3_600_000);
    expect(await drain()).toMatchObject({ scores: { sent: 0, failed: 0 } });
    expect(platform.scores('course-101', 'link-1')).toHaveLength(1);
    expect(platform.scorePosts).toBe(3);
  });

  it('an admin can send pending scores at once', async () => {
    const { t, platform, platformId, browser, admin } = await academy();
    const learner = browser();
    await platform.launch(learner, { sub: 'u-9', custom: LESSON });
    platform.failScores = 1;
    await learner.api('POST', '/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: t.now().toISOString() }],
    });
    expect((await admin.post(`/api/lti/platforms/${platformId}/scores/send`)).body).toEqual({ sent: 0, failed: 1 });
    expect((await admin.post(`/api/lti/platforms/${platformId}/scores/send`)).body).toEqual({ sent: 1, failed: 0 });
    expect(platform.scores('course-101', 'link-1')).toHaveLength(1);
  });
});

describe('course links', () => {
  it('a course link is graded by the summative assessment: points out of the maximum, sent once', async () => {
    const { t, world, platform, drain, browser, institutionId } = await academy();
    await publishReleases(t.db, [fixtureRelease(built)], t.now());
    const learner = browser();
    await platform.launch(learner, { sub: 'u-20', custom: { course: 'sample' }, resourceLink: { id: 'whole-course' } });
    const person = new Person(t.fetcher);
    person.cookie = `cascade_session=${learner.jar.get('cascade_session')}`;
    const learnerId: string = (await person.get('/api/me')).body.id;
    await certify({ learner: person, trainer: await world.signIn('trainer'), release: fixtureRelease(built), learnerId, institutionId });
    await drain();
    const [score] = platform.scores('course-101', 'whole-course');
    expect(platform.scores('course-101', 'whole-course')).toHaveLength(1);
    expect(score).toMatchObject({ userId: 'u-20', activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    const { rows } = await t.client.execute({ sql: "SELECT points, max_points FROM attempts WHERE user_id = ? AND status = 'graded'", args: [learnerId] });
    expect([score!.scoreGiven, score!.scoreMaximum]).toEqual([rows[0]!.points, rows[0]!.max_points]);
    expect(score!.scoreMaximum).toBeGreaterThan(0);
  });
});

describe('deep linking', () => {
  it('an instructor picks a lesson and a course; the platform gets a signed answer it can verify, and the placed link launches', async () => {
    const { platform, browser, drain, t } = await academy();
    const instructor = browser();
    const { response } = await platform.launch(instructor, { sub: 'teacher-1', name: 'Ram Karki', roles: [ROLE.instructor], messageType: 'LtiDeepLinkingRequest' });
    expect(response.status, await response.clone().text()).toBe(303);
    const pickerUrl = response.headers.get('location')!;
    expect(pickerUrl).toMatch(/^\/lti\/deep-links\/[0-9a-f-]{36}$/);
    const picker = await instructor.request('GET', pickerUrl);
    expect(picker.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://moodle-academy.test");
    const html = await picker.text();
    expect(html).toContain('Choose what to place in Moodle Academy');
    expect(html).toContain('value="sample/first-steps"');
    expect(html).toContain('type="checkbox"');

    const chosen = await instructor.request('POST', pickerUrl, { form: { item: ['sample/first-steps', 'sample'] }, headers: { origin: 'http://localhost' } });
    expect(chosen.status).toBe(200);
    expect(chosen.headers.get('content-security-policy')).toContain("form-action 'self' https://moodle-academy.test");
    const returned = await chosen.text();
    const action = /action="([^"]+)"/.exec(returned)![1]!.replaceAll('&amp;', '&');
    const jwt = /name="JWT" value="([^"]+)"/.exec(returned)![1]!;
    expect(action).toBe('https://moodle-academy.test/mod/lti/contentitem_return.php?course=101');
    expect((await platform.handle(new Request(action, { method: 'POST', body: new URLSearchParams({ JWT: jwt }) }))).status).toBe(200);
    const [answer] = platform.deepLinkReturns;
    expect(answer).toMatchObject({
      iss: platform.clientId,
      aud: platform.issuer,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': '1',
      'https://purl.imsglobal.org/spec/lti-dl/claim/data': 'moodle-opaque-42',
    });
    const items = answer!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<Record<string, any>>;
    expect(items).toEqual([
      expect.objectContaining({ type: 'ltiResourceLink', url: 'http://localhost/lti/launch', custom: LESSON, lineItem: expect.objectContaining({ scoreMaximum: 1 }) }),
      expect.objectContaining({ type: 'ltiResourceLink', custom: { course: 'sample' }, title: expect.stringContaining('Sample course') }),
    ]);

    // The selection is spent; a learner launching the placed lesson is graded on it.
    const twice = await instructor.request('POST', pickerUrl, { form: { item: 'sample' }, headers: { origin: 'http://localhost', accept: 'application/json' } });
    expect(twice.status).toBe(409);
    const learner = browser();
    const launched = await platform.launch(learner, { sub: 'u-10', custom: items[0]!.custom, resourceLink: { id: 'placed-1' } });
    expect(launched.response.status).toBe(303);
    await learner.api('POST', '/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: t.now().toISOString() }],
    });
    await drain();
    expect(platform.scores('course-101', 'placed-1')).toEqual([expect.objectContaining({ userId: 'u-10', scoreGiven: 1 })]);
  });

  it('only instructors may choose content, and only from their own browser session', async () => {
    const { platform, browser } = await academy();
    const learner = browser();
    const { response } = await platform.launch(learner, { sub: 'u-11', messageType: 'LtiDeepLinkingRequest' });
    expectError(await reply(response), 403, 'lti_not_instructor');
    const instructor = browser();
    const started = await platform.launch(instructor, { sub: 'teacher-2', roles: [ROLE.instructor], messageType: 'LtiDeepLinkingRequest' });
    const pickerUrl = started.response.headers.get('location')!;
    const stranger = browser();
    expect((await stranger.request('GET', pickerUrl, { headers: { accept: 'application/json' } })).status).toBe(401);
    const crossSite = await instructor.request('POST', pickerUrl, { form: { item: 'sample' }, headers: { origin: 'https://evil.test', accept: 'application/json' } });
    expect(crossSite.status).toBe(403);
    const nothing = await reply(await instructor.request('POST', pickerUrl, { form: {}, headers: { origin: 'http://localhost', accept: 'application/json' } }));
    expectError(nothing, 400, 'validation_failed');
  });
});

describe('roster sync', () => {
  it('brings the cohort in line with the platform course’s roster, and removes those who left', async () => {
    const { platform, platformId, browser, admin } = await academy();
    await platform.launch(browser(), { sub: 'u-12', custom: LESSON });
    const [context] = (await admin.get(`/api/lti/platforms/${platformId}/contexts`)).body.contexts;
    platform.members = [
      { user_id: 'u-12', roles: [ROLE.learner], name: 'Maya Gurung' },
      { user_id: 'u-13', roles: [ROLE.learner], name: 'Sunil Magar', email: 'sunil@academy.test' },
      { user_id: 'u-14', roles: [ROLE.learner], name: 'Gita Tamang' },
      { user_id: 'u-15', roles: [ROLE.learner], name: 'Left Already', status: 'Inactive' },
      { user_id: 'teacher-3', roles: [ROLE.instructor], name: 'Ram Karki' },
    ];
    const synced = await admin.post(`/api/lti/contexts/${context.id}/roster`);
    expect(synced.body).toEqual({ members: 5, added: 2, removed: 0, learners: 3 });
    const roster = await admin.get(`/api/cohorts/${context.cohort.id}/members`);
    const names = (roster.body.members as Array<{ displayName: string; role: string }>).filter((m) => m.role === 'learner').map((m) => m.displayName).sort();
    expect(names).toEqual(['Gita Tamang', 'Maya Gurung', 'Sunil Magar']);

    platform.members = platform.members.filter((m) => m.user_id !== 'u-14');
    expect((await admin.post(`/api/lti/contexts/${context.id}/roster`)).body).toMatchObject({ added: 0, removed: 1, learners: 2 });
    const after = (await admin.get(`/api/lti/platforms/${platformId}/contexts`)).body.contexts[0];
    expect(after).toMatchObject({ rosterSyncedAt: expect.any(String), rosterError: null });
  });

  it('says why a roster cannot be read', async () => {
    const { platform, platformId, browser, admin } = await academy();
    await platform.launch(browser(), { sub: 'u-16', custom: LESSON, services: false, context: { id: 'no-roster', title: 'Closed course' } });
    const [context] = (await admin.get(`/api/lti/platforms/${platformId}/contexts`)).body.contexts;
    expect(expectError(await admin.post(`/api/lti/contexts/${context.id}/roster`), 409, 'lti_no_roster').message).toContain('Names and Role Provisioning');
  });
});
