import { describe, expect, it } from 'vitest';
import { checkMessages } from '../../i18n/check';
import { en } from '../../i18n/en';

describe('UI message catalogues', () => {
  it('have every English key, with the same placeholders, in fr, es, ru and ar', () => {
    expect(checkMessages()).toEqual([]);
    expect(Object.keys(en).length).toBeGreaterThan(30);
  });

  it('name a missing key, a lost placeholder and a stray key', () => {
    const { signIn: _, ...partial } = en;
    const broken = { ...partial, welcome: en.welcome.replace(/\{\w+\}/g, 'X'), stray: 'x' };
    const found = checkMessages({ de: broken }).map((p) => `${p.file}: ${p.where}: ${p.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'i18n/de.ts: signIn: Missing the translation of "Sign in".',
        expect.stringMatching(/^i18n\/de\.ts: welcome: Keep the placeholders of the English text: \w+/),
        'i18n/de.ts: stray: Not an English key; remove it or add it to i18n/en.ts.',
      ]),
    );
  });
});
