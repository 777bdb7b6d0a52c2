import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { cohortMembers } from '../../../db/schema';
import { cohortBoard } from '../../cohorts/board';
import { actingAs, createRouter, type AppEnv } from '../../context';
import { authorize, requireActor, type Action } from '../../policy';
import * as routes from './cohorts.routes';
import { getCohort, issueResetCode, roster } from './cohorts.service';
import { addTrainer, listAnnouncements, postAnnouncement, removeTrainer, rotateJoinCode, updateCohort } from './manage';
import { commitRoster, previewRoster } from './roster-import';

/** The cohort exists (404) and the policy allows the action on it (403). */
async function onCohort(c: Context<AppEnv>, cohortId: string, action: Action) {
  const { cohort, trainerIds } = await getCohort(c.get('db'), cohortId);
  const actor = authorize(c, action, { institutionId: cohort.institutionId, cohortTrainerIds: trainerIds });
  return { actor, cohort };
}

/** Members read their cohort's announcements; trainers and admins as for running it. */
async function mayReadAnnouncements(c: Context<AppEnv>, cohortId: string) {
  const actor = requireActor(c);
  const [member] = await c.get('db').select({ role: cohortMembers.role }).from(cohortMembers).where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, actor.userId)));
  if (!member) await onCohort(c, cohortId, 'cohort.teach');
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

export const cohortRunRouter = createRouter({ signedIn: true })
  .openapi(routes.update, async (c) => {
    const { actor, cohort } = await onCohort(c, c.req.valid('param').cohortId, 'cohort.manage');
    return c.json(await updateCohort(c.get('db'), actingAs(c, actor.userId), cohort, c.req.valid('json')), 200);
  })
  .openapi(routes.rotateJoinCode, async (c) => {
    const { actor, cohort } = await onCohort(c, c.req.valid('param').cohortId, 'cohort.teach');
    return c.json(await rotateJoinCode(c.get('db'), actingAs(c, actor.userId), cohort, c.req.valid('json').validDays), 200);
  })
  .openapi(routes.addTrainer, async (c) => {
    const { cohortId, userId } = c.req.valid('param');
    const { actor, cohort } = await onCohort(c, cohortId, 'cohort.manage');
    return c.json(await addTrainer(c.get('db'), actingAs(c, actor.userId), cohort, userId), 200);
  })
  .openapi(routes.removeTrainer, async (c) => {
    const { cohortId, userId } = c.req.valid('param');
    const { actor, cohort } = await onCohort(c, cohortId, 'cohort.manage');
    return c.json(await removeTrainer(c.get('db'), actingAs(c, actor.userId), cohort, userId), 200);
  })
  .openapi(routes.board, async (c) => {
    const { cohort } = await onCohort(c, c.req.valid('param').cohortId, 'cohort.teach');
    return c.json(await cohortBoard(c.get('db'), cohort.id, c.get('now')), 200);
  })
  .openapi(routes.announcementsList, async (c) => {
    const { cohortId } = c.req.valid('param');
    await mayReadAnnouncements(c, cohortId);
    return c.json({ announcements: await listAnnouncements(c.get('db'), cohortId) }, 200);
  })
  .openapi(routes.importRoster, async (c) => {
    const { actor, cohort } = await onCohort(c, c.req.valid('param').cohortId, 'cohort.import');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const db = c.get('db');
    const result = c.req.valid('query').commit ? await commitRoster(db, actingAs(c, actor.userId), cohort, bytes) : await previewRoster(db, cohort, bytes);
    return c.json(result, 200);
  })
  .openapi(routes.announce, async (c) => {
    const { actor, cohort } = await onCohort(c, c.req.valid('param').cohortId, 'cohort.teach');
    return c.json(await postAnnouncement(c.get('db'), actingAs(c, actor.userId), cohort, c.req.valid('json').body), 201);
  });
