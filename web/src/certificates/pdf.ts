// The printable certificate, built in the browser. The app loads this module with `import()` on
// click, so pdf-lib and the QR encoder stay out of the learner's first download.
import { PDFDocument, StandardFonts, rgb, type PDFPage } from 'pdf-lib';
import qrcode from 'qrcode-generator';
import { CERTIFICATE_LABELS, type CertificateLabels, type CertificateLocale } from './pdf-labels';
import { BASELINE_EM, linesHeight, place, typeset, type Rasterize, type Typesetter } from './typeset';

// Nothing here needs the DOM, so the Node tests load it; the browser's rasterizer is ./rasterize.
export type { Rasterize, RasterizedText, RasterizeOptions } from './typeset';

export interface CertificatePdfInput {
  locale: CertificateLocale;
  learnerName: string;
  courseTitle: string;
  courseId: string;
  courseVersion: string;
  issuedAt: Date;
  validUntil?: Date;
  issuerName: string;
  trainerName?: string;
  certificateId: string;
  /** Encoded in the QR code exactly as given. */
  qrUrl: string;
  /** Printed as text under the QR code. */
  verifyUrl: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MM = 72 / 25.4;
const MARGIN = 64;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const LABEL_WIDTH = 150;
const COLUMN_GAP = 12;
const QUIET_ZONE = 4;
const QR_WIDTH = 60 * MM;
// A phone camera needs the symbol itself (quiet zone excluded) at least this wide on paper.
const QR_MIN_SYMBOL = 45 * MM;
const ACCENT = rgb(0.06, 0.32, 0.38);

const HEADING = { size: 24, bold: true, minSize: 16, maxLines: 2 };
const NAME = { size: 30, bold: true, minSize: 16, maxLines: 2 };
const BODY = { size: 12, maxLines: 2 };
const TITLE = { size: 18, bold: true, minSize: 11, maxLines: 3 };
const LABEL = { size: 9, maxLines: 2 };
const VALUE = { size: 11.5, minSize: 8, maxLines: 2 };
const CAPTION = { size: 9.5, maxLines: 3 };
const URL_TEXT = { size: 9, minSize: 7, maxLines: 2 };

/** The QR code's modules with a 4-module quiet zone (`true` is dark), at error correction M or better. */
export function qrModules(text: string): boolean[][] {
  const make = (level: 'M' | 'Q' | 'H') => {
    const qr = qrcode(0, level);
    qr.addData(text, 'Byte');
    qr.make();
    return qr;
  };
  // M at least; a stronger level when it fits in the same size, for scuffed and folded paper.
  const base = make('M');
  const size = base.getModuleCount();
  const best = (['H', 'Q'] as const).map(make).find((qr) => qr.getModuleCount() === size) ?? base;
  const full = size + 2 * QUIET_ZONE;
  return Array.from({ length: full }, (_, y) =>
    Array.from({ length: full }, (_, x) => {
      const r = y - QUIET_ZONE;
      const c = x - QUIET_ZONE;
      return r >= 0 && c >= 0 && r < size && c < size && best.isDark(r, c);
    }),
  );
}

/**
 * One A4 page. Text that Helvetica cannot encode is drawn by `rasterize` (pass `canvasRasterize` in
 * the browser); without it such text throws.
 */
export async function certificatePdf(input: CertificatePdfInput, rasterize?: Rasterize): Promise<Uint8Array> {
  const labels = CERTIFICATE_LABELS[input.locale];
  const doc = await PDFDocument.create();
  const page = doc.addPage([A4.width, A4.height]);
  const t: Typesetter = {
    doc,
    page,
    rasterize,
    rtl: labels.dir === 'rtl',
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  setMetadata(doc, input, labels);
  drawFrame(page);

  // The QR block sits on the bottom margin; measure it first so the QR can give way to long text.
  const caption = await typeset(t, labels.scanToVerify, CAPTION, CONTENT_WIDTH);
  const url = await typeset(t, input.verifyUrl, URL_TEXT, CONTENT_WIDTH);
  const captionTop = MARGIN + linesHeight(url) + 4 + linesHeight(caption);
  const qrBottom = captionTop + 2;

  let top = A4.height - MARGIN;
  top = place(t, await typeset(t, labels.heading, HEADING, CONTENT_WIDTH), MARGIN, CONTENT_WIDTH, top) - 10;
  page.drawRectangle({ x: t.rtl ? MARGIN + CONTENT_WIDTH - 56 : MARGIN, y: top - 2.5, width: 56, height: 2.5, color: ACCENT });
  top -= 32;
  top = place(t, await typeset(t, input.learnerName, NAME, CONTENT_WIDTH), MARGIN, CONTENT_WIDTH, top) - 6;
  top = place(t, await typeset(t, labels.hasCompleted, BODY, CONTENT_WIDTH), MARGIN, CONTENT_WIDTH, top) - 4;
  top = place(t, await typeset(t, input.courseTitle, TITLE, CONTENT_WIDTH), MARGIN, CONTENT_WIDTH, top) - 28;
  for (const [label, value] of details(input, labels)) top = await detailRow(t, label, value, top);

  const modules = qrModules(input.qrUrl);
  const minWidth = (QR_MIN_SYMBOL * modules.length) / (modules.length - 2 * QUIET_ZONE);
  const qrWidth = Math.min(QR_WIDTH, Math.max(minWidth, top - 8 - qrBottom));
  // Let the quiet zone hang into the margin so the symbol's edge lines up with the text.
  const inset = (QUIET_ZONE * qrWidth) / modules.length;
  drawQr(page, modules, t.rtl ? MARGIN + CONTENT_WIDTH - qrWidth + inset : MARGIN - inset, qrBottom + qrWidth, qrWidth);
  place(t, url, MARGIN, CONTENT_WIDTH, place(t, caption, MARGIN, CONTENT_WIDTH, captionTop) - 4);

  return doc.save();
}

function details(input: CertificatePdfInput, labels: CertificateLabels): [string, string][] {
  const date = new Intl.DateTimeFormat(input.locale, { dateStyle: 'long', timeZone: 'UTC' });
  return [
    [labels.courseId, input.courseId],
    [labels.version, input.courseVersion],
    [labels.issuedOn, date.format(input.issuedAt)],
    [labels.validUntil, input.validUntil ? date.format(input.validUntil) : labels.noExpiry],
    [labels.issuedBy, input.issuerName],
    ...(input.trainerName ? [[labels.trainer, input.trainerName] as [string, string]] : []),
    [labels.certificateId, input.certificateId],
  ];
}

function setMetadata(doc: PDFDocument, input: CertificatePdfInput, labels: CertificateLabels): void {
  doc.setTitle(`${labels.heading} — ${input.learnerName}`, { showInWindowTitleBar: true });
  doc.setSubject(input.courseTitle);
  doc.setAuthor(input.issuerName);
  doc.setLanguage(input.locale);
  doc.setCreator('Cascade');
}

function drawFrame(page: PDFPage): void {
  for (const [inset, borderWidth] of [[24, 1.5], [30, 0.5]] as const) {
    const box = { x: inset, y: inset, width: A4.width - 2 * inset, height: A4.height - 2 * inset };
    page.drawRectangle({ ...box, borderColor: ACCENT, borderWidth });
  }
}

async function detailRow(t: Typesetter, label: string, value: string, top: number): Promise<number> {
  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - COLUMN_GAP;
  const labelX = t.rtl ? MARGIN + CONTENT_WIDTH - LABEL_WIDTH : MARGIN;
  const valueX = t.rtl ? MARGIN : MARGIN + LABEL_WIDTH + COLUMN_GAP;
  // Drop the smaller label so the first baselines of both columns line up.
  const labelTop = top - (VALUE.size - LABEL.size) * BASELINE_EM;
  const labelEnd = place(t, await typeset(t, label, LABEL, LABEL_WIDTH), labelX, LABEL_WIDTH, labelTop);
  const valueEnd = place(t, await typeset(t, value, VALUE, valueWidth), valueX, valueWidth, top);
  return Math.min(labelEnd, valueEnd) - 7;
}

function drawQr(page: PDFPage, modules: boolean[][], x: number, top: number, width: number): void {
  // One path of horizontal runs: one fill, so viewers draw no hairline seams between modules.
  let path = '';
  modules.forEach((row, y) => {
    for (let start = 0; start < row.length; start++) {
      if (!row[start]) continue;
      let end = start;
      while (row[end]) end++;
      path += `M${start} ${y}h${end - start}v1h${start - end}z`;
      start = end;
    }
  });
  page.drawRectangle({ x, y: top - width, width, height: width, color: rgb(1, 1, 1) });
  page.drawSvgPath(path, { x, y: top, scale: width / modules.length, color: rgb(0, 0, 0) });
}
