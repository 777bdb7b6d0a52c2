import type { Route } from '../route-kit';

/** The mentoring and community screens: mentors, mentorships, consultations, spaces, notifications. */
export const MENTORING_ROUTES: Route[] = [];
