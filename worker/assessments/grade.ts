import type { ReleaseQuestion } from '../content/types';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Points earned for one answer, or null when a trainer must score it (short answers).
 * Choice and ordering questions score all or nothing; matching scores each pair.
 * An answer of the wrong shape scores zero: it was saved, so it counts as given.
 */
export function gradeAnswer(q: ReleaseQuestion, answer: unknown): number | null {
  const points = 'points' in q && q.points ? q.points : 1;
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'true-false': {
      const chosen = Array.isArray(answer) ? answer.map(String) : [];
      return sameSet(chosen, q.options.filter((o) => o.correct).map((o) => o.id)) ? points : 0;
    }
    case 'ordering': {
      const order = Array.isArray(answer) ? answer.map(String) : [];
      return order.join('\u0000') === q.answer.join('\u0000') ? points : 0;
    }
    case 'matching': {
      const pairs = answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, unknown>) : {};
      const right = Object.entries(q.answer).filter(([l, r]) => pairs[l] === r).length;
      return (points * right) / Object.keys(q.answer).length;
    }
    case 'short-answer':
      return null;
    case 'case':
      return null;
  }
}

export function maxPoints(q: ReleaseQuestion): number {
  return q.type === 'case' ? q.questions.reduce((n, p) => n + maxPoints(p), 0) : ('points' in q && q.points) || 1;
}

/** Whether an answer has the shape its question asks for; saved answers are checked against it. */
export function answerFits(q: ReleaseQuestion, answer: unknown): boolean {
  switch (q.type) {
    case 'single':
    case 'true-false':
      return Array.isArray(answer) && answer.length <= 1 && answer.every((a) => q.options.some((o) => o.id === a));
    case 'multiple':
      return Array.isArray(answer) && new Set(answer).size === answer.length && answer.every((a) => q.options.some((o) => o.id === a));
    case 'ordering':
      return Array.isArray(answer) && sameSet(answer.map(String), q.items.map((i) => i.id));
    case 'matching':
      return (
        !!answer &&
        typeof answer === 'object' &&
        !Array.isArray(answer) &&
        Object.entries(answer as Record<string, unknown>).every(([l, r]) => q.left.some((x) => x.id === l) && q.right.some((x) => x.id === r))
      );
    case 'short-answer':
      return typeof answer === 'string' && answer.length <= 5000;
    case 'case':
      return false;
  }
}
