import jsQR from 'jsqr';

/** Renders a QR module matrix to pixels and reads it back with a real decoder, as a phone's camera would. */
export function decodeQr(modules: boolean[][]): string | undefined {
  const px = 4;
  const size = modules.length * px;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < px; dy++) {
        for (let dx = 0; dx < px; dx++) rgba.fill(0, ((y * px + dy) * size + x * px + dx) * 4, ((y * px + dy) * size + x * px + dx) * 4 + 3);
      }
    }),
  );
  return jsQR(rgba, size, size)?.data;
}
