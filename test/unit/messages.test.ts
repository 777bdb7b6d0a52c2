import { describe, expect, it } from 'vitest';
import { checkMessages } from '../../i18n/check';
import { en } from '../../i18n/en';
import { en as staffEn } from '../../i18n/staff/en';

describe('UI message catalogues', () => {
  it('have every English key, with the same placeholders, in fr, es, ru and ar', () => {
    expect(checkMessages()).toEqual([]);
    expect(Object.keys(en).length).toBeGreaterThan(30);
    expect(Object.keys(staffEn).length).toBeGreaterThan(30);
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

  it("check the staff screens' catalogues the same way", () => {
    const { teachTitle: _, ...partial } = staffEn;
    const broken = { ...partial, learnersCount: 'Learners', signIn: 'x' };
    const found = checkMessages({}, { de: broken }).map((p) => `${p.file}: ${p.where}: ${p.message}`);
    expect(found).toEqual([
      'i18n/staff/de.ts: teachTitle: Missing the translation of "My cohorts".',
      'i18n/staff/de.ts: learnersCount: Keep the placeholders of the English text: count.',
      'i18n/staff/de.ts: signIn: Not an English key; remove it or add it to i18n/staff/en.ts.',
    ]);
  });
});
