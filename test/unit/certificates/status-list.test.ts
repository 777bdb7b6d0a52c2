import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strictFromBase64url } from '../../../worker/certificates/encoding';
import {
  decodeList,
  emptyList,
  encodeList,
  getBit,
  MIN_LIST_BITS,
  randomFreeIndex,
  setBit,
  statusListCredential,
  StatusListError,
} from '../../../worker/certificates/status-list';

// The empty 16 KB list of the BitstringStatusListCredential example in Bitstring Status List v1.0 §2.2.
const SPEC_EXAMPLE = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

function encode(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `u${btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
}

describe('bitstring status list', () => {
  it('puts index 0 at the left-most bit of the first byte', () => {
    const list = emptyList();
    expect(list.length * 8).toBe(MIN_LIST_BITS);
    const last = MIN_LIST_BITS - 1;
    for (const index of [0, 7, 8, last]) setBit(list, index, true);
    expect(list[0]).toBe(0b1000_0001);
    expect(list[1]).toBe(0b1000_0000);
    expect(list[list.length - 1]).toBe(0b0000_0001);
    for (const index of [0, 7, 8, last]) expect(getBit(list, index)).toBe(true);
    for (const index of [1, 6, 9, last - 1]) expect(getBit(list, index)).toBe(false);
    setBit(list, 7, false);
    expect(getBit(list, 7)).toBe(false);
    expect(list[0]).toBe(0b1000_0000);
    expect(() => getBit(list, MIN_LIST_BITS)).toThrow(RangeError);
    expect(() => setBit(list, -1, true)).toThrow(RangeError);
    expect(() => emptyList(1024)).toThrow(RangeError);
  });

  it('decodes the spec example to 131,072 unset bits', async () => {
    const bits = await decodeList(SPEC_EXAMPLE);
    expect(bits.length).toBe(16_384);
    expect(bits.every((b) => b === 0)).toBe(true);
  });

  it('encodes as multibase base64url of GZIP, small when nearly empty, and round-trips', async () => {
    const empty = await encodeList(emptyList());
    expect(empty).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(empty.length).toBeLessThan(200);
    expect(await decodeList(empty)).toEqual(emptyList());

    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat({ max: MIN_LIST_BITS - 1 }), { maxLength: 50 }), async (indexes) => {
        const list = emptyList();
        for (const i of indexes) setBit(list, i, true);
        const decoded = await decodeList(await encodeList(list));
        // A byte loop: deep equality on 16 KB arrays would dominate the run time.
        expect(decoded.length === list.length && decoded.every((b, i) => b === list[i])).toBe(true);
        for (const i of indexes) expect(getBit(decoded, i)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects lists that are not multibase base64url GZIP, too short, or too large', async () => {
    const body = SPEC_EXAMPLE.slice(1);
    for (const bad of [body, `z${body}`, 'u', 'u!!!!', `u${body}A`, encode(new Uint8Array([1, 2, 3]))]) {
      await expect(decodeList(bad), bad).rejects.toBeInstanceOf(StatusListError);
    }
    await expect(decodeList(encode(await gzip(new Uint8Array(1024))))).rejects.toThrow(/shorter/);
    // A few KB of GZIP that would inflate to 4 MB: refused before it is all in memory.
    await expect(decodeList(encode(await gzip(new Uint8Array(4 * 1024 * 1024))))).rejects.toThrow(/larger/);
    expect(strictFromBase64url(SPEC_EXAMPLE.slice(1))).toBeDefined();
  });

  it('allocates free indexes at random', () => {
    const taken = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const index = randomFreeIndex(MIN_LIST_BITS, taken);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(MIN_LIST_BITS);
      expect(taken.has(index)).toBe(false);
      taken.add(index);
    }
    // Not sequential: 200 random picks from 131,072 are spread over the whole list.
    expect(Math.max(...taken) - Math.min(...taken)).toBeGreaterThan(MIN_LIST_BITS / 2);
    const nearlyFull = new Set(Array.from({ length: 15 }, (_, i) => i));
    expect(randomFreeIndex(16, nearlyFull)).toBe(15);
    expect(() => randomFreeIndex(16, new Set([...nearlyFull, 15]))).toThrow(StatusListError);
  });

  it('wraps the list in a BitstringStatusListCredential', () => {
    const vc = statusListCredential({
      id: 'https://cascade.example.org/status/academy/revocation',
      issuer: 'https://academy.example.org',
      purpose: 'revocation',
      encodedList: SPEC_EXAMPLE,
      validFrom: new Date('2026-03-01T00:00:00.123Z'),
    });
    expect(vc).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://cascade.example.org/status/academy/revocation',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'https://academy.example.org',
      validFrom: '2026-03-01T00:00:00Z',
      credentialSubject: {
        id: 'https://cascade.example.org/status/academy/revocation#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: SPEC_EXAMPLE,
      },
    });
  });
});
