import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64url } from '../../../worker/certificates/encoding';
import {
  buildJwks,
  findJwk,
  generateIssuerKey,
  importSigningKey,
  kidPrefix,
  parsePrivateJwk,
  toPublicJwk,
} from '../../../worker/certificates/keys';

const encoder = new TextEncoder();

// RFC 8037 Appendix A: an Ed25519 key, its RFC 7638 thumbprint, and a JWS made with it.
const RFC8037 = {
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  thumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
  jws:
    'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
};

/** RFC 7638 computed by hand, so the test does not trust the library under test. */
async function thumbprint(x: string): Promise<string> {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(canonical))));
}

describe('issuer keys', () => {
  it('publishes a JWKS of public Ed25519 keys only, each with its thumbprint as kid', async () => {
    const jwk = await generateIssuerKey();
    const jwks = buildJwks([jwk]);
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(Object.keys(key ?? {}).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    expect(key?.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key?.kid).toBe(await thumbprint(jwk.x));
    expect(JSON.stringify(jwks)).not.toContain(jwk.d);
  });

  it('matches the RFC 8037 thumbprint and signature vectors', async () => {
    const stored = { kty: 'OKP', crv: 'Ed25519', x: RFC8037.x, d: RFC8037.d, kid: RFC8037.thumbprint, alg: 'EdDSA', use: 'sig' };
    const jwk = await parsePrivateJwk(JSON.stringify(stored));
    expect(await thumbprint(jwk.x)).toBe(RFC8037.thumbprint);
    const { key } = await importSigningKey(jwk);
    const jws = await new CompactSign(encoder.encode('Example of Ed25519 signing')).setProtectedHeader({ alg: 'EdDSA' }).sign(key);
    expect(jws).toBe(RFC8037.jws);
  });

  it('round-trips the private JWK through storage and refuses a kid that is not the thumbprint', async () => {
    const jwk = await generateIssuerKey();
    expect(await parsePrivateJwk(JSON.stringify(jwk))).toEqual(jwk);
    await expect(parsePrivateJwk({ ...jwk, kid: RFC8037.thumbprint })).rejects.toThrow(/thumbprint/);
    await expect(parsePrivateJwk(toPublicJwk(jwk))).rejects.toThrow();
    await expect(parsePrivateJwk({ ...jwk, crv: 'P-256' })).rejects.toThrow();
    await expect(parsePrivateJwk('not json')).rejects.toThrow();
  });

  it('keeps retired keys in the JWKS, newest first, each kid once', async () => {
    const [old, current] = [await generateIssuerKey(), await generateIssuerKey()];
    const jwks = buildJwks([current, old, toPublicJwk(old)]);
    expect(jwks.keys.map((k) => k.kid)).toEqual([current.kid, old.kid]);
    expect(findJwk(jwks, old.kid)?.x).toBe(old.x);
    expect(findJwk(jwks, 'nope')).toBeUndefined();
    // A foreign or broken entry in a cached JWKS is skipped, not trusted.
    expect(findJwk({ keys: [{ kid: old.kid, kty: 'RSA' }] }, old.kid)).toBeUndefined();
  });

  it('shortens a kid to its first 8 thumbprint bytes for the QR proof', () => {
    expect(base64url(kidPrefix(RFC8037.thumbprint))).toBe(base64url(Uint8Array.from([0x90, 0xfa, 0xca, 0xfe, 0xa9, 0xb1, 0x55, 0x66])));
  });
});
