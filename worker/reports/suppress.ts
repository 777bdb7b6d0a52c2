/**
 * Small-cell suppression (DESIGN.md "Reports"): no figure about fewer than 5 people is shown,
 * anywhere, CSV included, so a small cohort cannot be re-identified. A suppressed cell is null
 * in JSON and "<5" in CSV.
 */
export const MIN_CELL = 5;

/** A count of people, or null when it is 1–4 (0 reveals nobody, so it stays). */
export function cell(n: number): number | null {
  return n > 0 && n < MIN_CELL ? null : n;
}

/** A share of a group of people, or null when the group is too small to show. */
export function rate(part: number, whole: number): number | null {
  return whole < MIN_CELL ? null : Math.round((part / whole) * 1000) / 1000;
}

/**
 * Suppresses a breakdown whose total is shown: small cells, and then (complementary
 * suppression) the next smallest cell when only one was hidden, so no cell can be worked out
 * by subtracting the others from the total.
 */
export function breakdown<K extends string>(counts: ReadonlyArray<{ key: K; n: number }>): Array<{ key: K; n: number | null }> {
  const out = counts.map((c) => ({ key: c.key, n: cell(c.n) }));
  const hidden = out.filter((c) => c.n === null).length;
  if (hidden === 1) {
    const next = out.filter((c) => c.n !== null && c.n > 0).sort((a, b) => (a.n ?? 0) - (b.n ?? 0))[0];
    if (next) next.n = null;
  }
  return out;
}
