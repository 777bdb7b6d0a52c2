/**
 * W3C Bitstring Status List v1.0: one bit a certificate, index 0 the left-most (most
 * significant) bit of the first byte. Published GZIP-compressed, base64url without padding,
 * with the multibase prefix `u`. The list is at least 131,072 bits so that one lookup hides
 * which certificate a verifier cared about among many ("herd privacy").
 */
import { MAX_STATUS_INDEX, VC_CONTEXT } from './vocabulary';
import { base64url, isoSeconds, strictFromBase64url } from './encoding';

export const MIN_LIST_BITS = 131_072;
/** The largest list we accept or build: the 3-byte index of the QR proof addresses no more. */
export const MAX_LIST_BITS = MAX_STATUS_INDEX + 1;
const MULTIBASE_BASE64URL = 'u';

export type StatusPurpose = 'revocation' | 'suspension';

export class StatusListError extends Error {
  override name = 'StatusListError';
}

export function emptyList(size: number = MIN_LIST_BITS): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(size) || size < MIN_LIST_BITS || size > MAX_LIST_BITS || size % 8 !== 0) {
    throw new RangeError(`a status list has a multiple of 8 bits from ${MIN_LIST_BITS} to ${MAX_LIST_BITS}`);
  }
  return new Uint8Array(size / 8);
}

function position(list: Uint8Array, index: number): [byte: number, mask: number] {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) throw new RangeError(`status index ${index} is outside the list`);
  return [index >> 3, 0x80 >> (index & 7)];
}

export function getBit(list: Uint8Array, index: number): boolean {
  const [byte, mask] = position(list, index);
  return ((list[byte] ?? 0) & mask) !== 0;
}

/** Sets or clears one bit in place. */
export function setBit(list: Uint8Array, index: number, value: boolean): void {
  const [byte, mask] = position(list, index);
  list[byte] = value ? (list[byte] ?? 0) | mask : (list[byte] ?? 0) & ~mask;
}

/** Reads a stream, giving up past `limit` bytes so a small gzip bomb cannot fill memory. */
async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new StatusListError('status list is larger than allowed');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export async function encodeList(bits: Uint8Array<ArrayBuffer>): Promise<string> {
  if (bits.length * 8 < MIN_LIST_BITS) throw new RangeError(`a status list has at least ${MIN_LIST_BITS} bits`);
  const gzipped = await readAll(new Blob([bits]).stream().pipeThrough(new CompressionStream('gzip')), Infinity);
  return MULTIBASE_BASE64URL + base64url(gzipped);
}

/** The uncompressed bitstring of an `encodedList`; throws StatusListError if it is not a valid list. */
export async function decodeList(encoded: string): Promise<Uint8Array<ArrayBuffer>> {
  const gzipped = encoded.startsWith(MULTIBASE_BASE64URL) ? strictFromBase64url(encoded.slice(1)) : undefined;
  if (!gzipped) throw new StatusListError('encodedList is not multibase base64url');
  let bits: Uint8Array<ArrayBuffer>;
  try {
    bits = await readAll(new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip')), MAX_LIST_BITS / 8);
  } catch (err) {
    if (err instanceof StatusListError) throw err;
    throw new StatusListError('encodedList is not GZIP data');
  }
  if (bits.length * 8 < MIN_LIST_BITS) throw new StatusListError(`status list is shorter than ${MIN_LIST_BITS} bits`);
  return bits;
}

function randomBelow(n: number): number {
  // Rejection sampling keeps every index equally likely.
  const limit = Math.floor(2 ** 32 / n) * n;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while ((word[0] ?? 0) >= limit);
  return (word[0] ?? 0) % n;
}

/**
 * A random unallocated index in a list of `bitCount` bits. The spec asks for random assignment
 * so an index reveals neither when a certificate was issued nor how many exist. `taken` is
 * the set of indexes already allocated (a bit that is 0 may still belong to a valid certificate).
 */
export function randomFreeIndex(bitCount: number, taken: ReadonlySet<number>): number {
  if (taken.size >= bitCount) throw new StatusListError('status list is full');
  for (let i = 0; i < 64; i++) {
    const index = randomBelow(bitCount);
    if (!taken.has(index)) return index;
  }
  // A nearly full list: walk from a random start so the result is still not predictable.
  const start = randomBelow(bitCount);
  for (let i = 0; i < bitCount; i++) {
    const index = (start + i) % bitCount;
    if (!taken.has(index)) return index;
  }
  throw new StatusListError('status list is full');
}

export interface StatusListCredentialInput {
  /** The URL the list is served at: the `statusListCredential` of the entries. */
  id: string;
  issuer: string;
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: Date;
  validUntil?: Date;
}

export type StatusListCredential = ReturnType<typeof statusListCredential>;

/** An unsigned BitstringStatusListCredential; sign it with jwt.ts like any credential. */
export function statusListCredential(input: StatusListCredentialInput) {
  return {
    '@context': [VC_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: isoSeconds(input.validFrom),
    ...(input.validUntil ? { validUntil: isoSeconds(input.validUntil) } : {}),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: input.encodedList,
    },
  };
}
