/** CSV export of report tables (RFC 4180, with a BOM so spreadsheet programs read UTF-8). */
export type CsvValue = string | number | boolean | null | undefined;

/** What a suppressed (null) figure prints as. */
export const SUPPRESSED = '<5';

function field(value: CsvValue): string {
  if (value === null) return SUPPRESSED;
  if (value === undefined) return '';
  const text = String(value);
  // Quote what needs it, and defuse formulas: a cell starting with = + - @ runs in Excel.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(columns: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return `\uFEFF${[columns, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
