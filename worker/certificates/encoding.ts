/** Byte encodings shared by the certificate code: strict base64url and UUID bytes. */
import { base64url, fromBase64url } from '../lib/crypto';

export { base64url };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url (no padding) and returns undefined unless `text` is the one canonical
 * encoding of its bytes. Decoders ignore the spare low bits of the last character, so without
 * this check a signature's final character can be changed and the token still verifies.
 */
export function strictFromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = fromBase64url(text);
  return base64url(bytes) === text ? bytes : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uuidToBytes(uuid: string): Uint8Array<ArrayBuffer> {
  const lower = uuid.toLowerCase();
  if (!UUID.test(lower)) throw new TypeError(`not a UUID: ${uuid}`);
  const hex = lower.replaceAll('-', '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

export function bytesToUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** VC 2.0 wants an XML Schema dateTimeStamp; whole seconds keep the signed text short and stable. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
