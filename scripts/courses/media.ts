/** Images a lesson may show: SVG or WebP, with their size in the file, within a byte budget. */

export const MAX_IMAGE_BYTES = 40 * 1024;

export interface ImageInfo {
  type: 'svg' | 'webp';
  width: number;
  height: number;
}

const svgAttr = (root: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.]+)(px)?\\s*["']`).exec(root);
  return m ? Number(m[1]) : undefined;
};

/** Reasons an SVG could run code or fetch something when shown. */
const SVG_DANGERS: Array<[RegExp, string]> = [
  [/<script/i, 'contains a <script>'],
  [/\son[a-z]+\s*=/i, 'has an event-handler attribute (on...=)'],
  [/<foreignObject/i, 'contains <foreignObject>'],
  [/(?:xlink:)?href\s*=\s*["'](?!#)/i, 'links to something outside the image'],
  [/url\(\s*['"]?(?!#)/i, 'loads something outside the image through url()'],
  [/<!ENTITY/i, 'declares XML entities'],
];

function svgInfo(bytes: Uint8Array): ImageInfo | string {
  const text = new TextDecoder().decode(bytes);
  const root = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!root) return 'is not an SVG (no <svg> element).';
  for (const [pattern, why] of SVG_DANGERS) if (pattern.test(text)) return `${why}; remove it.`;
  const width = svgAttr(root, 'width');
  const height = svgAttr(root, 'height');
  if (!width || !height) return 'needs numeric width and height attributes on its <svg> element, so the page does not jump as it loads.';
  return { type: 'svg', width, height };
}

function webpInfo(b: Uint8Array): ImageInfo | string {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.slice(from, to));
  if (b.length < 30 || ascii(0, 4) !== 'RIFF' || ascii(8, 12) !== 'WEBP') return 'is not a WebP file.';
  const chunk = ascii(12, 16);
  if (chunk === 'VP8 ') return { type: 'webp', width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { type: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    return { type: 'webp', width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
  }
  return 'is a WebP file of an unknown kind.';
}

/** The image's type and size, or what is wrong with it. */
export function imageInfo(name: string, bytes: Uint8Array): ImageInfo | string {
  if (bytes.length > MAX_IMAGE_BYTES) {
    return `is ${Math.ceil(bytes.length / 1024)} KB; images may be at most ${MAX_IMAGE_BYTES / 1024} KB. Simplify or compress it.`;
  }
  if (name.endsWith('.svg')) return svgInfo(bytes);
  if (name.endsWith('.webp')) return webpInfo(bytes);
  return 'is not SVG or WebP. Convert it: SVG for diagrams, WebP for photos.';
}
