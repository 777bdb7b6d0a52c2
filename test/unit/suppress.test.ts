import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakdown, cell, rate } from '../../worker/reports/suppress';
import { toCsv } from '../../worker/reports/csv';

describe('small-cell suppression', () => {
  it('hides counts of 1 to 4 people and rates over fewer than 5', () => {
    expect([0, 1, 4, 5, 12].map(cell)).toEqual([0, null, null, 5, 12]);
    expect(rate(3, 4)).toBe(null);
    expect(rate(2, 3 + 3)).toBe(0.333);
  });

  it('hides a second cell when one alone would be recoverable from the total', () => {
    expect(breakdown([{ key: 'a', n: 9 }, { key: 'b', n: 3 }, { key: 'c', n: 20 }])).toEqual([
      { key: 'a', n: null },
      { key: 'b', n: null },
      { key: 'c', n: 20 },
    ]);
    expect(breakdown([{ key: 'a', n: 9 }, { key: 'b', n: 3 }, { key: 'c', n: 1 }]).map((c) => c.n)).toEqual([9, null, null]);
  });

  it('never leaves exactly one hidden cell with a non-zero value beside it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 8 }), (ns) => {
        const out = breakdown(ns.map((n, i) => ({ key: String(i), n })));
        const hidden = out.filter((c) => c.n === null).length;
        const shownPositive = out.filter((c) => c.n !== null && c.n > 0).length;
        expect(hidden === 1 && shownPositive > 0).toBe(false);
        out.forEach((c, i) => expect(c.n === null || c.n === ns[i]).toBe(true));
        out.forEach((c) => expect(c.n === null || c.n === 0 || c.n >= 5).toBe(true));
      }),
    );
  });

  it('writes suppressed cells as <5 in CSV, quotes what needs it, and defuses formulas', () => {
    expect(toCsv(['group', 'n'], [['a, "b"', null], ['=HYPERLINK("x")', 7]])).toBe('\uFEFFgroup,n\r\n"a, ""b""",<5\r\n"\'=HYPERLINK(""x"")",7\r\n');
  });
});
