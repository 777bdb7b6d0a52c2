import { expect } from 'vitest';
import { publishReleases } from '../../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import type { CourseRelease, ReleaseQuestion } from '../../worker/content/types';
import type { Person } from './client';
import { fixtureRelease, type builtFixtureContent } from './content';
import { userIdOf } from './db';
import type { freshApps } from './node-app';

/** The fixture course with only auto-graded questions, so a test can pass the summative by itself. */
export function autoGraded(built: ReturnType<typeof builtFixtureContent>): CourseRelease {
  const base = fixtureRelease(built);
  const questions = base.questions.filter((q) => q.type === 'single' || q.type === 'true-false');
  return { ...base, questions, certificate: { ...base.certificate, summative: { ...base.certificate.summative, draw: 2 } } };
}

/** Answers every drawn question of an open attempt correctly, then submits it. */
export async function passAttempt(release: CourseRelease, learner: Person, attempt: { id: string; questions: Array<{ id: string }> }) {
  for (const q of attempt.questions) {
    const key = release.questions.find((x) => x.id === q.id) as Extract<ReleaseQuestion, { options: unknown }>;
    await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${q.id}`, { answer: key.options.filter((o) => o.correct).map((o) => o.id) });
  }
  return learner.post(`/api/attempts/${attempt.id}/submit`, { submitId: crypto.randomUUID() });
}

/** A demo academy with a signing key and the fixture course published, and ways to get certified in it. */
export function certificateWorld(setup: ReturnType<typeof freshApps>, built: ReturnType<typeof builtFixtureContent>) {
  async function stack(opts: { release?: (r: CourseRelease) => CourseRelease } = {}) {
    const master = await importMasterKey(newMasterKeySecret());
    const app = await setup({ content: built.source, issuerMasterKey: master });
    const release = (opts.release ?? ((r) => r))(autoGraded(built));
    await publishReleases(app.t.db, [release], app.t.now());
    const admin = await app.world.signIn('academy.admin');
    const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const trainer = await app.world.signIn('trainer');
    return { ...app, release, admin, trainer, institutionId };
  }

  /** Lessons completed, summative passed, practical passed: what the certificate rule asks. */
  async function makeEligible(s: Awaited<ReturnType<typeof stack>>, learner: Person, learnerId: string) {
    const events = ['first-steps', 'tracing'].map((lessonId) => ({
      id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId, at: new Date().toISOString(),
    }));
    await learner.post('/api/progress/events', { events });
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    expect((await passAttempt(s.release, learner, attempt)).body.result.passed).toBe(true);
    const scored = await s.trainer.post('/api/assessments/practicals', { learnerId, courseId: 'sample', institutionId: s.institutionId, levels: { sources: 'meets' } });
    expect(scored.status).toBe(201);
  }

  async function issued(opts: Parameters<typeof stack>[0] = {}) {
    const s = await stack(opts);
    const learner = await s.world.signIn('learner');
    const learnerId = await userIdOf(s.t.db, 'learner');
    await makeEligible(s, learner, learnerId);
    const res = await s.trainer.post('/api/certificates', { learnerId, courseId: 'sample', institutionId: s.institutionId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { ...s, learner, learnerId, cert: res.body };
  }

  return { stack, makeEligible, issued };
}
