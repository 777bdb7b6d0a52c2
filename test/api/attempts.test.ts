import { rmSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { attempts } from '../../db/schema';
import { publishReleases } from '../../worker/assessments/releases';
import type { CourseRelease, ReleaseQuestion } from '../../worker/content/types';
import { expectError, type Person } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

/** The sample course with only machine-graded questions, so results are certain. */
function autoGraded(over: Partial<CourseRelease['certificate']['summative']> = {}): CourseRelease {
  const base = fixtureRelease(built);
  return {
    ...base,
    questions: base.questions.filter((q) => q.type !== 'case' && q.type !== 'short-answer'),
    certificate: { ...base.certificate, summative: { ...base.certificate.summative, draw: 3, ...over } },
  };
}

async function published(release = autoGraded()) {
  const app = await setup({ content: built.source });
  await publishReleases(app.t.db, [release], app.t.now());
  return { ...app, release };
}

/** The right answer for each question type, straight from the key. */
function rightAnswer(q: ReleaseQuestion): unknown {
  if (q.type === 'single' || q.type === 'multiple' || q.type === 'true-false') return q.options.filter((o) => o.correct).map((o) => o.id);
  if (q.type === 'ordering') return q.answer;
  if (q.type === 'matching') return q.answer;
  return 'A written answer';
}
function wrongAnswer(q: ReleaseQuestion): unknown {
  if (q.type === 'single' || q.type === 'multiple' || q.type === 'true-false') return [q.options.find((o) => !o.correct)!.id];
  if (q.type === 'ordering') return [...q.answer].reverse();
  if (q.type === 'matching') return Object.fromEntries(Object.keys(q.answer).map((l) => [l, 'nope']));
  return '';
}

async function answerAll(p: Person, attempt: { id: string; questions: Array<{ id: string }> }, release: CourseRelease, pick: typeof rightAnswer) {
  for (const { id } of attempt.questions) {
    const q = release.questions.find((x) => x.id === id)!;
    const answer = pick(q);
    const res = await p.call('PUT', `/api/attempts/${attempt.id}/answers/${id}`, { answer: q.type === 'matching' && pick === wrongAnswer ? {} : answer });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
  }
}
const submit = (p: Person, id: string, submitId = crypto.randomUUID()) => p.post(`/api/attempts/${id}/submit`, { submitId });

describe('starting an attempt', () => {
  it('draws the course number of questions on the server, shuffled, without any answer key', async () => {
    const { world, release } = await published();
    const learner = await world.signIn('learner');
    const res = await learner.post('/api/attempts', { courseId: 'sample' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.questions).toHaveLength(3);
    expect(res.body).toMatchObject({ status: 'open', courseVersion: '1.2.0', graceSeconds: 120 });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/"correct"|"answer"|"guide"|"feedback"/);
    for (const q of res.body.questions) expect(release.questions.some((x) => x.id === q.id)).toBe(true);
  });

  it('resumes the open attempt on a second device, with the answers saved so far', async () => {
    const { world, release } = await published();
    const phone = await world.signIn('learner');
    const first = (await phone.post('/api/attempts', { courseId: 'sample' })).body;
    const q = release.questions.find((x) => x.id === first.questions[0].id)!;
    await phone.call('PUT', `/api/attempts/${first.id}/answers/${q.id}`, { answer: rightAnswer(q) });
    const laptop = await world.signIn('learner');
    const again = (await laptop.post('/api/attempts', { courseId: 'sample' })).body;
    expect(again.id).toBe(first.id);
    expect(again.questions).toEqual(first.questions);
    expect(again.answers).toEqual({ [q.id]: rightAnswer(q) });
  });

  it('gives one open attempt when five starts race', async () => {
    const { t, world } = await published();
    const learner = await world.signIn('learner');
    const results = await Promise.all(Array.from({ length: 5 }, () => learner.post('/api/attempts', { courseId: 'sample' })));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await t.db.select().from(attempts)).toHaveLength(1);
  });

  it('is 404 for a course with no published assessment, and 400 for a malformed id', async () => {
    const { world } = await published();
    const learner = await world.signIn('learner');
    expectError(await learner.post('/api/attempts', { courseId: 'forensic-evidence' }), 404, 'course_not_published');
    expect(expectError(await learner.post('/api/attempts', { courseId: 'Not An Id' }), 400, 'validation_failed').fields).toHaveProperty([
      'body.courseId',
    ]);
  });
});

describe('answering', () => {
  it('refuses an answer that does not fit the question, a question not drawn, and someone else’s attempt', async () => {
    const { world } = await published();
    const learner = await world.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    const q = attempt.questions[0];
    expectError(await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${q.id}`, { answer: ['zz'] }), 400, 'validation_failed');
    expectError(await learner.call('PUT', `/api/attempts/${attempt.id}/answers/nope`, { answer: ['a'] }), 404, 'not_found');
    const trainer = await world.signIn('trainer');
    expectError(await trainer.call('PUT', `/api/attempts/${attempt.id}/answers/${q.id}`, { answer: ['a'] }), 404, 'not_found');
    expectError(await trainer.get(`/api/attempts/${attempt.id}`), 404, 'not_found');
  });

  it('two devices answering at once: each question keeps one answer, one of those sent, and none is lost', async () => {
    const { t, world, release } = await published();
    const phone = await world.signIn('learner');
    const laptop = await world.signIn('learner');
    const attempt = (await phone.post('/api/attempts', { courseId: 'sample' })).body;
    const drawn: ReleaseQuestion[] = attempt.questions.map((x: { id: string }) => release.questions.find((q) => q.id === x.id)!);
    // The question both devices answer differently is one with options, so both answers are valid.
    const hasOptions = (q: ReleaseQuestion) => q.type === 'single' || q.type === 'multiple' || q.type === 'true-false';
    const [first, second, third] = [...drawn.filter(hasOptions), ...drawn.filter((q) => !hasOptions(q))];
    const put = (device: Person, q: ReleaseQuestion, answer: unknown) => device.call('PUT', `/api/attempts/${attempt.id}/answers/${q.id}`, { answer });
    const results = await Promise.all([
      put(phone, first!, rightAnswer(first!)),
      put(laptop, first!, hasOptions(first!) ? wrongAnswer(first!) : rightAnswer(first!)),
      put(phone, second!, rightAnswer(second!)),
      put(laptop, third!, rightAnswer(third!)),
      put(laptop, second!, rightAnswer(second!)),
    ]);
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    const saved = (await laptop.get(`/api/attempts/${attempt.id}`)).body.answers;
    expect(Object.keys(saved).sort()).toEqual([first!.id, second!.id, third!.id].sort());
    expect([rightAnswer(first!), hasOptions(first!) ? wrongAnswer(first!) : rightAnswer(first!)]).toContainEqual(saved[first!.id]);
    expect(saved[second!.id]).toEqual(rightAnswer(second!));
    const rows = await t.client.execute({ sql: 'SELECT COUNT(*) AS n FROM attempt_answers WHERE attempt_id = ?', args: [attempt.id] });
    expect(Number(rows.rows[0]!.n)).toBe(3);
  });

  it('accepts answers until the deadline plus grace, then closes and grades what was saved', async () => {
    const { t, world, release } = await published();
    const learner = await world.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    const [a, b] = attempt.questions.map((x: { id: string }) => release.questions.find((q) => q.id === x.id)!);
    t.advance(20 * 60_000 + 60_000); // past the 20-minute limit, inside the grace
    expect((await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${a.id}`, { answer: rightAnswer(a) })).status).toBe(204);
    t.advance(2 * 60_000);
    const late = await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${b.id}`, { answer: rightAnswer(b) });
    expectError(late, 409, 'attempt_closed');
    const view = (await learner.get(`/api/attempts/${attempt.id}`)).body;
    expect(view.status).toBe('graded');
    expect(view.result).toMatchObject({ points: 1, maxPoints: 3, passed: false });
  });
});

describe('submitting', () => {
  it('grades all right answers as a pass, with feedback after submit', async () => {
    const { world, release } = await published();
    const learner = await world.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    await answerAll(learner, attempt, release, rightAnswer);
    const res = await submit(learner, attempt.id);
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ points: 3, maxPoints: 3, passed: true, passMark: 0.7 });
    expect(res.body.result.feedback).toHaveLength(3);
  });

  it('is idempotent by submitId: a retry gets the same result; another submit is refused', async () => {
    const { t, world, release } = await published();
    const learner = await world.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    await answerAll(learner, attempt, release, rightAnswer);
    const id = crypto.randomUUID();
    const [one, two] = await Promise.all([submit(learner, attempt.id, id), submit(learner, attempt.id, id)]);
    expect(one.status).toBe(200);
    expect(two.body.result).toEqual(one.body.result);
    const [row] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(row).toMatchObject({ status: 'graded', submitId: id, points: 3 });
    expectError(await submit(learner, attempt.id), 409, 'already_submitted');
  });

  it('holds back feedback when the course says never', async () => {
    const { world, release } = await published(autoGraded({ feedback: 'never' }));
    const learner = await world.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    await answerAll(learner, attempt, release, rightAnswer);
    const res = await submit(learner, attempt.id);
    expect(res.body.result.passed).toBe(true);
    expect(res.body.result.feedback).toBeUndefined();
  });
});

describe('limits', () => {
  it('enforces the cool-down between attempts and the attempt limit, then refuses a passed learner', async () => {
    const { t, world, release } = await published(autoGraded({ attempts: 2, cooldownHours: 24 }));
    const learner = await world.signIn('learner');
    const first = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    await submit(learner, first.id);
    const early = await learner.post('/api/attempts', { courseId: 'sample' });
    expectError(early, 409, 'cooldown');
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(86_000);
    t.advance(24 * 3_600_000 + 1);
    const second = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    expect(second.id).not.toBe(first.id);
    await submit(learner, second.id);
    t.advance(24 * 3_600_000 + 1);
    expectError(await learner.post('/api/attempts', { courseId: 'sample' }), 409, 'attempt_limit');

    const trainer = await world.signIn('trainer');
    const hers = (await trainer.post('/api/attempts', { courseId: 'sample' })).body;
    await answerAll(trainer, hers, release, rightAnswer);
    expect((await submit(trainer, hers.id)).body.result.passed).toBe(true);
    expectError(await trainer.post('/api/attempts', { courseId: 'sample' }), 409, 'already_passed');
  });

  it('needs a session', async () => {
    const { world } = await published();
    expectError(await world.anonymous().post('/api/attempts', { courseId: 'sample' }), 401, 'unauthenticated');
  });
});

describe('short answers', () => {
  it('leave the attempt pending review instead of guessing a score', async () => {
    const base = fixtureRelease(built);
    const release: CourseRelease = {
      ...base,
      questions: base.questions.filter((q) => q.type === 'case'),
      certificate: { ...base.certificate, summative: { ...base.certificate.summative, draw: 1 } },
    };
    const { t, world } = await published(release);
    const learner = await world.signIn('learner');
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    expect(attempt.questions[0].type).toBe('case');
    expect(JSON.stringify(attempt.questions[0])).not.toContain('SECRET-GUIDE');
    for (const part of attempt.questions[0].questions) {
      const q = (release.questions[0] as Extract<ReleaseQuestion, { type: 'case' }>).questions.find((x) => x.id === part.id)!;
      expect((await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${part.id}`, { answer: rightAnswer(q) })).status).toBe(204);
    }
    const res = await submit(learner, attempt.id);
    expect(res.body.status).toBe('pending_review');
    expect(res.body.result).toMatchObject({ passed: null, pendingReview: true, points: 1, maxPoints: 3 });
    const [row] = await t.db.select().from(attempts).where(and(eq(attempts.id, attempt.id)));
    expect(row?.passed).toBeNull();
  });
});


describe('the attempts summary', () => {
  it('says what is open, what was used, and when the cool-down ends', async () => {
    const { t, world } = await published(autoGraded({ attempts: 2, cooldownHours: 24 }));
    const learner = await world.signIn('learner');
    expect((await learner.get('/api/attempts?courseId=sample')).body).toMatchObject({ attemptsAllowed: 2, attemptsUsed: 0, openAttemptId: null, passed: false, attempts: [] });
    const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
    expect((await learner.get('/api/attempts?courseId=sample')).body.openAttemptId).toBe(attempt.id);
    await submit(learner, attempt.id);
    const after = (await learner.get('/api/attempts?courseId=sample')).body;
    expect(after).toMatchObject({ attemptsUsed: 1, openAttemptId: null, passed: false, attempts: [{ id: attempt.id, status: 'graded', passed: false }] });
    expect(new Date(after.nextAttemptAt).getTime()).toBe(t.now().getTime() + 24 * 3_600_000);
    t.advance(24 * 3_600_000 + 1);
    expect((await learner.get('/api/attempts?courseId=sample')).body.nextAttemptAt).toBeNull();
    expect(expectError(await learner.get('/api/attempts'), 400, 'validation_failed').fields).toHaveProperty(['query.courseId']);
    expect((await (await world.signIn('trainer')).get('/api/attempts?courseId=sample')).body.attemptsUsed).toBe(0);
  });
});
