/**
 * The two functions of js-base64 that libSQL's client calls (rows and blobs as JSON), on the
 * runtime's own btoa and atob: the Workers builds use this instead of js-base64 (1.4 KB gzip),
 * through scripts/worker-size.ts. test/unit/worker-base64.test.ts holds it to Node's Buffer.
 */
const CHUNK = 0x8000;

export const Base64 = {
  /** Standard base64, padded. */
  fromUint8Array(bytes: Uint8Array): string {
    let binary = '';
    for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
    return btoa(binary);
  },
  /** Standard or URL-safe base64, padded or not. */
  toUint8Array(text: string): Uint8Array {
    const standard = text.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')).replace(/[^A-Za-z0-9+/]/g, '');
    const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  },
};
