import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { verifyCredentialJwt } from '../../worker/certificates/jwt';
import { expectError } from '../helpers/client';
import { certificateWorld } from '../helpers/certificates';
import { builtFixtureContent } from '../helpers/content';
import { userIdOf } from '../helpers/db';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const { stack, makeEligible } = certificateWorld(setup, built);
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('programme endorsements', () => {
  it('the programme endorses a course version once; its certificates carry it and /verify names the endorser', async () => {
    const s = await stack();
    const programme = await s.world.signIn('programme.admin');
    const first = await programme.post('/api/endorsements', { courseId: 'sample', comment: 'Meets the programme standard for financial investigation.' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ courseId: 'sample', courseVersion: '1.2.0', withdrawnAt: null });
    const again = await programme.post('/api/endorsements', { courseId: 'sample' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Signed under the programme's own key, published in the JWKS.
    const jwks = (await s.world.anonymous().get('/.well-known/jwks.json')).body;
    expect((await verifyCredentialJwt(first.body.credential, jwks, { now: s.t.now() })).ok).toBe(true);
    expect(claims(first.body.credential)).toMatchObject({ type: ['VerifiableCredential', 'EndorsementCredential'], issuer: { name: 'Cascade programme' } });

    const learner = await s.world.signIn('learner');
    const learnerId = await userIdOf(s.t.db, 'learner');
    await makeEligible(s, learner, learnerId);
    const cert = (await s.trainer.post('/api/certificates', { learnerId, courseId: 'sample', institutionId: s.institutionId })).body;
    const achievement = claims(cert.credential).credentialSubject.achievement;
    expect(achievement.endorsementJwt).toEqual([first.body.credential]);
    expect((await s.world.anonymous().post('/api/verify', { id: cert.id })).body.certificate.endorsedBy).toBe('Cascade programme');
    expect((await s.world.anonymous().get(`/verify?id=${cert.id}`)).body).toMatch(/Endorsed by<\/dt><dd>Cascade programme/);

    const withdrawn = await programme.post(`/api/endorsements/${first.body.id}/withdraw`, { reason: 'Course under review' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.withdrawnAt).toEqual(expect.any(String));
    expectError(await programme.post(`/api/endorsements/${first.body.id}/withdraw`, { reason: 'Again' }), 409, 'already_withdrawn');
    // Already issued certificates keep what was signed; the list shows the history.
    expect((await s.world.anonymous().post('/api/verify', { id: cert.id })).body.valid).toBe(true);
    expect((await s.world.anonymous().get('/api/endorsements')).body.endorsements).toHaveLength(1);
    const actions = await s.t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, first.body.id));
    expect(actions.map((a) => a.action)).toEqual(['endorsement.created', 'endorsement.withdrawn']);
    // A new endorsement after a withdrawal is a new record.
    expect((await programme.post('/api/endorsements', { courseId: 'sample' })).status).toBe(201);
  });

  it('only the programme endorses, and bad input says what to fix', async () => {
    const s = await stack();
    expectError(await s.world.anonymous().post('/api/endorsements', { courseId: 'sample' }), 401, 'unauthenticated');
    expectError(await s.admin.post('/api/endorsements', { courseId: 'sample' }), 403, 'forbidden');
    expectError(await s.trainer.post('/api/endorsements', { courseId: 'sample' }), 403, 'forbidden');
    const programme = await s.world.signIn('programme.admin');
    expect(expectError(await programme.post('/api/endorsements', { courseId: 'Not A Slug' }), 400, 'validation_failed').fields).toHaveProperty(['body.courseId']);
    expectError(await programme.post('/api/endorsements', { courseId: 'no-such-course' }), 404, 'course_not_published');
    expectError(await programme.post(`/api/endorsements/${crypto.randomUUID()}/withdraw`, { reason: 'Gone' }), 404, 'not_found');
    expect(await s.t.db.select().from(auditLog).where(eq(auditLog.action, 'endorsement.created'))).toHaveLength(0);
  });
});
