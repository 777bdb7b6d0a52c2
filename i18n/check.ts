import { ar } from './ar';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ru } from './ru';
import { ar as staffAr } from './staff/ar';
import { en as staffEn } from './staff/en';
import { es as staffEs } from './staff/es';
import { fr as staffFr } from './staff/fr';
import { ru as staffRu } from './staff/ru';

import { ar as accountAr } from './account/ar';
import { en as accountEn } from './account/en';
import { es as accountEs } from './account/es';
import { fr as accountFr } from './account/fr';
import { ru as accountRu } from './account/ru';
import { ar as mentoringAr } from './mentoring/ar';
import { en as mentoringEn } from './mentoring/en';
import { es as mentoringEs } from './mentoring/es';
import { fr as mentoringFr } from './mentoring/fr';
import { ru as mentoringRu } from './mentoring/ru';
import { ar as integrationsAr } from './integrations/ar';
import { en as integrationsEn } from './integrations/en';
import { es as integrationsEs } from './integrations/es';
import { fr as integrationsFr } from './integrations/fr';
import { ru as integrationsRu } from './integrations/ru';

type Catalogues = Record<string, Record<string, string>>;
type Problem = { file: string; where: string; message: string };

const CATALOGUES: Catalogues = { fr, es, ru, ar };
const STAFF_CATALOGUES: Catalogues = { fr: staffFr, es: staffEs, ru: staffRu, ar: staffAr };
/** The other screens' own catalogues, loaded only with them: each checked against its English. */
const LAZY_SETS: Array<{ dir: string; english: Record<string, string>; catalogues: Catalogues }> = [
  { dir: 'i18n/mentoring', english: mentoringEn, catalogues: { fr: mentoringFr, es: mentoringEs, ru: mentoringRu, ar: mentoringAr } },
  { dir: 'i18n/account', english: accountEn, catalogues: { fr: accountFr, es: accountEs, ru: accountRu, ar: accountAr } },
  { dir: 'i18n/integrations', english: integrationsEn, catalogues: { fr: integrationsFr, es: integrationsEs, ru: integrationsRu, ar: integrationsAr } },
];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/** One set of catalogues (`dir`/<locale>.ts) against its English. */
function checkSet(dir: string, english: Record<string, string>, catalogues: Catalogues): Problem[] {
  const problems: Problem[] = [];
  for (const [locale, dict] of Object.entries(catalogues)) {
    const file = `${dir}/${locale}.ts`;
    for (const [key, text] of Object.entries(english)) {
      const translated = dict[key];
      if (translated === undefined || translated.trim() === '') {
        problems.push({ file, where: key, message: `Missing the translation of "${text}".` });
      } else if (placeholders(translated) !== placeholders(text)) {
        problems.push({ file, where: key, message: `Keep the placeholders of the English text: ${placeholders(text) || 'none'}.` });
      }
    }
    for (const key of Object.keys(dict)) {
      if (!(key in english)) problems.push({ file, where: key, message: `Not an English key; remove it or add it to ${dir}/en.ts.` });
    }
  }
  return problems;
}

/**
 * What is wrong in the UI message catalogues, the main ones (i18n/), the staff screens'
 * (i18n/staff/) and the other lazy ones (mentoring, account): keys missing or extra against English, `{placeholders}` a translation dropped
 * or invented, and a key defined in both sets (the screens would not agree on which one they use).
 */
export function checkMessages(catalogues: Catalogues = CATALOGUES, staffCatalogues: Catalogues = STAFF_CATALOGUES): Problem[] {
  const both = Object.keys(staffEn)
    .filter((key) => key in en)
    .map((key) => ({ file: 'i18n/staff/en.ts', where: key, message: 'Also in i18n/en.ts; keep it in one of the two.' }));
  const lazy = LAZY_SETS.flatMap((set) => checkSet(set.dir, set.english, set.catalogues));
  return [...checkSet('i18n', en, catalogues), ...checkSet('i18n/staff', staffEn, staffCatalogues), ...both, ...lazy];
}
