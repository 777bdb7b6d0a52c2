import { createEffect, lazy, on, Show, Suspense, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { locale, switchLocale, t } from './i18n';
import { navigate, path } from './router';
import { me } from './session';
import { Header } from './ui/header';

/** `member` screens need a session, `guest` screens make no sense with one, `any` suit both. */
type Access = 'member' | 'guest' | 'any';

const page = (load: () => Promise<Component>) => lazy(() => load().then((view) => ({ default: view })));

const ROUTES: Record<string, { view: ReturnType<typeof page>; access: Access }> = {
  '/': { view: page(() => import('./pages/home').then((m) => m.Home)), access: 'member' },
  '/profile': { view: page(() => import('./pages/profile').then((m) => m.Profile)), access: 'member' },
  '/sign-in': { view: page(() => import('./pages/sign-in').then((m) => m.SignIn)), access: 'guest' },
  '/join': { view: page(() => import('./pages/join').then((m) => m.Join)), access: 'guest' },
  '/reset': { view: page(() => import('./pages/reset').then((m) => m.Reset)), access: 'any' },
};

function NotFound() {
  return (
    <>
      <h1>{t('noScreen')}</h1>
      <p>
        <a href="/">{t('goHome')}</a>
      </p>
    </>
  );
}

export function App() {
  const route = () => ROUTES[path()];
  // Fetch this screen's code while the session is still being looked up, not after.
  void route()?.view.preload();
  const allowed = () => {
    const r = route();
    return !r || r.access === 'any' || (r.access === 'member') === Boolean(me());
  };

  createEffect(() => {
    if (me() === undefined || allowed()) return;
    navigate(me() ? '/' : '/sign-in', { replace: true });
  });
  // A signed-in person's language is the one in their profile.
  createEffect(
    on(me, (person) => {
      if (person && person.locale !== locale()) void switchLocale(person.locale);
    }),
  );

  return (
    <>
      <Header />
      <main id="main">
        <Show when={me() !== undefined && allowed()} fallback={<p class="muted">{t('loading')}</p>}>
          <Suspense fallback={<p class="muted">{t('loading')}</p>}>
            <Show when={route()} fallback={<NotFound />} keyed>
              {(r) => <Dynamic component={r.view} />}
            </Show>
          </Suspense>
        </Show>
      </main>
    </>
  );
}
