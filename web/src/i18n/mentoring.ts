import type { Dict, Key } from '../../../i18n/mentoring/en';
import { mentoringStyle } from '../mentoring/style';
import { lazyCatalogue } from './lazy-catalogue';

export type MentoringKey = Key;

/** A mentoring or community screen's string: only those screens fetch these, with their stylesheet. */
export const tm = lazyCatalogue<Dict>(
  {
    en: () => import('../../../i18n/mentoring/en').then((m) => m.en),
    fr: () => import('../../../i18n/mentoring/fr').then((m) => m.fr),
    es: () => import('../../../i18n/mentoring/es').then((m) => m.es),
    ru: () => import('../../../i18n/mentoring/ru').then((m) => m.ru),
    ar: () => import('../../../i18n/mentoring/ar').then((m) => m.ar),
  },
  mentoringStyle,
);
