import type { Db } from '../../db/client';
import { importMasterKey } from '../certificates/keyring';
import { contentStore } from '../content/store';
import { outbound } from '../lti/outbound';
import { purgeExpired } from '../mentorship/consultations';
import { deliverQueued } from '../xapi/deliveries';
import { assetsContentSource } from './assets-content';
import type { WorkerEnv } from './env';

/** The hourly trigger in wrangler.toml; the other runs every minute. */
const HOURLY = '17 * * * *';

/** A cron trigger's work (entry.ts loads this module for it: requests never need it). */
export async function runScheduled(controller: ScheduledController, env: WorkerEnv, db: Db, ctx: ExecutionContext) {
  if (controller.cron === HOURLY) ctx.waitUntil(purgeExpired(db, new Date()));
  const master = env.ISSUER_MASTER_KEY ? await importMasterKey(env.ISSUER_MASTER_KEY) : undefined;
  const content = env.ASSETS ? contentStore(assetsContentSource(env.ASSETS)) : undefined;
  ctx.waitUntil(deliverQueued(db, outbound((input, init) => fetch(input, init), master), new Date(), content).catch((err) => console.error(err)));
}
