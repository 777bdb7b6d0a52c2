import { expect, it } from 'vitest';
import { decodeWindows1252 } from '../../worker/cohorts/decode-text';
import { parseRoster } from '../../worker/cohorts/roster-csv';

// The decoding paths that lean on the runtime's TextDecoder least predictably, inside workerd.
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function utf16(s: string, littleEndian: boolean) {
  const bytes = new Uint8Array(2 + 2 * s.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < s.length; i++) view.setUint16(2 + 2 * i, s.charCodeAt(i), littleEndian);
  return bytes;
}

it('decodes windows-1252 rosters, including the 0x80–0x9F block', () => {
  // "José Müller" and "O’Brien €": é E9, ü FC, ’ 92, € 80.
  const bytes = new Uint8Array([
    ...ascii('username;display_name\r\njose;Jos'), 0xe9, ...ascii(' M'), 0xfc, ...ascii('ller\r\n'),
    ...ascii('obrien;O'), 0x92, ...ascii('Brien '), 0x80, ...ascii('\r\n'),
  ]);
  const report = parseRoster(bytes);
  expect(report).toMatchObject({ encoding: 'windows-1252', delimiter: ';', ok: 2 });
  expect(report.lines).toMatchObject([{ row: { displayName: 'José Müller' } }, { row: { displayName: 'O’Brien €' } }]);
});

it.each([true, false])('decodes UTF-16 rosters with a BOM (little-endian: %s)', (littleEndian) => {
  const report = parseRoster(utf16('username\tdisplay_name\nd.muller\tĐorđe Müller\nolena\tОлена 🌻\n', littleEndian));
  expect(report).toMatchObject({ encoding: littleEndian ? 'utf-16le' : 'utf-16be', delimiter: '\t', ok: 2 });
  expect(report.lines).toMatchObject([{ row: { displayName: 'Đorđe Müller' } }, { row: { displayName: 'Олена 🌻' } }]);
});

it("agrees with workerd's own windows-1252 decoder on every byte", () => {
  // Node 20's TextDecoder gets 0x80–0x9F wrong, so this cross-check can only run here.
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  expect(decodeWindows1252(all)).toBe(new TextDecoder('windows-1252').decode(all));
});
