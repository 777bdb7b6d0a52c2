import { actingAs, createRouter } from '../../context';
import { AppError } from '../../errors';
import * as service from '../../mentorship/consultations';
import { mail } from '../../mentorship/notify';
import { screenText } from '../../mentorship/pii';
import { requireActor } from '../../policy';
import * as routes from './consultations.routes';

/** Case consultations (/api/consultations): visible to their author and chosen mentors only. */
export const consultationsRouter = createRouter({ signedIn: true })
  .openapi(routes.screen, async (c) => {
    requireActor(c);
    return c.json({ findings: screenText(c.req.valid('json').text) }, 200);
  })
  .openapi(routes.create, async (c) => {
    const actor = requireActor(c);
    const { id, notices } = await service.createConsultation(c.get('db'), actingAs(c, actor.userId), c.req.valid('json'));
    await mail(c.get('db'), c.get('mailer'), notices);
    return c.json({ id }, 201);
  })
  .openapi(routes.list, async (c) => c.json({ consultations: await service.myConsultations(c.get('db'), requireActor(c).userId, c.get('now')) }, 200))
  .openapi(routes.get, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const found = await service.visibleConsultation(db, actor.userId, c.req.valid('param').consultationId, c.get('now'));
    return c.json(await service.openConsultation(db, actingAs(c, actor.userId), found), 200);
  })
  .openapi(routes.reply, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const found = await service.visibleConsultation(db, actor.userId, c.req.valid('param').consultationId, c.get('now'));
    const { body, confirmed } = c.req.valid('json');
    const notices = await service.reply(db, actingAs(c, actor.userId), found, body, confirmed);
    await mail(db, c.get('mailer'), notices);
    return c.json(await service.openConsultation(db, actingAs(c, actor.userId), found), 201);
  })
  .openapi(routes.views, async (c) => {
    const actor = requireActor(c);
    const found = await service.visibleConsultation(c.get('db'), actor.userId, c.req.valid('param').consultationId, c.get('now'));
    if (found.authorId !== actor.userId) throw new AppError(403, 'forbidden', 'Only its author sees who opened a consultation.');
    return c.json({ views: await service.viewLog(c.get('db'), found) }, 200);
  })
  .openapi(routes.remove, async (c) => {
    const actor = requireActor(c);
    const found = await service.visibleConsultation(c.get('db'), actor.userId, c.req.valid('param').consultationId, c.get('now'));
    await service.deleteConsultation(c.get('db'), actingAs(c, actor.userId), found);
    return c.body(null, 204);
  });
