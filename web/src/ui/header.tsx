import { createEffect, on, Show } from 'solid-js';
import type { Locale } from '../api';
import { formatNumber } from '../format';
import { locale, switchLocale, t } from '../i18n';
import { refreshUnread, setUnread, unread } from '../mentoring/unread';
import { me } from '../session';
import { LanguageOptions } from './language-options';
import { SyncStatus } from './sync-status';

/** The name, the menu and sync status when signed in, and otherwise a language choice before signing in. */
export function Header() {
  const choose = (event: Event) => void switchLocale((event.currentTarget as HTMLSelectElement).value as Locale);
  // Each person's own count, asked for well after the first screen (on a 400 kbit/s link a cold
  // lesson takes about 3 s, and nothing may compete with it), forgotten when they leave.
  createEffect(on(() => me()?.id, (id) => (setUnread(0), id && setTimeout(refreshUnread, 5_000))));
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
              <LanguageOptions selected={locale()} />
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
          <a href="/mentoring" aria-label={unread() ? t('mentoringUnread', { count: formatNumber(unread()) }) : undefined}>
            {t('mentoring')}
            <Show when={unread()}>
              {' '}
              <span class="tag" id="unread-count" aria-hidden="true">
                {formatNumber(unread())}
              </span>
            </Show>
          </a>
          <a href="/profile">{t('profile')}</a>
        </nav>
        <SyncStatus />
      </Show>
    </header>
  );
}
