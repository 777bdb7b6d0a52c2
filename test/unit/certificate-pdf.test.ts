import {
  decodePDFRawStream,
  PDFArray,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFString,
  StandardFonts,
  type PDFFont,
} from 'pdf-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeQr } from '../helpers/qr';
import { CERTIFICATE_LABELS } from '../../web/src/certificates/pdf-labels';
import { certificatePdf, qrModules, type CertificatePdfInput, type Rasterize } from '../../web/src/certificates/pdf';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const MM = 72 / 25.4;
// A 1×1 PNG: enough for pdf-lib to embed; the spy's reported size is what the layout uses.
const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);
const origin = 'https://cascade.example.org';
const payload = Buffer.from(Array.from({ length: 240 }, (_, i) => (i * 73 + 19) & 255)).toString('base64url');
const qrUrl = `${origin}/verify#c=${payload}`.slice(0, 300);

const input: CertificatePdfInput = {
  locale: 'en',
  learnerName: 'Zoë Müller-Núñez',
  courseTitle: 'Identifying and protecting victims of trafficking',
  courseId: 'CT-101',
  courseVersion: '2.1.0',
  issuedAt: new Date('2026-07-03T23:30:00Z'),
  issuerName: 'Justice Training Academy',
  certificateId: '3f0c2a4e-9b7d-4c1e-8f2a-6d5b4c3a2e10',
  qrUrl,
  verifyUrl: `${origin}/verify?id=3f0c2a4e-9b7d-4c1e-8f2a-6d5b4c3a2e10`,
};

const spy = () =>
  vi.fn<Rasterize>((text, o) => ({ png: PNG, widthPt: [...text].length * o.fontSizePt * 0.55, heightPt: o.fontSizePt * 1.4 }));

let helvetica: { regular: PDFFont; bold: PDFFont };
beforeAll(async () => {
  const doc = await PDFDocument.create();
  helvetica = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
});

async function content(bytes: Uint8Array): Promise<{ doc: PDFDocument; ops: string }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const contents = doc.getPage(0).node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  const ops = refs
    .map((ref) => doc.context.lookup(ref))
    .map((stream) => {
      if (!(stream instanceof PDFRawStream)) throw new Error('expected a content stream');
      return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    })
    .join('\n');
  return { doc, ops };
}

// WinAnsi differs from Latin-1 only in 0x80–0x9F (Node's TextDecoder treats windows-1252 as Latin-1).
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Every Helvetica string on the page, with its position and width. */
function shownText(ops: string) {
  const shown = /\/(\S+) ([\d.]+) Tf[\s\S]*?1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\s*<([0-9A-F]*)> Tj/g;
  return [...ops.matchAll(shown)].map(([, font = '', size = '', x = '', y = '', hex = '']) => {
    const text = String.fromCharCode(...Buffer.from(hex, 'hex')).replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] ?? c);
    const face = font.startsWith('Helvetica-Bold') ? helvetica.bold : helvetica.regular;
    return { text, x: Number(x), y: Number(y), width: face.widthOfTextAtSize(text, Number(size)) };
  });
}

/** Every image on the page, as a box. */
function images(ops: string) {
  const drawn = /1 0 0 1 ([\d.-]+) ([\d.-]+) cm\s+1 0 0 1 0 0 cm\s+([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+[^\n]* cm\s+\/\S+ Do/g;
  return [...ops.matchAll(drawn)].map(([, x, y, w, h]) => ({ x: Number(x), y: Number(y), width: Number(w), height: Number(h) }));
}

/** The QR path's top-left corner and module size (drawn with y flipped, as SVG paths are). */
function qrPlacement(ops: string) {
  const [, x, top, module] = /1 0 0 1 ([\d.]+) ([\d.]+) cm\s+1 0 0 1 0 0 cm\s+([\d.]+) 0 0 -\3 0 0 cm/.exec(ops) ?? [];
  return { x: Number(x), top: Number(top), module: Number(module) };
}


/** The error correction level from the format bits beside the top-left finder (ISO/IEC 18004 §7.9). */
function eccLevel(modules: boolean[][], quiet: number): string {
  const cells = [0, 1, 2, 3, 4, 5, 7, 8].map((y) => [8, y]).concat([[7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]]);
  const bits = cells.reduce((acc, [x = 0, y = 0], i) => acc | (Number(modules[y + quiet]?.[x + quiet]) << i), 0);
  return ['M', 'L', 'H', 'Q'][((bits ^ 0x5412) >> 10) >> 3] ?? '?';
}

describe('certificatePdf', () => {
  it('is one A4 page with the title, author, language and creator set', async () => {
    const doc = await PDFDocument.load(await certificatePdf(input), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(A4.width, 2);
    expect(height).toBeCloseTo(A4.height, 2);
    expect(doc.getTitle()).toBe('Certificate of completion — Zoë Müller-Núñez');
    expect(doc.getAuthor()).toBe('Justice Training Academy');
    expect(doc.getCreator()).toBe('Cascade');
    expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en');
  });

  it('sets Latin text in en, fr and es with Helvetica alone, every field on the page', async () => {
    for (const locale of ['en', 'fr', 'es'] as const) {
      const rasterize = spy();
      const validUntil = new Date('2029-07-03T00:00:00Z');
      const { ops } = await content(await certificatePdf({ ...input, locale, validUntil, trainerName: 'Inès Laurent' }, rasterize));
      expect(rasterize).not.toHaveBeenCalled();
      const texts = shownText(ops).map((s) => s.text);
      const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
      const labels = CERTIFICATE_LABELS[locale];
      for (const expected of [labels.heading, labels.scanToVerify, input.learnerName, input.courseTitle, 'Inès Laurent',
        input.courseId, input.courseVersion, input.certificateId, input.verifyUrl, date.format(input.issuedAt), date.format(validUntil)]) {
        expect(texts).toContain(expected);
      }
    }
  });

  it('prints "no expiry" and no trainer row when there are none', async () => {
    const texts = shownText((await content(await certificatePdf(input))).ops).map((s) => s.text);
    expect(texts).toContain('No expiry');
    expect(texts).toContain('July 3, 2026');
    expect(texts).not.toContain('Trainer');
  });

  it('rasterizes a Cyrillic or non-WinAnsi Latin name on an English page, and nothing else', async () => {
    for (const learnerName of ['Амина Петрова', 'Đorđe Đorđević']) {
      const rasterize = spy();
      const { ops } = await content(await certificatePdf({ ...input, learnerName }, rasterize));
      expect(rasterize.mock.calls).toEqual([[learnerName, { fontSizePt: 30, bold: true, rtl: false }]]);
      expect(images(ops)).toHaveLength(1);
    }
  });

  it('rasterizes the Russian labels and dates left to right', async () => {
    const rasterize = spy();
    await certificatePdf({ ...input, locale: 'ru', learnerName: 'Ivan Petrov' }, rasterize);
    const calls = rasterize.mock.calls.map(([text, o]) => [text, o.rtl]);
    expect(calls).toContainEqual([CERTIFICATE_LABELS.ru.heading, false]);
    expect(calls).toContainEqual(['3 июля 2026 г.', false]);
    expect(calls.map(([text]) => text)).not.toContain('Ivan Petrov');
  });

  it('lays an Arabic page out right to left, right-aligned', async () => {
    const rasterize = spy();
    const { ops } = await content(await certificatePdf({ ...input, locale: 'ar', learnerName: 'John Smith' }, rasterize));
    expect(rasterize).toHaveBeenCalledWith(CERTIFICATE_LABELS.ar.heading, { fontSizePt: 24, bold: true, rtl: true });
    expect(rasterize.mock.calls.every(([, o]) => o.rtl)).toBe(true);
    const name = shownText(ops).find((s) => s.text === 'John Smith');
    expect(name && name.x + name.width).toBeCloseTo(A4.width - MARGIN, 1);
    // Right edges: the page's margin, or the value column's edge beside the labels (150 + 12 pt).
    const ends = images(ops).map((image) => Math.round(image.x + image.width));
    expect(new Set(ends)).toEqual(new Set([Math.round(A4.width - MARGIN), Math.round(A4.width - MARGIN - 162)]));
    expect(qrPlacement(ops).x).toBeGreaterThan(A4.width / 2);
  });

  it('throws without rasterize when a string is outside WinAnsi', async () => {
    await expect(certificatePdf({ ...input, learnerName: 'Амина' })).rejects.toThrow(/cannot encode "Амина".*rasterize/);
    await expect(certificatePdf({ ...input, locale: 'ar' })).rejects.toThrow(/rasterize/);
  });

  it('keeps long names and titles inside the margins and clear of the QR code', async () => {
    const long = {
      ...input,
      learnerName: 'Maximiliana Alexandrina Bartholomew-Featherstonehaugh de la Cruz y Villanueva-Montgomery',
      courseTitle: 'Investigating, prosecuting and adjudicating trafficking in persons and the smuggling of migrants: '.repeat(3),
      issuerName: 'International Centre for the Training of Judges, Prosecutors and Law Enforcement Officers',
      trainerName: 'Александра Константиновна Преображенская-Воскресенская',
    };
    for (const locale of ['en', 'ar'] as const) {
      const { ops } = await content(await certificatePdf({ ...long, locale }, spy()));
      const qr = qrPlacement(ops);
      const boxes = [
        ...shownText(ops).map((s) => ({ x: s.x, y: s.y, width: s.width, height: 0 })),
        ...images(ops),
      ];
      expect(boxes.length).toBeGreaterThan(15);
      for (const box of boxes) {
        expect(box.x).toBeGreaterThanOrEqual(MARGIN - 0.01);
        expect(box.x + box.width).toBeLessThanOrEqual(A4.width - MARGIN + 0.01);
        const aboveQr = box.y >= qr.top;
        const belowQr = box.y + box.height <= qr.top - qr.module * qrModules(qrUrl).length;
        expect(aboveQr || belowQr).toBe(true);
      }
    }
  });
});

describe('qrModules', () => {
  const modules = qrModules(qrUrl);

  it('decodes to exactly the 300-character qrUrl', () => {
    expect(qrUrl).toHaveLength(300);
    expect(decodeQr(modules)).toBe(qrUrl);
  });

  it('uses error correction M or better inside a 4-module quiet zone', () => {
    expect(['M', 'Q', 'H']).toContain(eccLevel(modules, 4));
    const n = modules.length;
    for (let i = 0; i < n; i++) {
      for (const edge of [0, 1, 2, 3, n - 4, n - 3, n - 2, n - 1]) {
        expect(modules[edge]?.[i]).toBe(false);
        expect(modules[i]?.[edge]).toBe(false);
      }
    }
    expect(modules[4]?.[4]).toBe(true);
  });

  it('is the matrix the PDF draws, at least 45 mm wide without its quiet zone', async () => {
    const { ops } = await content(await certificatePdf(input));
    const { module } = qrPlacement(ops);
    expect(module * (modules.length - 8)).toBeGreaterThanOrEqual(45 * MM);
    const runs = [...ops.matchAll(/(\d+) (\d+) m\s+(\d+) \2 l\s+\3 \d+ l\s+\1 \d+ l\s+h/g)];
    const drawn = modules.map((row) => row.map(() => false));
    for (const [, x0, y, x1] of runs) for (let x = Number(x0); x < Number(x1); x++) drawn[Number(y)]![x] = true;
    expect(drawn).toEqual(modules);
  });
});
