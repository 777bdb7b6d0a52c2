import type { z } from '@hono/zod-openapi';
import Papa from 'papaparse';
import { Username, type Locale, type Sector } from '../schemas';
import { byteOrderMark, decodeText, type TextEncoding } from './decode-text';
import { MAX_ROSTER_BYTES } from './limits';
import { REQUIRED_COLUMNS, ROSTER_COLUMNS, RosterCells, aliasesOf, columnFor, listChoices, type RosterColumn } from './roster-columns';

export const MAX_ROSTER_ROWS = 10_000;
export { MAX_ROSTER_BYTES };

/** A person to add to the cohort, validated. */
export interface RosterRow {
  /** Lower-cased, as `Username` stores it. */
  username: string;
  displayName: string;
  gender?: string;
  sector?: z.infer<typeof Sector>;
  region?: string;
  inCapital?: boolean;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  locale?: z.infer<typeof Locale>;
}

/**
 * One data line. `line` is the row number a spreadsheet shows (the header is usually 1;
 * a quoted cell spanning lines counts once). `raw` holds the cells the line has, and each
 * error's `column` names its cell, both by the header as written in the file; a column
 * the file lacks is named by its canonical name (`display_name`).
 */
export type RosterLine =
  | { line: number; status: 'ok'; row: RosterRow }
  | { line: number; status: 'error'; raw: Record<string, string>; errors: Array<{ column: string; message: string }> };

export interface RosterReport {
  encoding: TextEncoding;
  delimiter: Delimiter;
  /** The header's cells as written in the file. */
  columns: string[];
  lines: RosterLine[];
  ok: number;
  rejected: number;
  /** About the whole file, in plain English. With an empty `lines`, refuse the file. */
  problems: string[];
}

type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

const LABELS: Record<RosterColumn, string> = {
  username: 'Username',
  display_name: 'Display name',
  gender: 'Gender',
  sector: 'Sector',
  region: 'Region',
  in_capital: 'In capital',
  country: 'Country',
  locale: 'Locale',
};

/**
 * Turns an uploaded roster (CSV or tab-separated, as spreadsheets export it) into a
 * line-by-line report. Pure, and never throws: whatever the bytes, the report says
 * what is wrong with them.
 */
export function parseRoster(bytes: Uint8Array): RosterReport {
  if (bytes.length > MAX_ROSTER_BYTES) {
    const encoding = byteOrderMark(bytes)?.encoding ?? 'utf-8';
    return report(encoding, ',', [], [], [`The file is larger than ${MAX_ROSTER_BYTES / 1024 / 1024} MB; split the roster into smaller files.`]);
  }
  const { encoding, text } = decodeText(bytes);
  // One line ending, so a file that mixes them still splits where a spreadsheet would.
  const normalised = text.normalize('NFC').replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(normalised);
  const parsed = Papa.parse<string[]>(normalised, { delimiter, newline: '\n', quoteChar: '"', skipEmptyLines: false });
  const quoteProblems = [
    ...new Set(
      parsed.errors.map((e) =>
        e.code === 'MissingQuotes'
          ? `Line ${(e.row ?? 0) + 1} opens a quote (") that is never closed, so the rest of the file was read as one cell; check its quotes.`
          : `Line ${(e.row ?? 0) + 1} has text after a closing quote ("); check its quotes.`,
      ),
    ),
  ];
  const problems = quoteProblems.slice(0, 5);
  if (quoteProblems.length > 5) problems.push(`${quoteProblems.length - 5} more lines have misplaced quotes.`);
  const records = parsed.data
    .map((cells, i) => ({ line: i + 1, cells: cells.map(cleanCell) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...rows] = records;
  if (!header) return report(encoding, delimiter, [], [], [...problems, 'The file is empty.']);
  const columns = header.cells;
  if (rows.length === 0) problems.push('The file has a header but no rows below it.');
  if (rows.length > MAX_ROSTER_ROWS) {
    const message = `The file has ${rows.length} rows; import at most ${MAX_ROSTER_ROWS} at a time.`;
    return report(encoding, delimiter, columns, [], [...problems, message]);
  }
  const { index, problems: headerProblems } = mapHeader(columns);
  problems.push(...headerProblems);
  if (rows.some((r) => r.cells.some((c, i) => c !== '' && (columns[i] ?? '') === ''))) {
    problems.push('Some cells are in columns with no name in the header; they were ignored.');
  }
  const firstLineOf = new Map<string, number>();
  const lines = rows.map((r) => validateLine(r.line, r.cells, columns, index, firstLineOf));
  return report(encoding, delimiter, columns, lines, problems);
}

function report(encoding: TextEncoding, delimiter: Delimiter, columns: string[], lines: RosterLine[], problems: string[]): RosterReport {
  const ok = lines.filter((l) => l.status === 'ok').length;
  return { encoding, delimiter, columns, lines, ok, rejected: lines.length - ok, problems };
}

// A line break inside a quoted cell (Alt+Enter in Excel) is wrapping, not part of a name.
// Split rather than a /\s*\n\s*/ regex, which backtracks quadratically over long blanks.
const cleanCell = (cell: string) =>
  cell.includes('\n')
    ? cell
        .split('\n')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .join(' ')
    : cell.trim();

/**
 * The delimiter used most, outside quotes, up to the end of the header (the first line
 * with text); ',' if none. Blank lines before it (";;;") count: the same program wrote them.
 */
function detectDelimiter(text: string): Delimiter {
  const counts = [0, 0, 0];
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    const d = DELIMITERS.indexOf(ch as Delimiter);
    if (d >= 0) counts[d]!++;
    else if (ch === '\n' && !blank) break;
    else if (ch.trim() !== '') blank = false;
  }
  const best = counts.indexOf(Math.max(...counts));
  return counts[best]! > 0 ? DELIMITERS[best]! : ',';
}

function mapHeader(columns: string[]) {
  const index = new Map<RosterColumn, number>();
  const problems: string[] = [];
  const unknown: string[] = [];
  const repeated = new Set<RosterColumn>();
  columns.forEach((name, i) => {
    if (name === '') return;
    const column = columnFor(name);
    if (!column) unknown.push(`"${shorten(name)}"`);
    else if (!index.has(column)) index.set(column, i);
    else if (!repeated.has(column)) {
      repeated.add(column);
      problems.push(`Columns "${columns[index.get(column)!]}" and "${shorten(name)}" both mean ${column}; only the first is used.`);
    }
  });
  for (const column of REQUIRED_COLUMNS.filter((c) => !index.has(c))) {
    const names = [column, ...aliasesOf(column)].map((n) => `"${n}"`).join(', ');
    problems.push(`The header has no ${column} column (any of ${names}), so every line is rejected.`);
  }
  if (unknown.length > 0) {
    const more = unknown.length > 20 ? ` and ${unknown.length - 20} more` : '';
    problems.push(`Ignored columns the roster does not use: ${unknown.slice(0, 20).join(', ')}${more}.`);
  }
  return { index, problems };
}

function validateLine(
  line: number,
  cells: string[],
  columns: string[],
  index: Map<RosterColumn, number>,
  firstLineOf: Map<string, number>,
): RosterLine {
  const cell = (column: RosterColumn) => {
    const i = index.get(column);
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const named = (column: RosterColumn) => {
    const i = index.get(column);
    return i === undefined ? column : columns[i]!;
  };
  const input = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, cell(c)]));
  const result = RosterCells.safeParse(input, { error: listChoices });
  const errors = new Map<RosterColumn, string>();
  for (const column of REQUIRED_COLUMNS) {
    if (!index.has(column)) errors.set(column, `The file has no ${column} column; add one.`);
  }
  for (const issue of result.error?.issues ?? []) {
    const column = issue.path[0] as RosterColumn;
    if (errors.has(column)) continue;
    const value = cell(column);
    errors.set(column, value === '' ? `${LABELS[column]} is empty; fill it in.` : `${LABELS[column]} "${shorten(value)}": ${issue.message}`);
  }
  // Checked on its own too, so a line rejected for another reason still claims its username.
  const username = Username.safeParse(cell('username')).data;
  if (username !== undefined && index.has('username')) {
    const first = firstLineOf.get(username);
    if (first === undefined) firstLineOf.set(username, line);
    else if (!errors.has('username')) errors.set('username', `Username "${username}" is a duplicate of line ${first}; keep one of the two.`);
  }
  if (result.success && errors.size === 0) {
    const d = result.data;
    const row: RosterRow = {
      username: d.username,
      displayName: d.display_name,
      gender: d.gender,
      sector: d.sector,
      region: d.region,
      inCapital: d.in_capital,
      country: d.country,
      locale: d.locale,
    };
    return { line, status: 'ok', row };
  }
  // Only the cells the line has, so a header thousands of columns wide cannot multiply
  // into every rejected line. Built as entries: a column named "__proto__" stays a cell.
  const raw = new Map<string, string>();
  cells.forEach((value, i) => {
    const name = columns[i] ?? '';
    if (name !== '' && !raw.has(name)) raw.set(name, value);
  });
  return {
    line,
    status: 'error',
    raw: Object.fromEntries(raw),
    errors: [...errors]
      .sort(([a], [b]) => ROSTER_COLUMNS.indexOf(a) - ROSTER_COLUMNS.indexOf(b))
      .map(([column, message]) => ({ column: named(column), message })),
  };
}

const shorten = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
