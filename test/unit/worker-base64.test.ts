import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base64 } from '../../worker/cloudflare/base64';

describe('base64 for libSQL’s client on Workers (worker/cloudflare/base64.ts)', () => {
  it('encodes as Node’s Buffer does, and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const text = Base64.fromUint8Array(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(Base64.toUint8Array(text)).toEqual(bytes);
      }),
    );
  });

  it('decodes URL-safe and unpadded base64 too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Base64.toUint8Array(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
    );
  });

  it('encodes more than one chunk of bytes', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256);
    expect(Base64.fromUint8Array(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
