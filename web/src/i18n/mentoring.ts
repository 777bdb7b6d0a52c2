import { createResource, createRoot, type Resource } from 'solid-js';
import type { Locale } from '../../../db/schema/enums';
import type { Dict, Key } from '../../../i18n/mentoring/en';
import { mentoringStyle } from '../mentoring/style';
import { fill, loadWithEachSwitch, locale } from './index';

export type MentoringKey = Key;

// Every language, English too, is a chunk of its own: only the mentoring and community screens fetch these strings.
const loaders: Record<Locale, () => Promise<Dict>> = {
  en: () => import('../../../i18n/mentoring/en').then((m) => m.en),
  fr: () => import('../../../i18n/mentoring/fr').then((m) => m.fr),
  es: () => import('../../../i18n/mentoring/es').then((m) => m.es),
  ru: () => import('../../../i18n/mentoring/ru').then((m) => m.ru),
  ar: () => import('../../../i18n/mentoring/ar').then((m) => m.ar),
};

const loaded = new Map<Locale, Dict>();

/** The language's mentoring strings, and the mentoring stylesheet with them the first time. */
async function load(l: Locale): Promise<Dict> {
  const [dict] = await Promise.all([loaders[l](), mentoringStyle()]);
  loaded.set(l, dict);
  return dict;
}

// From the moment a mentoring screen's code arrives: fetch its strings alongside its data, not after.
loadWithEachSwitch(load);

let shown: Resource<Dict> | undefined;

/**
 * A mentoring screen's string for `key`, with `{name}` placeholders filled from `vars`. Until the
 * strings first arrive the screen suspends (its <Suspense> shows the fallback), so it never
 * appears without its words; a language already loaded (every switch waits for it) comes at once.
 */
export function tm(key: Key, vars: Record<string, string> = {}): string {
  shown ??= createRoot(() => createResource(locale, (l) => loaded.get(l) ?? load(l))[0]);
  const dict = shown.latest;
  return dict ? fill(dict[key], vars) : '';
}
