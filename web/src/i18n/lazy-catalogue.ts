import { createResource, createRoot, type Resource } from 'solid-js';
import type { Locale } from '../../../db/schema/enums';
import { fill, loadWithEachSwitch, locale } from './index';

/**
 * A catalogue of strings that only some screens need (staff, mentoring, account), kept out of the
 * learner's shell: every language, English too, is a chunk of its own, fetched with `also` (the
 * screens' stylesheet, say) from the moment the screens' code arrives, alongside their data.
 *
 * The accessor gives the string for `key` with `{name}` placeholders filled from `vars`. Until
 * the strings first arrive the screen suspends (its <Suspense> shows the fallback), so it never
 * appears without its words; a language already loaded (every switch waits for it) comes at once.
 */
export function lazyCatalogue<Dict extends Record<string, string>>(
  loaders: Record<Locale, () => Promise<Dict>>,
  also: () => Promise<unknown> = () => Promise.resolve(),
): (key: keyof Dict, vars?: Record<string, string>) => string {
  const loaded = new Map<Locale, Dict>();
  const load = async (l: Locale): Promise<Dict> => {
    const [dict] = await Promise.all([loaders[l](), also()]);
    loaded.set(l, dict);
    return dict;
  };
  loadWithEachSwitch(load);
  let shown: Resource<Dict> | undefined;
  return (key, vars = {}) => {
    shown ??= createRoot(() => createResource(locale, (l) => loaded.get(l) ?? load(l))[0]);
    const dict = shown.latest;
    return dict ? fill(dict[key]!, vars) : '';
  };
}
