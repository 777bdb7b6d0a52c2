import { ar } from './ar';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ru } from './ru';

const CATALOGUES: Record<string, Record<string, string>> = { fr, es, ru, ar };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/**
 * What is wrong in the UI message catalogues: keys missing or extra against English,
 * and `{placeholders}` a translation dropped or invented.
 */
export function checkMessages(catalogues: Record<string, Record<string, string>> = CATALOGUES): Array<{ file: string; where: string; message: string }> {
  const problems: Array<{ file: string; where: string; message: string }> = [];
  for (const [locale, dict] of Object.entries(catalogues)) {
    const file = `i18n/${locale}.ts`;
    for (const [key, text] of Object.entries(en)) {
      const translated = dict[key];
      if (translated === undefined || translated.trim() === '') {
        problems.push({ file, where: key, message: `Missing the translation of "${text}".` });
      } else if (placeholders(translated) !== placeholders(text)) {
        problems.push({ file, where: key, message: `Keep the placeholders of the English text: ${placeholders(text) || 'none'}.` });
      }
    }
    for (const key of Object.keys(dict)) {
      if (!(key in en)) problems.push({ file, where: key, message: 'Not an English key; remove it or add it to i18n/en.ts.' });
    }
  }
  return problems;
}
