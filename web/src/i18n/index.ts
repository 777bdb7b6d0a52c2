import { createSignal } from 'solid-js';
import { LOCALES, type Locale } from '../../../db/schema/enums';
import { en, type Dict, type Key } from '../../../i18n/en';

export type { Key };
export { LOCALES };

/** Each language named in itself, so a person can find their own. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  ar: 'العربية',
};

const RTL: ReadonlySet<Locale> = new Set(['ar']);
const STORAGE_KEY = 'cascade.locale';

// English ships in the shell; the others are fetched only by those who need them.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Dict>> = {
  fr: () => import('../../../i18n/fr').then((m) => m.fr),
  es: () => import('../../../i18n/es').then((m) => m.es),
  ru: () => import('../../../i18n/ru').then((m) => m.ru),
  ar: () => import('../../../i18n/ar').then((m) => m.ar),
};

const [dict, setDict] = createSignal<Dict>(en);
const [locale, setLocaleSignal] = createSignal<Locale>('en');
export { locale };

/** `text` with its `{name}` placeholders filled from `vars`. */
export const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/** The UI string for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key: Key, vars: Record<string, string> = {}): string {
  return fill(dict()[key], vars);
}

/** Catalogues that come with the screens using them (the staff screens' strings, see ./staff.ts). */
const companions = new Set<(next: Locale) => Promise<unknown>>();

/**
 * Runs `load` now for the language shown (or being switched to), and with every later switch,
 * which waits for it too: a screen changes language all at once.
 */
export function loadWithEachSwitch(load: (next: Locale) => Promise<unknown>): void {
  companions.add(load);
  load(wanted).catch(() => undefined); // Harmless: the screen asks again when it shows.
}

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** The remembered choice, else the browser's first language we have, else English. */
export function initialLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled; the browser's languages still work.
  }
  if (isLocale(stored)) return stored;
  const browser = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find(isLocale);
  return browser ?? 'en';
}

let wanted: Locale = 'en';

/** Loads the language's strings, then switches the UI, `lang` and `dir` together. */
export async function switchLocale(next: Locale): Promise<void> {
  wanted = next;
  let strings: Dict;
  try {
    [strings] = await Promise.all([next === 'en' ? en : loaders[next](), ...[...companions].map((load) => load(next))]);
  } catch {
    return; // Offline before this language was ever loaded: keep the current one.
  }
  if (wanted !== next) return; // A later choice won the race.
  setDict(strings);
  setLocaleSignal(next);
  document.documentElement.lang = next;
  document.documentElement.dir = RTL.has(next) ? 'rtl' : 'ltr';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered; harmless.
  }
  // Also for the server, which preloads a lesson's data in this language (worker/node-http.ts).
  document.cookie = `cascade_locale=${next}; path=/; max-age=31536000; samesite=lax`;
}
