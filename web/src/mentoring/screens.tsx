import { createMemo, Show } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { ApiError } from '../api';
import { t } from '../i18n';
import { page } from '../route-kit';
import { LoadError } from '../ui/load-error';
import { matchPath, path } from '../router';

/**
 * The mentoring screens' own table. The app's route table (in the learner's shell) sends every
 * path under /mentoring/ to this one lazy module; each screen is still its own chunk, fetched
 * when it is shown.
 */
/** A screen whose code cannot arrive (offline, never opened on this phone) says so, rather than a blank page. */
const Unavailable = () => <LoadError error={new ApiError(navigator.onLine ? 'load_failed' : 'offline', '')} retry={() => location.reload()} />;
const screen = (load: () => Promise<Parameters<typeof page>[0] extends () => Promise<infer V> ? V : never>) => page(() => load().catch(() => Unavailable));

const SCREENS: ReadonlyArray<{ pattern: string; view: ReturnType<typeof page> }> = [
  { pattern: '/mentoring', view: screen(() => import('./hub').then((m) => m.MentoringHub)) },
  { pattern: '/mentoring/profile', view: screen(() => import('./profile').then((m) => m.MentorProfileScreen)) },
  { pattern: '/mentoring/review', view: screen(() => import('./profile').then((m) => m.ReviewProfiles)) },
  { pattern: '/mentoring/find', view: screen(() => import('./find').then((m) => m.FindMentor)) },
  { pattern: '/mentoring/notifications', view: screen(() => import('./notifications').then((m) => m.Notifications)) },
  { pattern: '/mentoring/mentorships/:mentorshipId', view: screen(() => import('./mentorship').then((m) => m.MentorshipScreen)) },
  { pattern: '/mentoring/consultations', view: screen(() => import('./consultations').then((m) => m.Consultations)) },
  { pattern: '/mentoring/consultations/new', view: screen(() => import('./consultations').then((m) => m.NewConsultation)) },
  { pattern: '/mentoring/consultations/:consultationId', view: screen(() => import('./consultation').then((m) => m.ConsultationScreen)) },
  { pattern: '/mentoring/community', view: screen(() => import('./spaces').then((m) => m.Spaces)) },
  { pattern: '/mentoring/community/:spaceId', view: screen(() => import('./space').then((m) => m.SpaceScreen)) },
  { pattern: '/mentoring/community/:spaceId/:postId', view: screen(() => import('./thread').then((m) => m.ThreadScreen)) },
];

/** Shows the mentoring screen for the current path. */
export function MentoringScreens() {
  const found = createMemo(() => {
    for (const s of SCREENS) {
      const params = matchPath(s.pattern, path());
      if (params) return { view: s.view, params };
    }
    return undefined;
  });
  return (
    <Show when={found()} keyed fallback={<h1>{t('noScreen')}</h1>}>
      {(f) => <Dynamic component={f.view} params={f.params} />}
    </Show>
  );
}
