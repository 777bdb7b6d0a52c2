import { rmSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, certificates } from '../../db/schema';
import { publishReleases } from '../../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret, rotateKey } from '../../worker/certificates/keyring';
import { generateIssuerKey, importSigningKey } from '../../worker/certificates/keys';
import { signCredential } from '../../worker/certificates/jwt';
import { decodeList, getBit } from '../../worker/certificates/status-list';
import type { CourseRelease, ReleaseQuestion } from '../../worker/content/types';
import { expectError, type Person } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { userIdOf } from '../helpers/db';
import { freshApps } from '../helpers/node-app';
import { certificateWorld } from '../helpers/certificates';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

const { stack, makeEligible, issued } = certificateWorld(setup, built);

const verify = (p: Person, body: unknown) => p.post('/api/verify', body);

describe('issuing', () => {
  it('issues a signed Open Badges 3.0 credential once the learner is eligible, and only once', async () => {
    const s = await issued();
    const [, payload] = s.cert.credential.split('.');
    const credential = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.credentialSubject).toMatchObject({ name: 'Anil Shrestha', source: { name: 'Bikash Thapa' }, achievement: { version: '1.2.0' } });
    expect(credential.issuer.name).toBe(s.world.seed.institution);
    expect(credential.validUntil).toBeDefined();
    const again = await s.trainer.post('/api/certificates', { learnerId: s.learnerId, courseId: 'sample', institutionId: s.institutionId });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(s.cert.id);
    expect((await s.learner.get('/api/certificates')).body.certificates.map((c: { id: string }) => c.id)).toEqual([s.cert.id]);
    const logged = await s.t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'certificate.issued'));
    expect(logged[0]?.n).toBe(1);
  });

  it('gives exactly one certificate when the same request arrives three times at once', async () => {
    const s = await stack();
    const learner = await s.world.signIn('learner');
    const learnerId = await userIdOf(s.t.db, 'learner');
    await makeEligible(s, learner, learnerId);
    const body = { learnerId, courseId: 'sample', institutionId: s.institutionId };
    const results = await Promise.all([1, 2, 3].map(() => s.trainer.post('/api/certificates', body)));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await s.t.db.select().from(certificates)).toHaveLength(1);
  });

  it('refuses a learner who is not eligible, saying what is missing', async () => {
    const s = await stack();
    const learnerId = await userIdOf(s.t.db, 'learner');
    const err = expectError(await s.trainer.post('/api/certificates', { learnerId, courseId: 'sample', institutionId: s.institutionId }), 409, 'not_eligible');
    expect(err.message).toMatch(/2 lesson\(s\) to complete; the summative assessment to pass; the practical assessment to pass/);
  });

  it('only trainers of the institution issue', async () => {
    const s = await stack();
    const learnerId = await userIdOf(s.t.db, 'learner');
    const learner = await s.world.signIn('learner');
    expectError(await learner.post('/api/certificates', { learnerId, courseId: 'sample', institutionId: s.institutionId }), 403, 'forbidden');
    expect(expectError(await s.trainer.post('/api/certificates', { learnerId: 'x', courseId: 'sample', institutionId: s.institutionId }), 400, 'validation_failed').fields).toHaveProperty(['body.learnerId']);
  });

  it('says plainly when the server cannot sign', async () => {
    const app = await setup({ content: built.source });
    const trainer = await app.world.signIn('trainer');
    const learnerId = await userIdOf(app.t.db, 'learner');
    const institutionId = (await trainer.get('/api/me')).body.memberships[0].institutionId;
    expectError(await trainer.post('/api/certificates', { learnerId, courseId: 'sample', institutionId }), 503, 'signing_unavailable');
  });
});

describe('verifying', () => {
  it('verifies by id and by pasted credential, showing the signed content', async () => {
    const s = await issued();
    const anyone = s.world.anonymous();
    for (const body of [{ id: s.cert.id }, { credential: s.cert.credential }]) {
      const res = await verify(anyone, body);
      expect(res.body).toMatchObject({
        valid: true,
        status: 'valid',
        certificate: { name: 'Anil Shrestha', courseId: 'sample', courseVersion: '1.2.0', issuer: s.world.seed.institution, trainer: 'Bikash Thapa' },
      });
    }
  });

  it('fails an edited copy and one signed with another key', async () => {
    const s = await issued();
    const [h, p, sig] = s.cert.credential.split('.');
    const edited = JSON.parse(Buffer.from(p, 'base64url').toString());
    edited.credentialSubject.name = 'Someone Else';
    const forged = `${h}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${sig}`;
    expect((await verify(s.world.anonymous(), { credential: forged })).body).toMatchObject({ valid: false, status: 'invalid', reason: 'bad_signature' });
    const original = JSON.parse(Buffer.from(p, 'base64url').toString());
    const outsider = await signCredential(original, await importSigningKey(await generateIssuerKey()));
    expect((await verify(s.world.anonymous(), { credential: outsider })).body).toMatchObject({ valid: false, status: 'invalid' });
  });

  it('refuses bad input with a field', async () => {
    const s = await stack();
    const anyone = s.world.anonymous();
    expect(expectError(await verify(anyone, {}), 400, 'validation_failed').fields).toHaveProperty(['body.id']);
    expectError(await verify(anyone, { id: 'nope' }), 400, 'validation_failed');
    expect((await verify(anyone, { id: crypto.randomUUID() })).body).toMatchObject({ valid: false, reason: 'unknown_certificate' });
  });
});

describe('status', () => {
  it('suspends, reinstates and revokes with reasons; revocation is final and shows in the signed status list', async () => {
    const s = await issued();
    const path = `/api/certificates/${s.cert.id}/status`;
    expectError(await s.trainer.post(path, { action: 'revoke', reason: 'Fraud found' }), 403, 'forbidden');
    expect((await s.admin.post(path, { action: 'suspend', reason: 'Under review' })).body.status).toBe('suspended');
    expect((await verify(s.world.anonymous(), { id: s.cert.id })).body).toMatchObject({ valid: false, status: 'suspended', reason: 'Under review' });
    expect((await s.admin.post(path, { action: 'reinstate', reason: 'Review cleared' })).body.status).toBe('valid');
    expect((await verify(s.world.anonymous(), { id: s.cert.id })).body.valid).toBe(true);
    expect((await s.admin.post(path, { action: 'revoke', reason: 'Obtained by impersonation' })).body.status).toBe('revoked');
    expect((await verify(s.world.anonymous(), { credential: s.cert.credential })).body).toMatchObject({ status: 'revoked' });
    expectError(await s.admin.post(path, { action: 'reinstate', reason: 'Mistake' }), 409, 'status_conflict');
    expect(expectError(await s.admin.post(path, { action: 'revoke', reason: '' }), 400, 'validation_failed').fields).toHaveProperty(['body.reason']);

    const [row] = await s.t.db.select().from(certificates).where(eq(certificates.id, s.cert.id));
    const list = await s.world.anonymous().get(`/api/status-lists/${s.institutionId}/revocation`);
    expect(list.headers.get('content-type')).toContain('application/vc+jwt');
    const statusCredential = JSON.parse(Buffer.from(String(list.body).split('.')[1]!, 'base64url').toString());
    const bits = await decodeList(statusCredential.credentialSubject.encodedList);
    expect(getBit(bits, row!.revocationIndex)).toBe(true);
    // Only this certificate's bit is set: the list reveals nothing else.
    expect(bits.reduce((n, byte) => n + byte.toString(2).replaceAll('0', '').length, 0)).toBe(1);
    const actions = await s.t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, s.cert.id));
    expect(actions.map((a) => a.action)).toEqual(['certificate.issued', 'certificate.suspended', 'certificate.reinstated', 'certificate.revoked']);
  });
});

describe('keys', () => {
  it('publishes a JWKS without private parts, and old certificates verify after rotation', async () => {
    const s = await issued();
    const jwks = (await s.world.anonymous().get('/.well-known/jwks.json')).body;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
    await rotateKey(s.t.db, s.institutionId, s.t.now());
    const other = await s.world.signIn('mentor');
    const mentorId = await userIdOf(s.t.db, 'mentor');
    await s.admin.post(`/api/institutions/${s.institutionId}/members`, { username: 'mentor', role: 'learner' });
    await makeEligible(s, other, mentorId);
    const second = (await s.trainer.post('/api/certificates', { learnerId: mentorId, courseId: 'sample', institutionId: s.institutionId })).body;
    const after = (await s.world.anonymous().get('/.well-known/jwks.json')).body;
    expect(after.keys).toHaveLength(2);
    expect(JSON.parse(Buffer.from(second.credential.split('.')[0], 'base64url').toString()).kid).not.toBe(jwks.keys[0].kid);
    expect((await verify(s.world.anonymous(), { id: s.cert.id })).body.valid).toBe(true);
    expect((await verify(s.world.anonymous(), { id: second.id })).body.valid).toBe(true);
  });
});

describe('bulk issue', () => {
  it("issues to the cohort's eligible learners, says why the others were skipped, and is safe to repeat", async () => {
    const s = await stack();
    const learner = await s.world.signIn('learner');
    const learnerId = await userIdOf(s.t.db, 'learner');
    await makeEligible(s, learner, learnerId);
    const late = s.world.anonymous();
    await late.post('/api/auth/register', { username: 'late.learner', password: 'long enough pass', displayName: 'Late', joinCode: s.world.seed.joinCode });
    const cohortId: string = (await learner.get('/api/me')).body.cohorts[0].id;
    const first = await s.trainer.post('/api/certificates/bulk', { cohortId, courseId: 'sample' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.issued).toHaveLength(1);
    expect(first.body.skipped).toEqual([{ learnerId: await userIdOf(s.t.db, 'late.learner'), reason: expect.stringMatching(/^Not eligible yet/) }]);
    const again = await s.trainer.post('/api/certificates/bulk', { cohortId, courseId: 'sample' });
    expect(again.body).toMatchObject({ issued: [], alreadyIssued: first.body.issued });
    expectError(await learner.post('/api/certificates/bulk', { cohortId, courseId: 'sample' }), 403, 'forbidden');
  });
});

describe('the /verify page', () => {
  const form = (p: Person, fields: Record<string, string>) =>
    p.call('POST', '/verify', new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });

  it('shows the signed content of a genuine certificate, with no script, and refuses an edited one', async () => {
    const s = await issued();
    const anyone = s.world.anonymous();
    const page = await anyone.get(`/verify?id=${s.cert.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('Valid certificate');
    expect(page.body).toContain('Anil Shrestha');
    expect(page.body).toContain('Bikash Thapa');
    // The verdict is in the HTML itself; the only scripts are the QR checker's file and a data block.
    const scripts = page.body.match(/<script[^>]*>/gi) ?? [];
    expect(scripts).toEqual(['<script type="module" src="/verify.js">', '<script type="application/json" id="verify-data">']);
    const [h, p, sig] = s.cert.credential.split('.');
    const edited = JSON.parse(Buffer.from(p, 'base64url').toString());
    edited.validUntil = '2099-01-01T00:00:00Z';
    const forged = await form(anyone, { credential: `${h}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${sig}` });
    expect(forged.body).toContain('Not a genuine certificate');
    expect(forged.body).not.toContain('Anil Shrestha');
  });

  it('says revoked after revocation, and treats junk as not genuine, escaping what was typed', async () => {
    const s = await issued();
    await s.admin.post(`/api/certificates/${s.cert.id}/status`, { action: 'revoke', reason: 'Issued in error' });
    const anyone = s.world.anonymous();
    expect((await form(anyone, { id: s.cert.id })).body).toMatch(/Revoked[\s\S]*Issued in error/);
    const junk = await form(anyone, { credential: '<script>alert(1)</script>' });
    expect(junk.status).toBe(200);
    expect(junk.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(junk.body).toContain('Not a genuine certificate');
    expect((await anyone.get('/verify?id=not-an-id')).body).toContain('Not a genuine certificate');
    expect((await anyone.get('/verify')).body).not.toMatch(/<section class="verdict/);
  });
});
