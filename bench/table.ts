/**
 * The one table every part of `npm run bench` returns rows for: a figure, what was measured,
 * its budget from DESIGN.md, and the ceiling or baseline measured beside it in the same run.
 */
import os from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Budget {
  /** The figure must stay at or under this… */
  max?: number;
  /** …or at or over this. */
  min?: number;
}

export interface BenchRow {
  part: string;
  figure: string;
  measured: number;
  unit: string;
  /** As DESIGN.md says it, e.g. "≤ 60 KB"; empty for figures shown for context only. */
  budget: string;
  /** What the figure is compared with, measured in the same run where it can be. */
  baseline: string;
  /** null: no budget applies to this row. */
  met: boolean | null;
  note?: string;
}

/** A row, with `met` worked out from the budget. */
export function row(
  part: string,
  figure: string,
  measured: number,
  unit: string,
  budget: Budget | null,
  baseline = '',
  note?: string,
): BenchRow {
  const met = budget ? (budget.max === undefined || measured <= budget.max) && (budget.min === undefined || measured >= budget.min) : null;
  const text = budget ? [budget.max !== undefined ? `≤ ${fmt(budget.max)} ${unit}` : '', budget.min !== undefined ? `≥ ${fmt(budget.min)} ${unit}` : ''].filter(Boolean).join(', ') : '';
  return { part, figure, measured, unit, budget: text, baseline, met, ...(note ? { note } : {}) };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 || Number.isInteger(n) ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A Markdown table, so the output pastes straight into docs/performance.md. */
export function markdown(rows: BenchRow[]): string {
  const lines = ['| part | figure | measured | budget | compared with | met |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    const note = r.note ? ` (${r.note})` : '';
    lines.push(`| ${r.part} | ${r.figure}${note} | **${fmt(r.measured)} ${r.unit}** | ${r.budget} | ${r.baseline} | ${met} |`);
  }
  return lines.join('\n');
}

/** The machine, said with every result: on a shared 2-core box the load average matters. */
export function machine() {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** True when the file is run directly (`tsx bench/x.ts`), false when imported by bench/index.ts. */
export const isMain = (url: string) => process.argv[1] !== undefined && url === pathToFileURL(resolve(process.argv[1])).href;
