import type { Dict } from '../../../i18n/integrations/en';
import { staffStyle } from '../ui/staff-style';
import { lazyCatalogue } from './lazy-catalogue';

/** The connected-systems screen's strings (LTI platforms, the LRS): fetched only with that screen. */
export const ti = lazyCatalogue<Dict>(
  {
    en: () => import('../../../i18n/integrations/en').then((m) => m.en),
    fr: () => import('../../../i18n/integrations/fr').then((m) => m.fr),
    es: () => import('../../../i18n/integrations/es').then((m) => m.es),
    ru: () => import('../../../i18n/integrations/ru').then((m) => m.ru),
    ar: () => import('../../../i18n/integrations/ar').then((m) => m.ar),
  },
  staffStyle,
);
