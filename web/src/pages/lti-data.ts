import type { hc, InferResponseType } from 'hono/client';
// Type-only: the server's code never reaches the browser bundle.
import type { IntegrationsType } from '../../../worker/app';
import { api, send } from '../api';

/**
 * The LTI and xAPI admin routes' typed client, based at /api: the shell's own client seen through
 * the server's third route type (as web/src/mentoring/client.ts does for mentoring).
 */
export const iapi = api as unknown as ReturnType<typeof hc<IntegrationsType>>;

export type Platform = InferResponseType<typeof iapi.lti.platforms.$get, 200>['platforms'][number];
export type PlatformContext = InferResponseType<(typeof iapi.lti.platforms)[':platformId']['contexts']['$get'], 200>['contexts'][number];
export type Lrs = InferResponseType<(typeof iapi.xapi.lrs)[':institutionId']['$get'], 200>;

export const loadTool = () => send(iapi.lti.tool.$get());
export const loadPlatforms = async (institutionId: string) => (await send(iapi.lti.platforms.$get({ query: { institutionId } }))).platforms;
export const loadContexts = async (platformId: string) =>
  (await send(iapi.lti.platforms[':platformId'].contexts.$get({ param: { platformId } }))).contexts;
export const loadLrs = (institutionId: string) => send(iapi.xapi.lrs[':institutionId'].$get({ param: { institutionId } }));

/** "1, 2 ,3" → ["1", "2", "3"]: deployment ids as an admin types them. */
export const splitList = (text: string | undefined) =>
  (text ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
