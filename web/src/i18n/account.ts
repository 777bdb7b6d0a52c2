import type { Dict } from '../../../i18n/account/en';
import { lazyCatalogue } from './lazy-catalogue';

/** The account section's strings (export, sign out everywhere, delete), fetched with that section only. */
export const ta = lazyCatalogue<Dict>({
  en: () => import('../../../i18n/account/en').then((m) => m.en),
  fr: () => import('../../../i18n/account/fr').then((m) => m.fr),
  es: () => import('../../../i18n/account/es').then((m) => m.es),
  ru: () => import('../../../i18n/account/ru').then((m) => m.ru),
  ar: () => import('../../../i18n/account/ar').then((m) => m.ar),
});
