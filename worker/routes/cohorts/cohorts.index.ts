import type { Context } from 'hono';
import { actingAs, createRouter, type AppEnv } from '../../context';
import { authorize, type Action } from '../../policy';
import * as routes from './cohorts.routes';
import { getCohort, issueResetCode, roster } from './cohorts.service';

/** The cohort exists (404) and the policy allows the action on it (403). */
async function onCohort(c: Context<AppEnv>, cohortId: string, action: Action) {
  const { cohort, trainerIds } = await getCohort(c.get('db'), cohortId);
  const actor = authorize(c, action, { institutionId: cohort.institutionId, cohortTrainerIds: trainerIds });
  return { actor, cohort };
}

export const cohortsRouter = createRouter({ signedIn: true })
  .openapi(routes.roster, async (c) => {
    const { cohortId } = c.req.valid('param');
    await onCohort(c, cohortId, 'cohort.roster');
    const rows = await roster(c.get('db'), cohortId);
    return c.json({ members: rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() })) }, 200);
  })
  .openapi(routes.resetCode, async (c) => {
    const { cohortId, userId } = c.req.valid('param');
    const { actor, cohort } = await onCohort(c, cohortId, 'cohort.reset_code');
    return c.json(await issueResetCode(c.get('db'), actor, actingAs(c, actor.userId), cohort, userId), 201);
  });
