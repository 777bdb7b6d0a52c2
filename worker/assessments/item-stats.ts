/** Per-question statistics from graded attempts, so trainers can fix weak questions. */

export interface Response {
  attemptId: string;
  questionId: string;
  /** Share of the question's points earned, 0..1. */
  score: number;
}

export interface ItemStat {
  questionId: string;
  answered: number;
  /** Mean share of points earned: near 1 is easy, near 0 is hard. */
  difficulty: number;
  /**
   * Correlation of this item with the rest of the attempt (corrected point-biserial):
   * near or below 0 means strong candidates do no better on it than weak ones.
   */
  discrimination: number | null;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function correlation(xs: number[], ys: number[]): number | null {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

export function itemStats(responses: readonly Response[]): ItemStat[] {
  const totals = new Map<string, number>();
  for (const r of responses) totals.set(r.attemptId, (totals.get(r.attemptId) ?? 0) + r.score);
  const byQuestion = new Map<string, Response[]>();
  for (const r of responses) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r]);
  return [...byQuestion]
    .map(([questionId, rs]) => ({
      questionId,
      answered: rs.length,
      difficulty: mean(rs.map((r) => r.score)),
      // The rest of the attempt, without this item, so an item does not correlate with itself.
      discrimination: rs.length < 5 ? null : correlation(rs.map((r) => r.score), rs.map((r) => (totals.get(r.attemptId) ?? 0) - r.score)),
    }))
    .sort((a, b) => (a.discrimination ?? 2) - (b.discrimination ?? 2) || a.questionId.localeCompare(b.questionId));
}
