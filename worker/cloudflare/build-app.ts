import sealed from 'cascade:releases';
import type { Db } from '../../db/client';
import { migrate } from '../../db/migrate';
import { describeSeed, seedDemo } from '../../db/seed-demo';
import { createApp } from '../app';
import { publishReleases } from '../assessments/releases';
import { importMasterKey } from '../certificates/keyring';
import { openReleases } from '../content/sealed';
import { assetsContentSource } from './assets-content';
import type { WorkerEnv } from './env';

/**
 * The app behind every route but /api/health, built on an isolate's first request that needs it
 * (entry.ts imports this module then): the database migrated, the releases published, the app made.
 */
export async function buildApp(env: WorkerEnv, db: Db) {
  await migrate(db);
  // The releases (answer keys included) arrive sealed among the static assets: see scripts/seal-releases.ts.
  if (env.ASSETS) await publishReleases(db, await openReleases(sealed, env.ASSETS), new Date());
  if (env.DEMO_SEED === 'true') {
    const seed = await seedDemo(db, new Date());
    if (seed) console.log(describeSeed(seed, 'this worker'));
  }
  const assets = env.ASSETS;
  return createApp({
    db,
    issuerMasterKey: env.ISSUER_MASTER_KEY ? await importMasterKey(env.ISSUER_MASTER_KEY) : undefined,
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    trustedOrigins: env.TRUSTED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [],
    ...(env.PROGRAMME_NAME ? { programmeName: env.PROGRAMME_NAME } : {}),
    assets: assets ? (c) => assets.fetch(c.req.raw) : undefined,
    content: assets ? assetsContentSource(assets) : undefined,
  });
}
