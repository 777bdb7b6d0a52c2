import { attemptSummary, attemptView, loadAttempt, publishedRelease, saveAnswer, startAttempt, submitAttempt } from '../../assessments/attempts';
import { actingAs, createRouter, originOf } from '../../context';
import { issueIfAutomatic } from '../certificates/certificates.service';
import { requireActor } from '../../policy';
import * as routes from './attempts.routes';

/**
 * A learner's own summative and refresher attempts: every query is filtered to the signed-in
 * person. A passed attempt issues the certificate where the course issues by itself, and a
 * passed refresher renews it.
 */
export const attemptsRouter = (master: CryptoKey | undefined) => createRouter({ signedIn: true })
  .openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    return c.json(await attemptSummary(c.get('db'), actor.userId, c.req.valid('query').courseId, c.get('now')), 200);
  })
  .openapi(routes.start, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const { courseId, purpose } = c.req.valid('json');
    const attempt = await startAttempt(db, actor.userId, courseId, c.get('now'), purpose);
    const release = await publishedRelease(db, attempt.courseId, attempt.courseVersion);
    return c.json(await attemptView(db, attempt, release), 200);
  })
  .openapi(routes.get, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const { attempt, release } = await loadAttempt(db, actor.userId, c.req.valid('param').attemptId, c.get('now'));
    return c.json(await attemptView(db, attempt, release), 200);
  })
  .openapi(routes.answer, async (c) => {
    const actor = requireActor(c);
    const { attemptId, questionId } = c.req.valid('param');
    await saveAnswer(c.get('db'), actor.userId, attemptId, questionId, c.req.valid('json').answer, c.get('now'));
    return c.body(null, 204);
  })
  .openapi(routes.submit, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const { attempt, release } = await submitAttempt(db, actor.userId, c.req.valid('param').attemptId, c.req.valid('json').submitId, c.get('now'));
    const view = await attemptView(db, attempt, release);
    if (attempt.passed) {
      const issued = await issueIfAutomatic(db, master, actingAs(c, actor.userId), originOf(c), actor.userId, attempt.courseId);
      if (issued && view.result) view.result.certificateId = issued.certificate.id;
    }
    return c.json(view, 200);
  });
