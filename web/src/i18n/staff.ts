import { createResource, createRoot, type Resource } from 'solid-js';
import type { Locale } from '../../../db/schema/enums';
import type { Dict, Key } from '../../../i18n/staff/en';
import { staffStyle } from '../ui/staff-style';
import { fill, loadWithEachSwitch, locale } from './index';

export type StaffKey = Key;

// Every language, English too, is a chunk of its own: only the staff screens fetch these strings.
const loaders: Record<Locale, () => Promise<Dict>> = {
  en: () => import('../../../i18n/staff/en').then((m) => m.en),
  fr: () => import('../../../i18n/staff/fr').then((m) => m.fr),
  es: () => import('../../../i18n/staff/es').then((m) => m.es),
  ru: () => import('../../../i18n/staff/ru').then((m) => m.ru),
  ar: () => import('../../../i18n/staff/ar').then((m) => m.ar),
};

const loaded = new Map<Locale, Dict>();

/** The language's staff strings, and the staff stylesheet with them the first time. */
async function load(l: Locale): Promise<Dict> {
  const [dict] = await Promise.all([loaders[l](), staffStyle()]);
  loaded.set(l, dict);
  return dict;
}

// From the moment a staff screen's code arrives: fetch its strings alongside the session, not after.
loadWithEachSwitch(load);

let shown: Resource<Dict> | undefined;

/**
 * A staff screen's string for `key`, with `{name}` placeholders filled from `vars`. Until the
 * strings first arrive the screen suspends (its <Suspense> shows the fallback), so it never
 * appears without its words; a language already loaded (every switch waits for it) comes at once.
 */
export function ts(key: Key, vars: Record<string, string> = {}): string {
  shown ??= createRoot(() => createResource(locale, (l) => loaded.get(l) ?? load(l))[0]);
  const dict = shown.latest;
  return dict ? fill(dict[key], vars) : '';
}
