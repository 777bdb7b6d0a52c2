import { actingAs, createRouter, originOf } from '../../context';
import { AppError } from '../../errors';
import { authorize } from '../../policy';
import * as routes from './endorsements.routes';
import * as service from './endorsements.service';


/** The programme stands behind a course version: academies issue, the programme endorses. */
export function endorsementsRouter(master: CryptoKey | undefined, programmeName: string) {
  return createRouter()
    .openapi(routes.list, async (c) => c.json({ endorsements: (await service.listEndorsements(c.get('db'))).map(service.endorsementView) }, 200))
    .openapi(routes.endorse, async (c) => {
      const actor = authorize(c, 'course.endorse');
      if (!master) throw new AppError(503, 'signing_unavailable', 'This server has no issuer master key configured, so it cannot sign endorsements.');
      const { endorsement, created } = await service.endorse(c.get('db'), master, actingAs(c, actor.userId), originOf(c), programmeName, c.req.valid('json'));
      return c.json(service.endorsementView(endorsement), created ? 201 : 200);
    })
    .openapi(routes.withdraw, async (c) => {
      const actor = authorize(c, 'course.endorse');
      const row = await service.withdraw(c.get('db'), actingAs(c, actor.userId), c.req.valid('param').endorsementId, c.req.valid('json').reason);
      return c.json(service.endorsementView(row), 200);
    });
}
