import type { ContentStore } from '../../content/store';
import { createRouter } from '../../context';
import { requireActor } from '../../policy';
import * as routes from './progress.routes';
import { ProgressEvent } from './progress.schemas';
import { courseProgress, syncEvents } from './progress.service';

/** A learner's own progress: every query is filtered to the signed-in person. */
export function progressRouter(content: ContentStore) {
  const router = createRouter({ signedIn: true });
  // The batch takes any items so one bad event never blocks the rest; its documented items
  // refer to ProgressEvent, which no route names itself, so the document needs it registered.
  router.openAPIRegistry.register('ProgressEvent', ProgressEvent);
  return router
    .openapi(routes.sync, async (c) => {
      const actor = requireActor(c);
      const result = await syncEvents(c.get('db'), content, actor.userId, c.req.valid('json').events, c.get('now'));
      return c.json(result, 200);
    })
    .openapi(routes.get, async (c) => {
      const actor = requireActor(c);
      return c.json(await courseProgress(c.get('db'), actor.userId, c.req.valid('query').courseId), 200);
    });
}
