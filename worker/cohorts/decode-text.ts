/** The encodings a spreadsheet export arrives in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

// windows-1252 differs from Latin-1 only in 0x80–0x9F. We decode it ourselves so both
// runtimes agree: workerd's TextDecoder gets it right, but Node 20's decodes the label as
// Latin-1 (0x80 gives U+0080, not €). The five bytes windows-1252 leaves unassigned map
// to the same code point, as in the WHATWG Encoding Standard.
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    units[i] = b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b;
  }
  return fromCodeUnits(units);
}

function fromCodeUnits(units: Uint16Array): string {
  let text = '';
  // In slices: spreading two million arguments at once overflows the stack.
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}

/** The encoding a byte order mark announces, and the mark's length. */
export function byteOrderMark(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Decodes an uploaded text file: a BOM is honoured and stripped; without one, strict
 * UTF-8, and windows-1252 (what Excel on Windows writes) when the bytes are not UTF-8.
 * Malformed sequences under a BOM become U+FFFD rather than failing.
 */
export function decodeText(bytes: Uint8Array): { encoding: TextEncoding; text: string } {
  const bom = byteOrderMark(bytes);
  const body = bytes.subarray(bom?.length ?? 0);
  switch (bom?.encoding) {
    case 'utf-8':
      return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body) };
    case 'utf-16le':
      return { encoding: 'utf-16le', text: decodeUtf16(body, true) };
    case 'utf-16be':
      return { encoding: 'utf-16be', text: decodeUtf16(body, false) };
    case undefined:
      break;
  }
  try {
    return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    return { encoding: 'windows-1252', text: decodeWindows1252(body) };
  }
}

// By hand rather than TextDecoder('utf-16be'), which needs ICU data a runtime may not
// ship. Lone surrogates become U+FFFD, as TextDecoder would make them.
function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < units.length; i++) {
    const lo = bytes[2 * i + (littleEndian ? 0 : 1)]!;
    const hi = bytes[2 * i + (littleEndian ? 1 : 0)]!;
    units[i] = (hi << 8) | lo;
  }
  const text = fromCodeUnits(units).replace(LONE_SURROGATE, '\ufffd');
  return bytes.length % 2 === 1 ? `${text}\ufffd` : text;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
