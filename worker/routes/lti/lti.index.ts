import type { Context } from 'hono';
import { createRouter, originOf, type AppEnv } from '../../context';
import { deliverScores } from '../../lti/ags';
import { checkPlatform } from '../../lti/check';
import { contextPlatform, listContexts, makeScoresDue } from '../../lti/contexts';
import { syncRoster } from '../../lti/nrps';
import type { Outbound } from '../../lti/outbound';
import { getPlatform, listPlatforms, platformView, registerPlatform, removePlatform, toolConfig, updatePlatform } from '../../lti/platforms';
import { managingIntegrations } from '../integration-access';
import * as routes from './lti.routes';

const managing = managingIntegrations;

async function managedPlatform(c: Context<AppEnv>, platformId: string) {
  const platform = await getPlatform(c.get('db'), platformId);
  return { platform, by: await managing(c, platform.institutionId) };
}

/** Institution admins' side of LTI: registrations, checks, courses, rosters and gradebook deliveries. */
export function ltiRouter(out: Outbound) {
  const open = createRouter().openapi(routes.tool, (c) => c.json(toolConfig(originOf(c)), 200));
  const managed = createRouter({ signedIn: true })
    .openapi(routes.list, async (c) => {
      const { institutionId } = c.req.valid('query');
      await managing(c, institutionId);
      return c.json({ platforms: (await listPlatforms(c.get('db'), institutionId)).map(platformView) }, 200);
    })
    .openapi(routes.create, async (c) => {
      const input = c.req.valid('json');
      const by = await managing(c, input.institutionId);
      return c.json(platformView(await registerPlatform(c.get('db'), by, input)), 201);
    })
    .openapi(routes.update, async (c) => {
      const { platform, by } = await managedPlatform(c, c.req.valid('param').platformId);
      return c.json(platformView(await updatePlatform(c.get('db'), by, platform, c.req.valid('json'))), 200);
    })
    .openapi(routes.remove, async (c) => {
      const { platform, by } = await managedPlatform(c, c.req.valid('param').platformId);
      await removePlatform(c.get('db'), by, platform);
      return c.body(null, 204);
    })
    .openapi(routes.check, async (c) => {
      const { platform } = await managedPlatform(c, c.req.valid('param').platformId);
      return c.json(await checkPlatform(c.get('db'), out, platform, c.get('now')), 200);
    })
    .openapi(routes.contexts, async (c) => {
      const { platform } = await managedPlatform(c, c.req.valid('param').platformId);
      return c.json({ contexts: await listContexts(c.get('db'), platform.id) }, 200);
    })
    .openapi(routes.sendScores, async (c) => {
      const { platform } = await managedPlatform(c, c.req.valid('param').platformId);
      const db = c.get('db');
      await makeScoresDue(db, platform.id, c.get('now'));
      return c.json(await deliverScores(db, out, c.get('now')), 200);
    })
    .openapi(routes.roster, async (c) => {
      const db = c.get('db');
      const { contextId } = c.req.valid('param');
      await managedPlatform(c, await contextPlatform(db, contextId));
      return c.json(await syncRoster(db, out, contextId, c.get('now')), 200);
    });
  return open.route('/', managed);
}
