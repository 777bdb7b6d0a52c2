import type { Rubric } from '../content/types';
import { AppError } from '../errors';

/**
 * Scores rubric levels: the total must reach the pass mark, and every required
 * criterion (safety, integrity) must be above the lowest level, whatever the total.
 */
export function scoreRubric(rubric: Rubric, levels: Record<string, string>) {
  const fields: Record<string, string> = {};
  const lowest = Math.min(...rubric.levels.map((l) => l.points));
  let points = 0;
  let requiredMet = true;
  for (const c of rubric.criteria) {
    const level = rubric.levels.find((l) => l.id === levels[c.id]);
    if (!level) {
      fields[`body.levels.${c.id}`] = `Choose one of: ${rubric.levels.map((l) => l.id).join(', ')}.`;
      continue;
    }
    points += level.points;
    if (c.required && level.points === lowest) requiredMet = false;
  }
  for (const key of Object.keys(levels)) {
    if (!rubric.criteria.some((c) => c.id === key)) fields[`body.levels.${key}`] = 'Not a criterion of this rubric.';
  }
  if (Object.keys(fields).length) {
    throw new AppError(400, 'validation_failed', 'Score every criterion of the rubric, and only those.', { fields });
  }
  return { points, passed: points >= rubric.passPoints && requiredMet, requiredMet };
}
