import type { ContentStore } from '../../content/store';
import { createRouter, originOf } from '../../context';
import type { Outbound } from '../../lti/outbound';
import { deliverStatements } from '../../xapi/deliveries';
import { connectionView, getConnection, makeDue, queueOf, removeConnection, saveConnection } from '../../xapi/lrs';
import { managingIntegrations } from '../integration-access';
import * as routes from './xapi.routes';

const managing = managingIntegrations;

/** Institution admins connect their learning record store and watch its queue. */
export function xapiRouter(out: Outbound, content: ContentStore) {
  return createRouter({ signedIn: true })
    .openapi(routes.get, async (c) => {
      const { institutionId } = c.req.valid('param');
      await managing(c, institutionId);
      const db = c.get('db');
      return c.json({ connection: connectionView(await getConnection(db, institutionId)), queue: await queueOf(db, institutionId) }, 200);
    })
    .openapi(routes.put, async (c) => {
      const { institutionId } = c.req.valid('param');
      const by = await managing(c, institutionId);
      const db = c.get('db');
      const row = await saveConnection(db, out.master, by, institutionId, originOf(c), c.req.valid('json'));
      return c.json({ connection: connectionView(row), queue: await queueOf(db, institutionId) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      const { institutionId } = c.req.valid('param');
      const by = await managing(c, institutionId);
      await removeConnection(c.get('db'), by, institutionId);
      return c.body(null, 204);
    })
    .openapi(routes.send, async (c) => {
      const { institutionId } = c.req.valid('param');
      await managing(c, institutionId);
      const db = c.get('db');
      const now = c.get('now');
      await makeDue(db, institutionId, now);
      const result = await deliverStatements(db, out, now, { content, institutionId });
      return c.json({ ...result, queue: await queueOf(db, institutionId) }, 200);
    });
}
