import { For } from 'solid-js';
import type { Locale } from '../api';
import { LOCALE_NAMES, LOCALES } from '../i18n';

/** One `<option>` per language Cascade speaks, each named in itself, `selected` marking one. */
export function LanguageOptions(props: { selected: Locale }) {
  return (
    <For each={LOCALES}>
      {(l) => (
        <option value={l} lang={l} selected={l === props.selected}>
          {LOCALE_NAMES[l]}
        </option>
      )}
    </For>
  );
}
