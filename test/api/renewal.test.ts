import { rmSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, certificates } from '../../db/schema';
import type { ReleaseQuestion } from '../../worker/content/types';
import { expectError, type Person } from '../helpers/client';
import { certificateWorld, passAttempt } from '../helpers/certificates';
import { builtFixtureContent } from '../helpers/content';
import { userIdOf } from '../helpers/db';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const { stack, issued } = certificateWorld(setup, built);
const MONTH_MS = 30.44 * 86_400_000;

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

/** Answers every question wrongly, then submits. */
async function failAttempt(release: { questions: ReleaseQuestion[] }, learner: Person, attempt: { id: string; questions: Array<{ id: string }> }) {
  for (const q of attempt.questions) {
    const key = release.questions.find((x) => x.id === q.id) as Extract<ReleaseQuestion, { options: unknown }>;
    await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${q.id}`, { answer: key.options.filter((o) => !o.correct).slice(0, 1).map((o) => o.id) });
  }
  return learner.post(`/api/attempts/${attempt.id}/submit`, { submitId: crypto.randomUUID() });
}

describe('expiry and renewal', () => {
  it('opens the refresher shortly before expiry, and passing it renews the certificate', async () => {
    const s = await issued();
    const refresher = () => s.learner.post('/api/attempts', { courseId: 'sample', purpose: 'refresher' });
    const early = expectError(await refresher(), 409, 'renewal_not_open');
    expect(early.message).toMatch(/Renewal opens on \d{4}-\d{2}-\d{2}/);

    const [before] = (await s.learner.get('/api/certificates')).body.certificates;
    const opensAt = new Date(before.renewal.opensAt);
    expect(new Date(before.validUntil).getTime() - opensAt.getTime()).toBeCloseTo(3 * MONTH_MS, -5);
    s.t.advance(opensAt.getTime() - s.t.now().getTime() + 60_000);
    s.learner = await s.world.signIn('learner'); // months later: a new session
    s.trainer = await s.world.signIn('trainer');

    const attempt = (await refresher()).body;
    expect(attempt.purpose).toBe('refresher');
    expect(attempt.questions).toHaveLength(1); // the refresher's shorter draw
    const result = (await passAttempt(s.release, s.learner, attempt)).body.result;
    expect(result.passed).toBe(true);
    expect(result.certificateId).toEqual(expect.any(String));

    const mine = (await s.learner.get('/api/certificates')).body.certificates;
    expect(mine).toHaveLength(2);
    const [old, renewed] = mine;
    expect(old.renewal.renewedBy).toBe(renewed.id);
    expect(renewed).toMatchObject({ id: result.certificateId, renews: old.id, courseVersion: '1.2.0', trainerName: null, status: 'valid' });
    expect(new Date(renewed.validUntil).getTime()).toBeGreaterThan(new Date(old.validUntil).getTime());
    const credential = claims(renewed.credential);
    expect(credential.credentialSubject.source).toBeUndefined(); // issued by the course, not by a trainer
    expect(credential.credentialSubject.achievement.criteria.narrative).toMatch(/refresher/);
    const [logged] = await s.t.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.renewed'), eq(auditLog.subjectId, renewed.id)));
    expect(logged?.detail).toMatchObject({ renews: old.id, automatic: true });

    // Renewed: the next window is years away, and issuing again changes nothing.
    expectError(await refresher(), 409, 'renewal_not_open');
    const again = await s.trainer.post('/api/certificates', { learnerId: s.learnerId, courseId: 'sample', institutionId: s.institutionId });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(renewed.id);
    expect((await s.world.anonymous().post('/api/verify', { id: renewed.id })).body.valid).toBe(true);
  });

  it('keeps the refresher within its own attempt limit, and refuses learners with nothing to renew', async () => {
    const s = await issued();
    const other = await s.world.signIn('mentor');
    expectError(await other.post('/api/attempts', { courseId: 'sample', purpose: 'refresher' }), 409, 'no_certificate');
    const [mine] = (await s.learner.get('/api/certificates')).body.certificates;
    s.t.advance(new Date(mine.validUntil).getTime() - s.t.now().getTime() + 86_400_000); // a day after expiry
    s.learner = await s.world.signIn('learner');
    for (let i = 0; i < 2; i++) {
      const attempt = (await s.learner.post('/api/attempts', { courseId: 'sample', purpose: 'refresher' })).body;
      expect((await failAttempt(s.release, s.learner, attempt)).body.result.passed).toBe(false);
    }
    expectError(await s.learner.post('/api/attempts', { courseId: 'sample', purpose: 'refresher' }), 409, 'attempt_limit');
    expect((await s.learner.get('/api/certificates')).body.certificates).toHaveLength(1);
    expectError(await s.learner.post('/api/attempts', { courseId: 'sample', purpose: 'annual' }), 400, 'validation_failed');
  });

  it('does not renew a revoked certificate', async () => {
    const s = await issued();
    await s.admin.post(`/api/certificates/${s.cert.id}/status`, { action: 'revoke', reason: 'Obtained by impersonation' });
    const [mine] = (await s.learner.get('/api/certificates')).body.certificates;
    s.t.advance(new Date(mine.renewal.opensAt).getTime() - s.t.now().getTime() + 60_000);
    s.learner = await s.world.signIn('learner');
    expectError(await s.learner.post('/api/attempts', { courseId: 'sample', purpose: 'refresher' }), 409, 'not_renewable');
  });
});

describe('automatic issue', () => {
  it('issues as soon as the learner is eligible when the course says so, with no trainer named', async () => {
    const s = await stack({ release: (r) => ({ ...r, certificate: { ...r.certificate, autoIssue: true, practical: false } }) });
    const learner = await s.world.signIn('learner');
    const learnerId = await userIdOf(s.t.db, 'learner');
    const events = ['first-steps', 'tracing'].map((lessonId) => ({
      id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId, at: new Date().toISOString(),
    }));
    await learner.post('/api/progress/events', { events });
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    const result = (await passAttempt(s.release, learner, attempt)).body.result;
    expect(result.certificateId).toEqual(expect.any(String));
    const [row] = await s.t.db.select().from(certificates).where(eq(certificates.learnerId, learnerId));
    expect(row).toMatchObject({ id: result.certificateId, trainerId: null, institutionId: s.institutionId });
    expect(claims(row!.jwt).credentialSubject.source).toBeUndefined();
  });

  it('waits for a trainer when the course does not issue by itself', async () => {
    const s = await stack({ release: (r) => ({ ...r, certificate: { ...r.certificate, autoIssue: false, practical: false } }) });
    const learner = await s.world.signIn('learner');
    await learner.post('/api/progress/events', {
      events: ['first-steps', 'tracing'].map((lessonId) => ({ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId, at: new Date().toISOString() })),
    });
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    const result = (await passAttempt(s.release, learner, attempt)).body.result;
    expect(result.passed).toBe(true);
    expect(result.certificateId).toBeUndefined();
    expect(await s.t.db.select().from(certificates)).toHaveLength(0);
  });
});
