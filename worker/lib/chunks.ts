/**
 * A list cut into runs of at most `size`: D1 binds at most 100 parameters a statement, so long
 * `IN (…)` lists and multi-row inserts go in pieces.
 */
export const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));
