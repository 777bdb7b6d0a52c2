import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCredential } from '../../../worker/certificates/credential';
import {
  compactFieldsOf,
  compactUrl,
  encodeCompact,
  MAX_COMPACT_BYTES,
  payloadFromUrl,
  verifyCompact,
  type CompactFields,
} from '../../../worker/certificates/compact';
import { base64url, strictFromBase64url } from '../../../worker/certificates/encoding';
import { buildJwks } from '../../../worker/certificates/keys';
import { emptyList, setBit } from '../../../worker/certificates/status-list';
import { ISSUED_AT, LATER, newIssuerKey, sampleInput } from './fixtures';

const BASE_URL = 'https://cascade.example.org';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const fields: CompactFields = {
  certificateId: '0b6f1d2e-8c4a-4f3b-9e2d-7a1c5b8e9f01',
  courseId: 'financial-investigation',
  courseVersion: '1.0.0',
  learnerName: 'Amina Yusuf',
  issuedAt: ISSUED_AT,
  validUntil: new Date('2028-03-01T00:00:00Z'),
  statusIndexes: { revocation: 94_567, suspension: 131_071 },
};

let issuer: Awaited<ReturnType<typeof newIssuerKey>>;
let payload: string;

beforeAll(async () => {
  issuer = await newIssuerKey();
  payload = await encodeCompact(fields, issuer.signing);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('offline QR proof', () => {
  it('stays within 300 bytes for a long course and a long name, truncating only the name', async () => {
    const longest: CompactFields = {
      ...fields,
      courseId: 'victim-centred-trauma-informed-interview', // 40 characters, the limit
      courseVersion: '10.12.3-rc.1+b77',
      learnerName: 'Maria Fernanda de los Ángeles Rodríguez-Villanueva y Castañeda de la Santísima Trinidad',
    };
    expect(longest.courseId).toHaveLength(40);
    for (const learnerName of [longest.learnerName ?? '', 'عبد الرحمن بن محمد بن عبد العزيز بن إبراهيم آل الشيخ القحطاني', 'A'.repeat(200)]) {
      const long = await encodeCompact({ ...longest, learnerName }, issuer.signing);
      const url = compactUrl(BASE_URL, long);
      expect(strictFromBase64url(long)?.length).toBeLessThanOrEqual(MAX_COMPACT_BYTES);
      expect(url.length, url).toBeLessThanOrEqual(300);
      const result = await verifyCompact(long, issuer.jwks, undefined, LATER);
      if (!result.ok) throw new Error(result.reason);
      expect(result.proof.courseId).toBe(longest.courseId);
      expect(result.proof.courseVersion).toBe(longest.courseVersion);
      expect(result.proof.nameTruncated).toBe(true);
      expect(learnerName.startsWith(result.proof.learnerName)).toBe(true);
      // Even with the longest course id and version, 30+ bytes of name remain (15+ Arabic letters).
      expect(new TextEncoder().encode(result.proof.learnerName).length).toBeGreaterThanOrEqual(30);
    }
    // The everyday case: the realistic course and name fit whole, in well under 300 bytes.
    expect(compactUrl(BASE_URL, payload).length).toBeLessThan(250);
  });

  it('verifies with no network against cached keys and status lists', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('offline');
    });
    const lists = { revocation: emptyList(), suspension: emptyList() };
    expect(await verifyCompact(payload, issuer.jwks, lists, LATER)).toEqual({
      ok: true,
      kid: issuer.jwk.kid,
      status: 'valid',
      proof: {
        certificateId: fields.certificateId,
        courseId: 'financial-investigation',
        courseVersion: '1.0.0',
        learnerName: 'Amina Yusuf',
        nameTruncated: false,
        issuedOn: new Date('2026-03-01T00:00:00Z'),
        lastValidDay: new Date('2028-02-29T00:00:00Z'),
        statusIndexes: { revocation: 94_567, suspension: 131_071 },
      },
    });
    expect((await verifyCompact(payload, issuer.jwks, undefined, LATER)).ok && 'unchecked').toBe('unchecked');
    const anonymous = await encodeCompact({ ...fields, learnerName: undefined }, issuer.signing);
    expect(await verifyCompact(anonymous, issuer.jwks, lists, LATER)).toMatchObject({ ok: true, proof: { learnerName: '', nameTruncated: false } });
  });

  it('shows revoked and suspended from the cached lists', async () => {
    const lists = { revocation: emptyList(), suspension: emptyList() };
    setBit(lists.suspension, fields.statusIndexes.suspension, true);
    expect(await verifyCompact(payload, issuer.jwks, lists, LATER)).toMatchObject({ ok: true, status: 'suspended' });
    setBit(lists.suspension, fields.statusIndexes.suspension, false);
    expect(await verifyCompact(payload, issuer.jwks, lists, LATER)).toMatchObject({ ok: true, status: 'valid' });
    setBit(lists.revocation, fields.statusIndexes.revocation, true);
    expect(await verifyCompact(payload, issuer.jwks, lists, LATER)).toMatchObject({ ok: true, status: 'revoked' });
  });

  it('fails when any byte of the signed payload changes', async () => {
    const bytes = strictFromBase64url(payload) ?? new Uint8Array();
    for (let i = 0; i < bytes.length; i++) {
      const edited = bytes.slice();
      edited[i] = (edited[i] ?? 0) ^ 0x20;
      expect((await verifyCompact(base64url(edited), issuer.jwks, undefined, LATER)).ok, `byte ${i}`).toBe(false);
    }
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1000 }), fc.constantFrom(...ALPHABET), async (at, ch) => {
        const i = at % payload.length;
        fc.pre(payload[i] !== ch);
        const edited = payload.slice(0, i) + ch + payload.slice(i + 1);
        expect((await verifyCompact(edited, issuer.jwks, undefined, LATER)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('fails with an unknown key or the wrong key, and keeps verifying after rotation', async () => {
    const next = await newIssuerKey();
    expect(await verifyCompact(payload, next.jwks, undefined, LATER)).toEqual({ ok: false, reason: 'unknown_key' });
    const impostor = await encodeCompact(fields, { kid: issuer.jwk.kid, key: next.signing.key });
    expect(await verifyCompact(impostor, issuer.jwks, undefined, LATER)).toEqual({ ok: false, reason: 'bad_signature' });
    const both = buildJwks([next.jwk, issuer.jwk]);
    expect(await verifyCompact(payload, both, undefined, LATER)).toMatchObject({ ok: true, kid: issuer.jwk.kid });
    const newer = await encodeCompact(fields, next.signing);
    expect(await verifyCompact(newer, both, undefined, LATER)).toMatchObject({ ok: true, kid: next.jwk.kid });
  });

  it('is valid from the issue day to the end of the last valid day', async () => {
    const at = async (iso: string) => verifyCompact(payload, issuer.jwks, undefined, new Date(iso));
    expect(await at('2026-02-28T23:59:59Z')).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect((await at('2026-03-01T00:00:00Z')).ok).toBe(true);
    expect((await at('2028-02-29T23:59:59Z')).ok).toBe(true);
    expect(await at('2028-03-01T00:00:00Z')).toEqual({ ok: false, reason: 'expired' });
    const forever = await encodeCompact({ ...fields, validUntil: undefined }, issuer.signing);
    expect((await verifyCompact(forever, issuer.jwks, undefined, new Date('2100-01-01T00:00:00Z'))).ok).toBe(true);
  });

  it('rejects malformed payloads and bad fields', async () => {
    const bytes = strictFromBase64url(payload) ?? new Uint8Array();
    const cut = (n: number) => base64url(bytes.slice(0, n));
    for (const bad of ['', 'abc', '!!!!', `${payload}A`, cut(bytes.length - 1), cut(100), payload + payload]) {
      expect(await verifyCompact(bad, issuer.jwks, undefined, LATER)).toEqual({ ok: false, reason: 'malformed' });
    }
    const bad: Array<Partial<CompactFields>> = [
      { certificateId: 'not-a-uuid' },
      { courseId: 'x'.repeat(41) },
      { courseVersion: 'v 1' },
      { statusIndexes: { revocation: 2 ** 24, suspension: 0 } },
      { issuedAt: new Date('1960-01-01T00:00:00Z') },
    ];
    for (const overrides of bad) await expect(encodeCompact({ ...fields, ...overrides }, issuer.signing)).rejects.toThrow();
  });

  it('takes its fields from the credential it accompanies', async () => {
    const credential = buildCredential(sampleInput({ validUntil: new Date('2028-03-01T00:00:00Z') }));
    expect(compactFieldsOf(credential)).toEqual({ ...fields, statusIndexes: { revocation: 94_567, suspension: 23_452 } });
    const anonymous = compactFieldsOf(buildCredential(sampleInput({ learnerName: undefined })));
    expect(anonymous).not.toHaveProperty('learnerName');
    expect(anonymous).not.toHaveProperty('validUntil');
    expect((await verifyCompact(await encodeCompact(anonymous, issuer.signing), issuer.jwks, undefined, LATER)).ok).toBe(true);
  });

  it('rides in the URL fragment', () => {
    const url = compactUrl(BASE_URL, payload);
    expect(url).toBe(`https://cascade.example.org/verify#c=${payload}`);
    expect(payloadFromUrl(url)).toBe(payload);
    expect(payloadFromUrl('https://cascade.example.org/verify')).toBeUndefined();
    expect(payloadFromUrl('not a url')).toBeUndefined();
  });
});
