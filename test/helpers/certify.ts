/**
 * Takes a learner through everything a certificate asks, through the API alone: every lesson
 * completed, the summative passed (short answers scored by the trainer), the practical scored,
 * then the trainer issues. Works against any Cascade (the Node entry, workerd, a live server).
 */
import { expect } from 'vitest';
import { questionIndex } from '../../worker/assessments/draw';
import { maxPoints } from '../../worker/assessments/grade';
import type { CourseRelease, ReleaseQuestion } from '../../worker/content/types';
import type { Person } from './client';

/** The right answer to an auto-graded question, in the shape the API takes. */
export function correctAnswer(q: ReleaseQuestion): unknown {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'true-false':
      return q.options.filter((o) => o.correct).map((o) => o.id);
    case 'ordering':
      return q.answer;
    case 'matching':
      return q.answer;
    case 'short-answer':
      return 'I would refer the person to a specialised support service within the day, and record what was said in their own words.';
    case 'case':
      throw new Error('A case is answered through its linked questions.');
  }
}

export async function certify(opts: { learner: Person; trainer: Person; release: CourseRelease; learnerId: string; institutionId: string }) {
  const { learner, trainer, release } = opts;
  const events = release.lessons.map((lessonId) => ({
    id: crypto.randomUUID(),
    type: 'lesson.completed',
    courseId: release.courseId,
    courseVersion: release.version,
    lessonId,
    at: new Date().toISOString(),
  }));
  expect((await learner.post('/api/progress/events', { events })).status).toBe(200);

  const started = await learner.post('/api/attempts', { courseId: release.courseId });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const attempt = started.body as { id: string; questions: Array<{ id: string; type: string; questions?: Array<{ id: string }> }> };
  const keys = questionIndex(release);
  const answered = attempt.questions.flatMap((q) => (q.type === 'case' ? (q.questions ?? []) : [q]));
  for (const { id } of answered) {
    const saved = await learner.call('PUT', `/api/attempts/${attempt.id}/answers/${id}`, { answer: correctAnswer(keys.get(id)!) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(204);
  }
  let result = (await learner.post(`/api/attempts/${attempt.id}/submit`, { submitId: crypto.randomUUID() })).body.result;
  for (const { id } of answered.filter((q) => keys.get(q.id)?.type === 'short-answer')) {
    const scored = await trainer.post(`/api/assessments/attempts/${attempt.id}/scores`, { questionId: id, points: maxPoints(keys.get(id)!), comment: 'Clear and victim-centred.' });
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    result = scored.body;
  }
  expect(result.passed).toBe(true);

  if (release.certificate.practical && release.rubric) {
    const top = [...release.rubric.levels].sort((a, b) => b.points - a.points)[0]!.id;
    const levels = Object.fromEntries(release.rubric.criteria.map((c) => [c.id, top]));
    const practical = await trainer.post('/api/assessments/practicals', { learnerId: opts.learnerId, courseId: release.courseId, institutionId: opts.institutionId, levels });
    expect(practical.status, JSON.stringify(practical.body)).toBe(201);
  }

  const issued = await trainer.post('/api/certificates', { learnerId: opts.learnerId, courseId: release.courseId, institutionId: opts.institutionId });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  return issued.body as { id: string; credential: string; qrUrl: string };
}
