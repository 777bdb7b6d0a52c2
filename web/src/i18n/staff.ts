import type { Dict, Key } from '../../../i18n/staff/en';
import { staffStyle } from '../ui/staff-style';
import { lazyCatalogue } from './lazy-catalogue';

export type StaffKey = Key;

/** A staff screen's string: only the staff screens fetch these, with the staff stylesheet. */
export const ts = lazyCatalogue<Dict>(
  {
    en: () => import('../../../i18n/staff/en').then((m) => m.en),
    fr: () => import('../../../i18n/staff/fr').then((m) => m.fr),
    es: () => import('../../../i18n/staff/es').then((m) => m.es),
    ru: () => import('../../../i18n/staff/ru').then((m) => m.ru),
    ar: () => import('../../../i18n/staff/ar').then((m) => m.ar),
  },
  staffStyle,
);
