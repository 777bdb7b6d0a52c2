import { describe, expect, it } from 'vitest';
import { normaliseCode, randomCode } from '../../worker/lib/crypto';
import { PBKDF2_ITERATIONS, hashPassword, verifyPassword } from '../../worker/lib/password';

describe('passwords', () => {
  it('verifies the right password only, and salts each hash', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toEqual({ ok: true, outdated: false });
    expect((await verifyPassword('correct horsE', a)).ok).toBe(false);
  });

  it('flags hashes made with fewer iterations so sign-in can upgrade them', async () => {
    const weak = await hashPassword('correct horse', 1000);
    expect(weak).toMatch(/^pbkdf2-sha256\$1000\$/);
    expect(await verifyPassword('correct horse', weak)).toEqual({ ok: true, outdated: true });
    expect(PBKDF2_ITERATIONS).toBe(100_000);
  });

  it('treats a malformed stored hash as a mismatch, not a crash', async () => {
    for (const stored of ['', 'plain', 'pbkdf2-sha256$x$y$z', 'md5$1$a$b']) {
      expect((await verifyPassword('x', stored)).ok).toBe(false);
    }
  });
});

describe('typed codes', () => {
  it('are grouped in fours and survive sloppy typing', () => {
    for (let i = 0; i < 200; i++) {
      const code = randomCode(8);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(normaliseCode(` ${code.toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l')} `)).toBe(code.replace('-', ''));
    }
  });
});
