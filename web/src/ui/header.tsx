import { For, Show } from 'solid-js';
import type { Locale } from '../api';
import { LOCALE_NAMES, LOCALES, locale, switchLocale, t } from '../i18n';
import { me } from '../session';
import { SyncStatus } from './sync-status';

/** The name, the menu and sync status when signed in, and otherwise a language choice before signing in. */
export function Header() {
  const choose = (event: Event) => void switchLocale((event.currentTarget as HTMLSelectElement).value as Locale);
  return (
    <header class="top">
      <a href="/" class="brand">
        {t('appName')}
      </a>
      <Show
        when={me()}
        fallback={
          <label class="lang">
            <span class="sr-only">{t('language')}</span>
            <select onChange={choose}>
              <For each={LOCALES}>
                {(l) => (
                  <option value={l} lang={l} selected={l === locale()}>
                    {LOCALE_NAMES[l]}
                  </option>
                )}
              </For>
            </select>
          </label>
        }
      >
        <nav aria-label={t('nav')}>
          <a href="/">{t('myCourses')}</a>
          <a href="/certificates">{t('myCertificates')}</a>
          <Show when={me()?.programmeAdmin || me()?.memberships.some((m) => m.role !== 'learner' && m.role !== 'mentor')}>
            <a href="/teach">{t('teach')}</a>
          </Show>
          <a href="/profile">{t('profile')}</a>
        </nav>
        <SyncStatus />
      </Show>
    </header>
  );
}
