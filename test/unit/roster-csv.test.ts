import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../../worker/cohorts/decode-text';
import { MAX_ROSTER_BYTES, MAX_ROSTER_ROWS, parseRoster, type RosterLine, type RosterReport } from '../../worker/cohorts/roster-csv';

const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (bom: readonly number[], body: Uint8Array) => new Uint8Array([...bom, ...body]);
function utf16(s: string, littleEndian: boolean) {
  const bytes = new Uint8Array(2 + 2 * s.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < s.length; i++) view.setUint16(2 + 2 * i, s.charCodeAt(i), littleEndian);
  return bytes;
}

const okRows = (r: RosterReport) => r.lines.flatMap((l) => (l.status === 'ok' ? [l.row] : []));
const failures = (r: RosterReport) =>
  r.lines.flatMap((l) => (l.status === 'error' ? [{ line: l.line, columns: l.errors.map((e) => e.column) }] : []));
const errorsOf = (l: RosterLine | undefined) => (l?.status === 'error' ? l.errors : []);

const NAMES = 'username;display_name\r\nd.muller;Đorđe Müller\r\nnguyen;Nguyễn Thị Ánh\r\nolena;Олена Ковальчук\r\nfatima;فاطمة الزهراء\r\n';
const DECODED = ['Đorđe Müller', 'Nguyễn Thị Ánh', 'Олена Ковальчук', 'فاطمة الزهراء'];

describe('decoding', () => {
  it.each([
    ['utf-8', utf8(NAMES)],
    ['utf-8', withBom([0xef, 0xbb, 0xbf], utf8(NAMES))],
    ['utf-16le', utf16(NAMES, true)],
    ['utf-16be', utf16(NAMES, false)],
  ] as const)('reads accented and non-Latin names from %s', (encoding, bytes) => {
    const report = parseRoster(bytes);
    expect(report).toMatchObject({ encoding, delimiter: ';', columns: ['username', 'display_name'], ok: 4, rejected: 0, problems: [] });
    expect(okRows(report).map((r) => r.displayName)).toEqual(DECODED);
  });

  it('falls back to windows-1252 when the bytes are not UTF-8, as Excel on Windows writes them', () => {
    // "José Müller", "Zoë O’Brien" and "Œuvre €" in windows-1252: é E9, ü FC, ë EB, ’ 92, Œ 8C, € 80.
    const header = [...'username,display_name\n'].map((c) => c.charCodeAt(0));
    const bytes = new Uint8Array([
      ...header,
      ...[...'jose,Jos'].map((c) => c.charCodeAt(0)), 0xe9, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a,
      ...[...'zoe,Zo'].map((c) => c.charCodeAt(0)), 0xeb, 0x20, 0x4f, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6e, 0x0a,
      ...[...'oeuvre,'].map((c) => c.charCodeAt(0)), 0x8c, 0x75, 0x76, 0x72, 0x65, 0x20, 0x80, 0x0a,
    ]);
    const report = parseRoster(bytes);
    expect(report.encoding).toBe('windows-1252');
    expect(okRows(report).map((r) => r.displayName)).toEqual(['José Müller', 'Zoë O’Brien', 'Œuvre €']);
  });

  it('maps 0x80–0x9F through the windows-1252 table and every other byte to itself', () => {
    const all = decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(all).toHaveLength(256);
    expect([all[0x80], all[0x8a], all[0x92], all[0x96], all[0x9f]]).toEqual(['€', 'Š', '’', '–', 'Ÿ']);
    // Unassigned in windows-1252; the WHATWG decoder passes them through.
    expect([0x81, 0x8d, 0x8f, 0x90, 0x9d].map((b) => all.charCodeAt(b))).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    for (const b of [0x00, 0x41, 0x7f, 0xa0, 0xe9, 0xff]) expect(all.charCodeAt(b)).toBe(b);
  });
});

describe('parsing', () => {
  it('detects tab-separated files and handles CR-only line endings', () => {
    const tab = parseRoster(utf8('username\tdisplay_name\tregion\namina\tAmina, K.\tSégou\n'));
    expect(tab).toMatchObject({ delimiter: '\t', ok: 1 });
    expect(okRows(tab)[0]).toMatchObject({ displayName: 'Amina, K.', region: 'Ségou' });
    const cr = parseRoster(utf8('username;display_name\ramina;Amina\rbintou;Bintou\r'));
    expect(cr).toMatchObject({ delimiter: ';', ok: 2 });
  });

  it('reads RFC 4180 quoted fields with commas, line breaks and doubled quotes, and counts lines as a spreadsheet does', () => {
    const csv =
      'username,display_name,region\r\n' +
      '  amina  ,"Koné, Amina","Ségou,\r\nCercle de Ségou"\r\n' +
      '\r\n' +
      ',,\r\n' +
      'ikram,"Ikram ""Ika"" Saïdi",\r\n' +
      'bad name,"Two\r\nLines",\r\n';
    const report = parseRoster(utf8(csv));
    expect(report.delimiter).toBe(',');
    expect(okRows(report)).toEqual([
      expect.objectContaining({ username: 'amina', displayName: 'Koné, Amina', region: 'Ségou, Cercle de Ségou' }),
      expect.objectContaining({ username: 'ikram', displayName: 'Ikram "Ika" Saïdi', region: undefined }),
    ]);
    // Row 2 spans two lines of text but is one row; rows 3 and 4 are blank.
    expect(report.lines.map((l) => l.line)).toEqual([2, 5, 6]);
    expect(report.lines[2]).toMatchObject({ status: 'error', raw: { username: 'bad name', display_name: 'Two Lines' } });
  });

  it('keeps ; as the delimiter when unquoted names contain commas', () => {
    const report = parseRoster(utf8('username;display_name\nd.muller;Müller, Đorđe\n'));
    expect(report.delimiter).toBe(';');
    expect(okRows(report)[0]?.displayName).toBe('Müller, Đorđe');
  });

  it('reports an unclosed quote at file level', () => {
    const report = parseRoster(utf8('username,display_name\namina,"Amina\nbintou,Bintou\n'));
    expect(report.problems.join(' ')).toMatch(/Line 2 opens a quote/);
    const stray = parseRoster(utf8(`username,display_name\n"user"x,Name\n"more"y,Name\n`));
    expect(stray.problems[0]).toBe('Line 2 has text after a closing quote ("); check its quotes.');
    expect(new Set(stray.problems).size).toBe(stray.problems.length);
  });

  it('reports an empty file, or one with only blank lines', () => {
    for (const text of ['', '\r\n\n  \n', ';;;\n']) {
      expect(parseRoster(utf8(text))).toMatchObject({ lines: [], ok: 0, rejected: 0, problems: ['The file is empty.'] });
    }
    expect(parseRoster(utf8('username,display_name\r\n')).problems).toEqual(['The file has a header but no rows below it.']);
  });
});

describe('header', () => {
  it.each([
    ['French', 'Identifiant;Nom;Langue;Pays\nfatou;Fatou Diop;fr;sn\n', { locale: 'fr', country: 'SN' }],
    ['Spanish', 'Usuario,Nombre,Idioma\nlucia,Lucía Pérez,es\n', { locale: 'es' }],
    ['Russian', 'ЛОГИН;Имя;Язык\nolena;Олена;RU\n', { locale: 'ru' }],
    ['Arabic', 'اسم المستخدم,الاسم,اللغة\nfatima,فاطمة,ar\n', { locale: 'ar' }],
    ['spelled loosely', 'User Name,Display-Name,IN CAPITAL,Full_Name\nmoussa,Moussa,yes,x\n', { inCapital: true }],
  ])('recognises %s column names', (_, csv, expected) => {
    const report = parseRoster(utf8(csv));
    expect(report.ok).toBe(1);
    expect(okRows(report)[0]).toMatchObject(expected);
  });

  it('lists unknown columns and duplicate meanings as ignored', () => {
    const report = parseRoster(utf8('username,name,email,full name,phone\namina,Amina,a@x.org,Other,123\n'));
    expect(report.ok).toBe(1);
    expect(okRows(report)[0]?.displayName).toBe('Amina');
    expect(report.problems).toEqual([
      'Columns "name" and "full name" both mean display_name; only the first is used.',
      'Ignored columns the roster does not use: "email", "phone".',
    ]);
  });

  it('rejects every line when display_name is missing, and says so once for the file', () => {
    const report = parseRoster(utf8('username,region\namina,Ségou\nbintou,Kayes\n'));
    expect(report).toMatchObject({ ok: 0, rejected: 2 });
    expect(report.problems[0]).toMatch(/no display_name column/);
    expect(failures(report)).toEqual([
      { line: 2, columns: ['display_name'] },
      { line: 3, columns: ['display_name'] },
    ]);
  });
});

describe('rows', () => {
  it('rejects bad cells with the column that needs fixing, and accepts the good lines around them', () => {
    const csv = [
      'login;full name;gender;sector;region;capital;country;language',
      'good.one;Good One;woman;Labour Inspection;Kayes;Oui;ml;fr-FR',
      'a b;Bad Username;;;;;;',
      `long.name;${'x'.repeat(81)};;;;;;`,
      'bad.sector;Bad Sector;;cop;;;;',
      'good.two;Good Two;;victim-support;;0;;',
      'bad.country;Bad Country;;;;;Mali;',
      'bad.capital;Bad Capital;;;;maybe;;',
      'bad.gender;Bad Gender;' + 'g'.repeat(41) + ';;;;;',
      'good.three;Good Three;;;;да;;',
    ].join('\n');
    const report = parseRoster(utf8(csv));
    expect(failures(report)).toEqual([
      { line: 3, columns: ['login'] },
      { line: 4, columns: ['full name'] },
      { line: 5, columns: ['sector'] },
      { line: 7, columns: ['country'] },
      { line: 8, columns: ['capital'] },
      { line: 9, columns: ['gender'] },
    ]);
    expect(okRows(report)).toEqual([
      expect.objectContaining({ username: 'good.one', gender: 'woman', sector: 'labour_inspection', inCapital: true, country: 'ML', locale: 'fr' }),
      expect.objectContaining({ username: 'good.two', sector: 'victim_support', inCapital: false, country: undefined }),
      expect.objectContaining({ username: 'good.three', inCapital: true, gender: undefined }),
    ]);
    expect(report).toMatchObject({ ok: 3, rejected: 6 });
    expect(errorsOf(report.lines[1])[0]?.message).toBe(
      'Username "a b": Use letters a-z, digits, dots, dashes or underscores, starting with a letter or digit.',
    );
    expect(errorsOf(report.lines[3])[0]?.message).toMatch(/^Sector "cop": Use one of: police, .*labour_inspection/);
    expect(errorsOf(report.lines[6])[0]?.message).toMatch(/^In capital "maybe": Use yes or no/);
  });

  it('lower-cases usernames and reads yes/no in every language', () => {
    const answers = ['YES', 'no', 'True', 'FALSE', '1', '0', 'oui', 'Non', 'Sí', 'si', 'Да', 'нет', 'نعم', 'لا', ''];
    const csv = ['username,display_name,in_capital', ...answers.map((a, i) => `User.${i},Person ${i},${a}`)].join('\n');
    const report = parseRoster(utf8(csv));
    expect(report.rejected).toBe(0);
    expect(okRows(report)[0]?.username).toBe('user.0');
    expect(okRows(report).map((r) => r.inCapital)).toEqual([
      true, false, true, false, true, false, true, false, true, true, true, false, true, false, undefined,
    ]);
  });

  it('accepts the first of two lines with the same username and rejects the others as duplicates', () => {
    const report = parseRoster(utf8('username,display_name\nAmina.K,Amina\nbintou,\namina.k,Amina again\nbintou,Bintou\nAMINA.K,Third\n'));
    expect(failures(report)).toEqual([
      { line: 3, columns: ['display_name'] },
      { line: 4, columns: ['username'] },
      { line: 5, columns: ['username'] },
      { line: 6, columns: ['username'] },
    ]);
    expect(errorsOf(report.lines[2])[0]?.message).toBe('Username "amina.k" is a duplicate of line 2; keep one of the two.');
    // A first occurrence rejected for another reason still owns its username.
    expect(errorsOf(report.lines[3])[0]?.message).toMatch(/duplicate of line 3/);
    expect(errorsOf(report.lines[4])[0]?.message).toMatch(/duplicate of line 2/);
  });
});

describe('limits', () => {
  const roster = (rows: number) =>
    utf8(['username;display_name;sector', ...Array.from({ length: rows }, (_, i) => `user.${i};Person Number ${i};police`)].join('\r\n'));

  it(`validates ${MAX_ROSTER_ROWS} rows`, () => {
    const report = parseRoster(roster(MAX_ROSTER_ROWS));
    expect(report).toMatchObject({ ok: MAX_ROSTER_ROWS, rejected: 0, problems: [] });
    expect(report.lines.at(-1)).toMatchObject({ line: MAX_ROSTER_ROWS + 1, row: { username: `user.${MAX_ROSTER_ROWS - 1}` } });
  });

  it('refuses a file with one row too many, without validating any line', () => {
    const report = parseRoster(roster(MAX_ROSTER_ROWS + 1));
    expect(report).toMatchObject({ lines: [], ok: 0, rejected: 0, problems: [`The file has 10001 rows; import at most 10000 at a time.`] });
  });

  // Each of these took minutes (or gigabytes) in a first draft; the test timeout guards them.
  it('stays linear on hostile shapes within the size limit', () => {
    const blanks = parseRoster(utf8(`username,display_name\nabc,"${' '.repeat(MAX_ROSTER_BYTES - 40)}x"\n`));
    expect(okRows(blanks)[0]?.displayName).toBe('x');
    const wide = parseRoster(utf8(`${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n${'x\n'.repeat(MAX_ROSTER_ROWS)}`));
    expect(wide.rejected).toBe(MAX_ROSTER_ROWS);
    expect(wide.problems.at(-1)).toMatch(/"c19" and 99980 more\.$/);
    const repeated = parseRoster(utf8(`username,display_name,${'login,'.repeat(200_000)}\nabc,Abc\n`));
    expect(repeated.problems).toEqual(['Columns "username" and "login" both mean username; only the first is used.']);
  });

  it('refuses a file over the size limit before decoding it', () => {
    const report = parseRoster(new Uint8Array(MAX_ROSTER_BYTES + 1).fill(0x41));
    expect(report.lines).toEqual([]);
    expect(report.problems[0]).toMatch(/larger than 2 MB/);
  });
});

describe('any input', () => {
  const consistent = (report: RosterReport) => {
    expect(report.ok + report.rejected).toBe(report.lines.length);
    expect(report.ok).toBe(report.lines.filter((l) => l.status === 'ok').length);
    const numbers = report.lines.map((l) => l.line);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => n >= 2)).toBe(true);
  };

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => consistent(parseRoster(bytes))), { numRuns: 500 });
  });

  it('never throws on arbitrary bytes behind each BOM', () => {
    const boms = fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]);
    fc.assert(
      fc.property(boms, fc.uint8Array({ maxLength: 500 }), (bom, body) => consistent(parseRoster(withBom(bom, body)))),
      { numRuns: 300 },
    );
  });

  it('never throws on CSV-shaped text made of the awkward characters', () => {
    const awkward = fc.constantFrom(',', ';', '\t', '"', '\n', '\r', ' ', 'a', 'Z', '1', '_', 'é', 'Đ', '\ufeff', '\u0000', '__proto__', 'yes', 'police');
    const header = fc.constantFrom('', 'username,display_name,in_capital,sector\n', 'login;nom;capital\n', 'user\tname\n');
    fc.assert(
      fc.property(header, fc.array(awkward, { maxLength: 300 }), (head, parts) => consistent(parseRoster(utf8(head + parts.join(''))))),
      { numRuns: 500 },
    );
  });
});
