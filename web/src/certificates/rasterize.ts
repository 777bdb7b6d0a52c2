// Text that Helvetica's WinAnsi encoding cannot carry is drawn by the browser and placed in the PDF
// as an image: the browser already shapes Arabic and orders bidi text correctly, and this way no
// font file has to be downloaded for one certificate. Load it with ./pdf:
//   const [{ certificatePdf }, { canvasRasterize }] =
//     await Promise.all([import('./pdf'), import('./rasterize')]);
import { BASELINE_EM, INK, LINE_EM, type RasterizedText, type RasterizeOptions } from './typeset';

// 4 px a point is 288 dpi: sharp on paper without making each PNG large.
const SCALE = 4;
// Browsers refuse canvases much wider than this; a longer line is drawn at a lower resolution.
const MAX_CANVAS_PX = 16_384;

/** The browser implementation of `Rasterize`: the system sans-serif on a canvas. */
export async function canvasRasterize(text: string, options: RasterizeOptions): Promise<RasterizedText> {
  const { fontSizePt, bold, rtl } = options;
  const fontAt = (px: number) => `${bold ? 'bold ' : ''}${px}px sans-serif`;

  const probe = surface(1, 1).ctx;
  // Measured at drawing size: metrics at a few pixels a point are rounded differently.
  setUp(probe, fontAt(fontSizePt * SCALE), rtl);
  const m = probe.measureText(text);
  // The image starts at the text's start edge, widened only for ink that overhangs its advance.
  const left = Math.max(m.actualBoundingBoxLeft, rtl ? m.width : 0) / SCALE;
  const right = Math.max(m.actualBoundingBoxRight, rtl ? 0 : m.width) / SCALE;
  const widthPt = Math.max(left + right, 1);
  const heightPt = LINE_EM * fontSizePt;
  const scale = Math.min(SCALE, MAX_CANVAS_PX / widthPt);

  const { ctx, toPng } = surface(Math.ceil(widthPt * scale), Math.ceil(heightPt * scale));
  setUp(ctx, fontAt(fontSizePt * scale), rtl);
  ctx.fillText(text, left * scale, BASELINE_EM * fontSizePt * scale);

  const png = new Uint8Array(await (await toPng()).arrayBuffer());
  return { png, widthPt, heightPt };
}

function setUp(ctx: Surface['ctx'], font: string, rtl: boolean): void {
  ctx.font = font;
  ctx.direction = rtl ? 'rtl' : 'ltr';
  ctx.textAlign = rtl ? 'right' : 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = INK;
}

interface Surface {
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
  toPng: () => Promise<Blob>;
}

function surface(width: number, height: number): Surface {
  // Some Safari versions have OffscreenCanvas without a 2D context.
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (ctx) return { ctx, toPng: () => canvas.convertToBlob({ type: 'image/png' }) };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvasRasterize: this browser has no 2D canvas');
  return {
    ctx,
    toPng: () =>
      new Promise((resolve, reject) =>
        canvas.toBlob(
          (blob) => (blob ? resolve(blob) : reject(new Error('canvasRasterize: the canvas gave no PNG'))),
          'image/png',
        ),
      ),
  };
}
