import type { ContentStore } from '../content/store';
import { createRouter } from '../context';
import type { Outbound } from '../lti/outbound';
import { ltiRouter } from './lti/lti.index';
import { xapiRouter } from './xapi/xapi.index';

/** Academies' own systems: LTI platforms and learning record stores, under /api. */
export function integrationsApi(out: Outbound, content: ContentStore) {
  return createRouter().route('/lti', ltiRouter(out)).route('/xapi', xapiRouter(out, content));
}
