import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { publishReleases } from '../../worker/assessments/releases';
import type { CourseRelease, ReleaseQuestion } from '../../worker/content/types';
import { expectError, type Person } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { tableCounts, userIdOf } from '../helpers/db';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

function release(questions: (q: ReleaseQuestion) => boolean, draw: number): CourseRelease {
  const base = fixtureRelease(built);
  const picked = base.questions.filter(questions);
  return { ...base, questions: picked, certificate: { ...base.certificate, summative: { ...base.certificate.summative, draw } } };
}

async function world(r: CourseRelease = release((q) => q.type === 'single' || q.type === 'true-false', 2)) {
  const app = await setup({ content: built.source });
  await publishReleases(app.t.db, [r], app.t.now());
  const admin = await app.world.signIn('academy.admin');
  const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
  return { ...app, admin, institutionId, release: r, learnerId: await userIdOf(app.t.db, 'learner') };
}

const practical = (p: Person, institutionId: string, learnerId: string, level = 'meets') =>
  p.post('/api/assessments/practicals', { learnerId, courseId: 'sample', institutionId, levels: { sources: level }, comments: 'Named banks and MTOs.' });

describe('practical assessments', () => {
  it('a trainer scores the rubric; a second trainer moderates; the moderated result counts', async () => {
    const { world: w, admin, institutionId, learnerId } = await world();
    const trainer = await w.signIn('trainer');
    const scored = await practical(trainer, institutionId, learnerId);
    expect(scored.status, JSON.stringify(scored.body)).toBe(201);
    expect(scored.body).toMatchObject({ points: 2, passed: true, final: { passed: true }, moderation: null });
    expectError(await trainer.post(`/api/assessments/practicals/${scored.body.id}/moderation`, { levels: { sources: 'not-yet' } }), 409, 'own_score');
    await admin.post(`/api/institutions/${institutionId}/members`, { username: 'mentor', role: 'trainer' });
    const second = await w.signIn('mentor');
    const moderated = await second.post(`/api/assessments/practicals/${scored.body.id}/moderation`, { levels: { sources: 'not-yet' }, comment: 'Missed MTOs.' });
    expect(moderated.status).toBe(200);
    expect(moderated.body).toMatchObject({ points: 2, final: { points: 0, passed: false }, moderation: { passed: false, comment: 'Missed MTOs.' } });
    const learner = await w.signIn('learner');
    expect((await learner.get(`/api/assessments/practicals/${scored.body.id}`)).body.final.passed).toBe(false);
  });

  it('names the criteria it needs and stores nothing on bad levels', async () => {
    const { t, world: w, institutionId, learnerId } = await world();
    const trainer = await w.signIn('trainer');
    const before = await tableCounts(t.db);
    const res = await trainer.post('/api/assessments/practicals', { learnerId, courseId: 'sample', institutionId, levels: { sourcez: 'meets' } });
    expect(Object.keys(expectError(res, 400, 'validation_failed').fields ?? {}).sort()).toEqual(['body.levels.sources', 'body.levels.sourcez']);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('only trainers of the learner’s institution may score, and only its learners', async () => {
    const { world: w, institutionId, learnerId, t } = await world();
    expectError(await practical(await w.signIn('learner'), institutionId, learnerId), 403, 'forbidden');
    expectError(await practical(await w.signIn('mentor'), institutionId, learnerId), 403, 'forbidden');
    const programmeAdminId = await userIdOf(t.db, 'programme.admin');
    expectError(await practical(await w.signIn('trainer'), institutionId, programmeAdminId), 404, 'not_found');
  });
});

describe('short answers', () => {
  it('a trainer scores them and the attempt becomes final; the learner cannot score their own', async () => {
    const r = release((q) => q.type === 'case', 1);
    const { world: w } = await world(r);
    const learner = await w.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    await learner.call('PUT', `/api/attempts/${attempt.id}/answers/s6a`, { answer: 'Remittance records under every known name.' });
    await learner.call('PUT', `/api/attempts/${attempt.id}/answers/s6b`, { answer: ['a'] });
    const submitted = await learner.post(`/api/attempts/${attempt.id}/submit`, { submitId: crypto.randomUUID() });
    expect(submitted.body.status).toBe('pending_review');
    expectError(await learner.post(`/api/assessments/attempts/${attempt.id}/scores`, { questionId: 's6a', points: 2 }), 403, 'forbidden');
    const trainer = await w.signIn('trainer');
    expect(expectError(await trainer.post(`/api/assessments/attempts/${attempt.id}/scores`, { questionId: 's6a', points: 3 }), 400, 'validation_failed').fields).toHaveProperty(['body.points']);
    expectError(await trainer.post(`/api/assessments/attempts/${attempt.id}/scores`, { questionId: 's6b', points: 1 }), 404, 'not_found');
    const res = await trainer.post(`/api/assessments/attempts/${attempt.id}/scores`, { questionId: 's6a', points: 2, comment: 'Good.' });
    expect(res.body).toMatchObject({ status: 'graded', points: 3, maxPoints: 3, passed: true });
    expect((await learner.get(`/api/attempts/${attempt.id}`)).body.result).toMatchObject({ passed: true, pendingReview: false });
  });
});

describe('item statistics', () => {
  it('gives each drawn question its difficulty, for trainers of the institution only', async () => {
    const { world: w, institutionId } = await world();
    const learner = await w.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    await learner.post(`/api/attempts/${attempt.id}/submit`, { submitId: crypto.randomUUID() });
    const trainer = await w.signIn('trainer');
    const res = await trainer.get(`/api/assessments/sample/item-stats?institutionId=${institutionId}`);
    expect(res.status).toBe(200);
    expect(res.body.attempts).toBe(1);
    expectError(await learner.get(`/api/assessments/sample/item-stats?institutionId=${institutionId}`), 403, 'forbidden');
    expect(expectError(await trainer.get('/api/assessments/sample/item-stats'), 400, 'validation_failed').fields).toHaveProperty(['query.institutionId']);
  });
});

describe('eligibility', () => {
  it('follows the certificate rule: lessons, summative pass, practical pass', async () => {
    const { world: w, institutionId, learnerId, release: r } = await world();
    const learner = await w.signIn('learner');
    const first = (await learner.get('/api/assessments/sample/eligibility')).body;
    expect(first).toMatchObject({ eligible: false, lessons: { required: 2, completed: 0, missing: ['first-steps', 'tracing'] }, summative: { passed: false } });

    const events = ['first-steps', 'tracing'].map((lessonId) => ({
      id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId, at: new Date().toISOString(),
    }));
    await learner.post('/api/progress/events', { events });
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    for (const q of attempt.questions) {
      const key = r.questions.find((x) => x.id === q.id) as Extract<ReleaseQuestion, { options: unknown }>;
      await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${q.id}`, { answer: key.options.filter((o) => o.correct).map((o) => o.id) });
    }
    await learner.post(`/api/attempts/${attempt.id}/submit`, { submitId: crypto.randomUUID() });
    expect((await learner.get('/api/assessments/sample/eligibility')).body).toMatchObject({ eligible: false, summative: { passed: true }, practical: { required: true, passed: null } });

    const trainer = await w.signIn('trainer');
    await practical(trainer, institutionId, learnerId);
    const seen = (await trainer.get(`/api/assessments/sample/eligibility?learnerId=${learnerId}`)).body;
    expect(seen).toMatchObject({ eligible: true, lessons: { missing: [] }, practical: { passed: true } });
    expectError(await (await w.signIn('mentor')).get(`/api/assessments/sample/eligibility?learnerId=${learnerId}`), 403, 'forbidden');
  });
});
