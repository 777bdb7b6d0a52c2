import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { attempts, memberships } from '../../../db/schema';
import { actingAs, createRouter, type AppEnv, originOf } from '../../context';
import { AppError, notFound } from '../../errors';
import { authorize, can, requireActor } from '../../policy';
import * as routes from './assessments.routes';
import * as service from './assessments.service';
import { issueIfAutomatic } from '../certificates/certificates.service';


/**
 * The learner themself may read; assessing needs a trainer role in an institution the
 * learner belongs to. Returns that institution.
 */
async function asAssessorOf(c: Context<AppEnv>, learnerId: string, opts: { selfMayRead?: boolean } = {}) {
  const actor = requireActor(c);
  if (opts.selfMayRead && actor.userId === learnerId) return { actor, institutionId: null };
  const shared = (await service.institutionsOf(c.get('db'), learnerId)).find((id) => can(actor, 'learner.assess', { institutionId: id }));
  if (!shared) throw new AppError(403, 'forbidden', "Only the learner's own trainers can do this.");
  return { actor, institutionId: shared };
}

export const assessmentsRouter = (master: CryptoKey | undefined) => createRouter({ signedIn: true })
  .openapi(routes.scorePractical, async (c) => {
    const body = c.req.valid('json');
    const actor = authorize(c, 'learner.assess', { institutionId: body.institutionId });
    const row = await service.recordPractical(c.get('db'), actingAs(c, actor.userId), body);
    const view = service.practicalView(row);
    if (view.final.passed) await issueIfAutomatic(c.get('db'), master, actingAs(c, actor.userId), originOf(c), row.learnerId, row.courseId);
    return c.json(view, 201);
  })
  .openapi(routes.getPractical, async (c) => {
    const practical = await service.getPractical(c.get('db'), c.req.valid('param').practicalId);
    const actor = requireActor(c);
    if (actor.userId !== practical.learnerId) authorize(c, 'learner.assess', { institutionId: practical.institutionId });
    return c.json(service.practicalView(practical), 200);
  })
  .openapi(routes.moderate, async (c) => {
    const { practicalId } = c.req.valid('param');
    const practical = await service.getPractical(c.get('db'), practicalId);
    const actor = authorize(c, 'learner.assess', { institutionId: practical.institutionId });
    const body = c.req.valid('json');
    const row = await service.moderatePractical(c.get('db'), actingAs(c, actor.userId), practicalId, body.levels, body.comment);
    return c.json(service.practicalView(row), 200);
  })
  .openapi(routes.scoreShortAnswer, async (c) => {
    const { attemptId } = c.req.valid('param');
    const [attempt] = await c.get('db').select({ userId: attempts.userId }).from(attempts).where(eq(attempts.id, attemptId));
    if (!attempt) throw notFound('The attempt');
    const { actor } = await asAssessorOf(c, attempt.userId);
    const body = c.req.valid('json');
    const updated = await service.scoreShortAnswer(c.get('db'), actingAs(c, actor.userId), attemptId, body.questionId, body.points, body.comment);
    if (updated.passed) await issueIfAutomatic(c.get('db'), master, actingAs(c, actor.userId), originOf(c), updated.userId, updated.courseId);
    return c.json({ id: updated.id, status: updated.status, points: updated.points, maxPoints: updated.maxPoints, passed: updated.passed }, 200);
  })
  .openapi(routes.itemStats, async (c) => {
    const { courseId } = c.req.valid('param');
    const { institutionId } = c.req.valid('query');
    const actor = requireActor(c);
    if (!institutionId && !actor.programmeAdmin) {
      throw new AppError(400, 'validation_failed', 'Name the institution whose learners to include.', {
        fields: { 'query.institutionId': 'Required unless you are a programme admin.' },
      });
    }
    if (institutionId) authorize(c, 'learner.assess', { institutionId });
    const learners = institutionId
      ? (await c.get('db').selectDistinct({ id: memberships.userId }).from(memberships).where(eq(memberships.institutionId, institutionId))).map((m) => m.id)
      : null;
    return c.json(await service.courseItemStats(c.get('db'), courseId, learners), 200);
  })
  .openapi(routes.eligibility, async (c) => {
    const { courseId } = c.req.valid('param');
    const actor = requireActor(c);
    const learnerId = c.req.valid('query').learnerId ?? actor.userId;
    await asAssessorOf(c, learnerId, { selfMayRead: true });
    return c.json(await service.eligibility(c.get('db'), learnerId, courseId), 200);
  });
