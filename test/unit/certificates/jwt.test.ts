import fc from 'fast-check';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredential, type OpenBadgeCredential } from '../../../worker/certificates/credential';
import { base64url, strictFromBase64url } from '../../../worker/certificates/encoding';
import { signCredential, verifyCredentialJwt } from '../../../worker/certificates/jwt';
import { buildJwks } from '../../../worker/certificates/keys';
import { ISSUED_AT, LATER, newIssuerKey, sampleInput } from './fixtures';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=';

let issuer: Awaited<ReturnType<typeof newIssuerKey>>;
let credential: OpenBadgeCredential;
let jwt: string;

beforeAll(async () => {
  issuer = await newIssuerKey();
  credential = buildCredential(sampleInput({ validUntil: new Date('2028-03-01T00:00:00Z') }));
  jwt = await signCredential(credential, issuer.signing);
});

/** Re-encodes the payload after `edit`, keeping the original header and signature. */
function withPayload(token: string, edit: (vc: Record<string, any>) => void): string {
  const [header, payload, signature] = token.split('.');
  const vc = JSON.parse(decoder.decode(strictFromBase64url(payload ?? '')));
  edit(vc);
  return `${header}.${base64url(encoder.encode(JSON.stringify(vc)))}.${signature}`;
}

describe('VC-JOSE JWT', () => {
  it('signs the credential itself as the claims set, with the VC-JOSE header', async () => {
    const [header, payload] = jwt.split('.');
    expect(JSON.parse(decoder.decode(strictFromBase64url(header ?? '')))).toEqual({ alg: 'EdDSA', kid: issuer.jwk.kid, typ: 'vc+jwt', cty: 'vc' });
    expect(JSON.parse(decoder.decode(strictFromBase64url(payload ?? '')))).toEqual(credential);
    const result = await verifyCredentialJwt(jwt, issuer.jwks, { now: LATER });
    expect(result).toEqual({ ok: true, credential, kid: issuer.jwk.kid });
  });

  it('fails when any signed field is edited, added or removed', async () => {
    const edits: Array<[string, (vc: Record<string, any>) => void]> = [
      ['learner name', (vc) => (vc.credentialSubject.name = 'Someone Else')],
      ['learner identifier', (vc) => (vc.credentialSubject.identifier[0].identityHash = 'Someone Else')],
      ['course title', (vc) => (vc.credentialSubject.achievement.name = 'Advanced course')],
      ['course version', (vc) => (vc.credentialSubject.achievement.version = '2.0.0')],
      ['course id', (vc) => (vc.credentialSubject.achievement.humanCode = 'forensic-evidence')],
      ['criteria', (vc) => (vc.credentialSubject.achievement.criteria.narrative = 'Attended.')],
      ['trainer', (vc) => (vc.credentialSubject.source.name = 'Another Trainer')],
      ['issuer', (vc) => (vc.issuer.name = 'Another Academy')],
      ['date', (vc) => (vc.validFrom = '2025-01-01T00:00:00Z')],
      ['expiry removed', (vc) => delete vc.validUntil],
      ['status index', (vc) => (vc.credentialStatus[0].statusListIndex = '1')],
      ['status removed', (vc) => delete vc.credentialStatus],
      ['certificate id', (vc) => (vc.id = 'urn:uuid:00000000-0000-4000-8000-000000000000')],
      ['field added', (vc) => (vc.credentialSubject.result = [{ type: ['Result'], value: 'distinction' }])],
    ];
    for (const [what, edit] of edits) {
      expect(await verifyCredentialJwt(withPayload(jwt, edit), issuer.jwks, { now: LATER }), what).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('fails when a byte of the signature or the payload is flipped', async () => {
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    for (const [part, index] of [['signature', 0], ['signature', 63], ['payload', 0], ['payload', 40]] as const) {
      const bytes = strictFromBase64url(part === 'signature' ? signature : payload) ?? new Uint8Array();
      bytes[index] = (bytes[index] ?? 0) ^ 0x01;
      const token = part === 'signature' ? `${header}.${payload}.${base64url(bytes)}` : `${header}.${base64url(bytes)}.${signature}`;
      expect(await verifyCredentialJwt(token, issuer.jwks, { now: LATER }), `${part}[${index}]`).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('fails for any single-character change anywhere in the token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 10_000 }), fc.constantFrom(...ALPHABET), async (at, ch) => {
        const i = at % jwt.length;
        fc.pre(jwt[i] !== ch);
        const edited = jwt.slice(0, i) + ch + jwt.slice(i + 1);
        expect((await verifyCredentialJwt(edited, issuer.jwks, { now: LATER })).ok).toBe(false);
      }),
      { numRuns: 400 },
    );
    // The spare low bits of the last signature character are ignored by base64 decoders.
    for (const ch of ALPHABET.slice(0, 64)) {
      if (ch === jwt.at(-1)) continue;
      expect((await verifyCredentialJwt(jwt.slice(0, -1) + ch, issuer.jwks, { now: LATER })).ok, ch).toBe(false);
    }
  });

  it('fails with the wrong key, and with a key the JWKS does not hold', async () => {
    const other = await newIssuerKey();
    const impostor = await signCredential(credential, { kid: issuer.jwk.kid, key: other.signing.key });
    expect(await verifyCredentialJwt(impostor, issuer.jwks, { now: LATER })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyCredentialJwt(jwt, other.jwks, { now: LATER })).toEqual({ ok: false, reason: 'unknown_key' });
    expect(await verifyCredentialJwt(jwt, { keys: [] }, { now: LATER })).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('keeps verifying old certificates after key rotation', async () => {
    const next = await newIssuerKey();
    const newer = await signCredential(buildCredential(sampleInput({ id: crypto.randomUUID() })), next.signing);
    const jwks = buildJwks([next.jwk, issuer.jwk]);
    expect((await verifyCredentialJwt(jwt, jwks, { now: LATER })).ok).toBe(true);
    expect(await verifyCredentialJwt(newer, jwks, { now: LATER })).toMatchObject({ ok: true, kid: next.jwk.kid });
    expect(await verifyCredentialJwt(jwt, next.jwks, { now: LATER })).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('checks validFrom and validUntil against now', async () => {
    const at = (iso: string) => verifyCredentialJwt(jwt, issuer.jwks, { now: new Date(iso) });
    expect(await at('2026-03-01T09:29:59Z')).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect((await at(ISSUED_AT.toISOString())).ok).toBe(true);
    expect((await at('2028-03-01T00:00:00Z')).ok).toBe(true);
    expect(await at('2028-03-01T00:00:01Z')).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects malformed tokens, other typ values and unsigned tokens', async () => {
    const payload = encoder.encode(JSON.stringify(credential));
    const sign = (header: Record<string, string>) => new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: issuer.jwk.kid, ...header }).sign(issuer.signing.key);
    expect(await verifyCredentialJwt(await sign({ typ: 'JWT' }), issuer.jwks, { now: LATER })).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyCredentialJwt(await sign({}), issuer.jwks, { now: LATER })).toEqual({ ok: false, reason: 'malformed' });
    expect((await verifyCredentialJwt(await sign({ typ: 'application/vc+jwt' }), issuer.jwks, { now: LATER })).ok).toBe(true);

    const none = `${base64url(encoder.encode(JSON.stringify({ alg: 'none', kid: issuer.jwk.kid, typ: 'vc+jwt' })))}.${jwt.split('.')[1]}.`;
    const wrapped = await new CompactSign(encoder.encode(JSON.stringify({ vc: credential, ...credential })))
      .setProtectedHeader({ alg: 'EdDSA', kid: issuer.jwk.kid, typ: 'vc+jwt' })
      .sign(issuer.signing.key);
    for (const token of ['', 'abc', 'a.b', `${jwt}.x`, `${jwt} `, ` ${jwt}`, none, wrapped, jwt.replace('.', '..')]) {
      expect(await verifyCredentialJwt(token, issuer.jwks, { now: LATER }), token.slice(0, 20)).toEqual({ ok: false, reason: 'malformed' });
    }
    await expect(signCredential({ '@context': [], vc: {} } as never, issuer.signing)).rejects.toThrow(/vc and vp/);
  });
});
