import { createRouter } from '../../context';
import { consultationsRouter } from './consultations.index';
import { spacesRouter } from './community.index';
import { mentorshipsRouter, mentorsRouter, notificationsRouter } from './mentorship.index';

/** Mentor profiles and matching, mentorships, notifications, consultations and spaces, under /api. */
export function mentoringApi(master?: CryptoKey) {
  return createRouter()
    .route('/mentors', mentorsRouter(master))
    .route('/mentorships', mentorshipsRouter)
    .route('/notifications', notificationsRouter)
    .route('/consultations', consultationsRouter)
    .route('/spaces', spacesRouter);
}
