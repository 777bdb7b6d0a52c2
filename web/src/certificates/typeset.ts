// Sets one string at a time, whole in Helvetica or whole as an image, never mixed, so the browser
// sees a complete string to shape and reorder. Lines align to the page's start edge.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

export interface RasterizeOptions {
  fontSizePt: number;
  bold: boolean;
  rtl: boolean;
}

export interface RasterizedText {
  png: Uint8Array;
  widthPt: number;
  heightPt: number;
}

/**
 * Draws one line of text as a PNG, for text Helvetica cannot encode. The image's top goes at the
 * top of the line box, so to line up with Helvetica text make it `LINE_EM × fontSizePt` tall with
 * the baseline `BASELINE_EM × fontSizePt` below its top, starting at the text's start edge, in `INK`.
 */
export type Rasterize = (text: string, options: RasterizeOptions) => RasterizedText | Promise<RasterizedText>;

export const LINE_EM = 1.4;
export const BASELINE_EM = 1.08;
export const INK = '#222222';

const INK_RGB = rgb(...channels(INK));

export interface Typesetter {
  doc: PDFDocument;
  page: PDFPage;
  rasterize: Rasterize | undefined;
  rtl: boolean;
  regular: PDFFont;
  bold: PDFFont;
}

export interface Style {
  size: number;
  bold?: boolean;
  minSize?: number;
  maxLines?: number;
}

export interface Line {
  width: number;
  height: number;
  draw: (x: number, top: number) => void;
}

export const linesHeight = (lines: Line[]) => lines.reduce((sum, line) => sum + line.height, 0);

/** Draws lines aligned to the page's start edge; returns the top of what would come next. */
export function place(t: Typesetter, lines: Line[], x: number, width: number, top: number): number {
  for (const line of lines) {
    line.draw(t.rtl ? x + width - line.width : x, top);
    top -= line.height;
  }
  return top;
}

export async function typeset(t: Typesetter, text: string, style: Style, maxWidth: number): Promise<Line[]> {
  // NFC so that decomposed accents still reach Helvetica; one plain space for any run of spaces.
  const tidy = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const font = style.bold ? t.bold : t.regular;
  return encodable(font, tidy) ? fontLines(t, font, tidy, style, maxWidth) : imageLines(t, tidy, style, maxWidth);
}

function encodable(font: PDFFont, text: string): boolean {
  try {
    font.encodeText(text);
    return true;
  } catch {
    return false;
  }
}

function fontLines(t: Typesetter, font: PDFFont, text: string, style: Style, maxWidth: number): Line[] {
  const { minSize = style.size, maxLines = 1 } = style;
  let size = style.size;
  let wrapped = wrap(text, (s) => font.widthOfTextAtSize(s, size), maxWidth);
  // Shrink rather than break a word or run past maxLines, down to minSize.
  while (size > minSize && (wrapped.broken || wrapped.lines.length > maxLines)) {
    size = Math.max(minSize, size - 0.5);
    wrapped = wrap(text, (s) => font.widthOfTextAtSize(s, size), maxWidth);
  }
  return wrapped.lines.map((line) => ({
    width: font.widthOfTextAtSize(line, size),
    height: size * LINE_EM,
    draw: (x, top) => t.page.drawText(line, { x, y: top - size * BASELINE_EM, size, font, color: INK_RGB }),
  }));
}

async function imageLines(t: Typesetter, text: string, style: Style, maxWidth: number): Promise<Line[]> {
  const rasterize = t.rasterize;
  if (!rasterize) {
    throw new Error(
      `certificatePdf: Helvetica (WinAnsi) cannot encode ${JSON.stringify(text)}; pass a rasterize function such as canvasRasterize`,
    );
  }
  const { minSize = style.size, maxLines = 1 } = style;
  const options = (fontSizePt: number) => ({ fontSizePt, bold: style.bold ?? false, rtl: isRtl(text, t.rtl) });
  const whole = await rasterize(text, options(style.size));
  // One line when it fits, or when it cannot be wrapped (then shrunk, below minSize if need be).
  if (whole.widthPt <= maxWidth || maxLines === 1 || !text.includes(' ')) {
    return [await imageLine(t, whole, Math.min(1, maxWidth / whole.widthPt))];
  }
  // As with Helvetica: wrap first, and shrink only as far as it takes to stay within maxLines. The
  // canvas measures only whole strings, so each piece's width is estimated from its share of the
  // characters, and every line shrinks alike if a guess was short.
  const size = Math.min(style.size, Math.max(minSize, (style.size * maxLines * maxWidth * 0.9) / whole.widthPt));
  const perChar = (whole.widthPt * size) / style.size / [...text].length;
  const { lines } = wrap(text, (s) => [...s].length * perChar, maxWidth);
  const images: RasterizedText[] = [];
  for (const line of lines) images.push(await rasterize(line, options(size)));
  const scale = Math.min(1, maxWidth / Math.max(...images.map((image) => image.widthPt)));
  return Promise.all(images.map((image) => imageLine(t, image, scale)));
}

async function imageLine(t: Typesetter, image: RasterizedText, scale: number): Promise<Line> {
  const png = await t.doc.embedPng(image.png);
  const width = image.widthPt * scale;
  const height = image.heightPt * scale;
  return { width, height, draw: (x, top) => t.page.drawImage(png, { x, y: top - height, width, height }) };
}

/** Greedy word wrap; a word wider than the line is cut between characters. */
function wrap(text: string, measure: (s: string) => number, maxWidth: number): { lines: string[]; broken: boolean } {
  const lines: string[] = [];
  let broken = false;
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= maxWidth) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    let chars = [...word];
    while (chars.length > 1 && measure(chars.join('')) > maxWidth) {
      broken = true;
      let n = chars.length - 1;
      while (n > 1 && measure(chars.slice(0, n).join('')) > maxWidth) n--;
      lines.push(chars.slice(0, n).join(''));
      chars = chars.slice(n);
    }
    line = chars.join('');
  }
  lines.push(line);
  return { lines, broken };
}

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

// The first letter decides, as dir="auto" does; strings without letters follow the page.
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
function isRtl(text: string, pageRtl: boolean): boolean {
  for (const ch of text) if (/\p{L}/u.test(ch)) return RTL_SCRIPT.test(ch);
  return pageRtl;
}
