import { page, type Route } from '../route-kit';

/**
 * The mentoring and community screens: mentors, mentorships, consultations, spaces, notifications.
 * All live under /mentoring/ and go to one lazy module (./screens.tsx) that picks the screen by
 * its own table, so the learner's shell carries four patterns and one dynamic import, not a
 * dozen of each (about 0.5 KB gzip).
 */
const view = page(() => import('./screens').then((m) => m.MentoringScreens));

export const MENTORING_ROUTES: Route[] = ['', '/:a', '/:a/:b', '/:a/:b/:c'].map((rest) => ({ pattern: `/mentoring${rest}`, view, access: 'member' }));
