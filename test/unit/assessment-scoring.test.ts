import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawAttempt } from '../../worker/assessments/draw';
import { itemStats } from '../../worker/assessments/item-stats';
import { scoreRubric } from '../../worker/assessments/practical';
import type { CourseRelease, Rubric } from '../../worker/content/types';

const rubric: Rubric = {
  title: 'T',
  task: 'T',
  levels: [
    { id: 'not-yet', label: 'Not yet', points: 0 },
    { id: 'meets', label: 'Meets', points: 2 },
    { id: 'exceeds', label: 'Exceeds', points: 3 },
  ],
  passPoints: 5,
  criteria: [
    { id: 'safety', title: 'Safety', required: true, descriptors: {} },
    { id: 'plan', title: 'Plan', descriptors: {} },
    { id: 'write', title: 'Write', descriptors: {} },
  ],
};

describe('rubric scoring', () => {
  it('fails a required criterion at the lowest level even when the total passes', () => {
    expect(scoreRubric(rubric, { safety: 'meets', plan: 'meets', write: 'meets' })).toMatchObject({ points: 6, passed: true });
    expect(scoreRubric(rubric, { safety: 'not-yet', plan: 'exceeds', write: 'exceeds' })).toMatchObject({ points: 6, passed: false, requiredMet: false });
    expect(scoreRubric(rubric, { safety: 'exceeds', plan: 'not-yet', write: 'meets' })).toMatchObject({ points: 5, passed: true });
  });
});

describe('drawing', () => {
  const questions = Array.from({ length: 30 }, (_, i) => ({
    type: 'single' as const,
    id: `q${i}`,
    prompt: 'p',
    options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id, correct: id === 'a' })),
  }));
  const release = { questions, certificate: { summative: { draw: 10 } } } as unknown as CourseRelease;

  it('draws the same questions for the same seed, distinct ones, and shuffles options', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const a = drawAttempt(release, seed);
        expect(drawAttempt(release, seed)).toEqual(a);
        expect(new Set(a.map((q) => q.id)).size).toBe(10);
        for (const q of a) expect([...q.order!].sort()).toEqual(['a', 'b', 'c', 'd']);
      }),
    );
    const firsts = new Set(Array.from({ length: 50 }, (_, s) => drawAttempt(release, s)[0]!.order![0]));
    expect(firsts.size).toBeGreaterThan(1);
  });
});

describe('item statistics', () => {
  it('finds the item that strong and weak candidates answer alike', () => {
    const responses = [];
    for (let a = 0; a < 40; a++) {
      const strong = a < 20;
      for (let i = 0; i < 5; i++) responses.push({ attemptId: `a${a}`, questionId: `good${i}`, score: strong ? 1 : a % 3 === 0 ? 1 : 0 });
      responses.push({ attemptId: `a${a}`, questionId: 'noise', score: a % 2 });
    }
    const stats = itemStats(responses);
    const noise = stats.find((s) => s.questionId === 'noise')!;
    const good = stats.find((s) => s.questionId === 'good0')!;
    expect(noise.difficulty).toBeCloseTo(0.5);
    expect(Math.abs(noise.discrimination!)).toBeLessThan(0.2);
    expect(good.discrimination!).toBeGreaterThan(0.5);
    expect(stats[0]!.questionId).toBe('noise');
  });
});
