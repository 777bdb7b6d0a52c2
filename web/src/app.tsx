import { createEffect, createMemo, on, Show, Suspense } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { loadCourse, loadLessonView } from './content';
import { initialLocale, locale, switchLocale, t } from './i18n';
import { MENTORING_ROUTES } from './mentoring/routes';
import { page, type Route } from './route-kit';
import { matchPath, navigate, path } from './router';
import { me } from './session';
import { Header } from './ui/header';

/** Each screen is its own chunk, so the first visit fetches only the one it shows. */
const ROUTES: Route[] = [
  { pattern: '/', view: page(() => import('./pages/home').then((m) => m.Home)), access: 'member' },
  {
    pattern: '/courses/:courseId',
    view: page(() => import('./pages/course').then((m) => m.Course)),
    access: 'member',
    prefetch: (p) => loadCourse(p.courseId ?? '', initialLocale()),
  },
  {
    pattern: '/courses/:courseId/lessons/:lessonId',
    view: page(() => import('./pages/lesson').then((m) => m.Lesson)),
    access: 'member',
    // On a cold start the lesson is the slowest thing to arrive: ask for it alongside the session.
    prefetch: (p) => loadLessonView(p.courseId ?? '', p.lessonId ?? '', initialLocale()),
  },
  {
    pattern: '/courses/:courseId/assessment',
    view: page(() => import('./pages/assessment').then((m) => m.Assessment)),
    access: 'member',
  },
  {
    pattern: '/courses/:courseId/refresher',
    view: page(() => import('./pages/assessment').then((m) => m.Refresher)),
    access: 'member',
  },
  { pattern: '/certificates', view: page(() => import('./pages/certificates').then((m) => m.Certificates)), access: 'member' },
  { pattern: '/profile', view: page(() => import('./pages/profile').then((m) => m.Profile)), access: 'member' },
  { pattern: '/teach', view: page(() => import('./pages/teach').then((m) => m.Teach)), access: 'member' },
  { pattern: '/teach/:cohortId', view: page(() => import('./pages/cohort-board').then((m) => m.CohortBoard)), access: 'member' },
  { pattern: '/teach/:cohortId/settings', view: page(() => import('./pages/cohort-settings').then((m) => m.CohortSettings)), access: 'member' },
  { pattern: '/teach/:cohortId/import', view: page(() => import('./pages/roster-import').then((m) => m.RosterImport)), access: 'member' },
  { pattern: '/qualifications/:courseId', view: page(() => import('./pages/qualifications').then((m) => m.Qualifications)), access: 'member' },
  { pattern: '/institutions/:institutionId/adoptions', view: page(() => import('./pages/adoptions').then((m) => m.Adoptions)), access: 'member' },
  { pattern: '/institutions/:institutionId/connections', view: page(() => import('./pages/lti-connections').then((m) => m.LtiConnections)), access: 'member' },
  // An LTI launch lands here inside the academy's platform, then moves on to the lesson.
  { pattern: '/lti/open/:platformId', view: page(() => import('./pages/lti-open').then((m) => m.LtiOpen)), access: 'any' },
  { pattern: '/reports', view: page(() => import('./pages/reports').then((m) => m.Reports)), access: 'member' },
  { pattern: '/cascade/:courseId', view: page(() => import('./pages/lineage').then((m) => m.CourseLineage)), access: 'member' },
  { pattern: '/trainers/:userId', view: page(() => import('./pages/trainer').then((m) => m.Trainer)), access: 'member' },
  { pattern: '/sign-in', view: page(() => import('./pages/sign-in').then((m) => m.SignIn)), access: 'guest' },
  { pattern: '/join', view: page(() => import('./pages/join').then((m) => m.Join)), access: 'guest' },
  { pattern: '/reset', view: page(() => import('./pages/reset').then((m) => m.Reset)), access: 'any' },
  ...MENTORING_ROUTES,
];

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
  // A new object on every path change, so a screen is mounted afresh for new parameters.
  const route = createMemo(() => {
    for (const r of ROUTES) {
      const params = matchPath(r.pattern, path());
      if (params) return { ...r, params };
    }
    return undefined;
  });
  // Fetch this screen's code (and public content) while the session is still being looked up, not after.
  void route()?.view.preload();
  void Promise.resolve(route()?.prefetch?.(route()?.params ?? {})).catch(() => undefined);
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
              {(r) => <Dynamic component={r.view} params={r.params} />}
            </Show>
          </Suspense>
        </Show>
      </main>
    </>
  );
}
