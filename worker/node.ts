/**
 * The embedded default: one process serves the API and the built web app from one
 * origin, on a libSQL file. Run with `npm start`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { purgeExpired } from './mentorship/consultations';
import { contentStore } from './content/store';
import { outbound } from './lti/outbound';
import { deliverQueued } from './xapi/deliveries';
import { openDatabase } from '../db/embedded';
import * as z from 'zod';
import { dbFromLibsql, type Db } from '../db/client';
import { migrate } from '../db/migrate';
import { describeSeed, seedDemo } from '../db/seed-demo';
import { createApp } from './app';
import { publishReleases } from './assessments/releases';
import { importMasterKey, newMasterKeySecret } from './certificates/keyring';
import type { CourseRelease } from './content/types';
import { folderContentSource } from './content/node-source';
import { lessonPreload, nodeHttpServer, nodeSha256 } from './node-http';
import { loadRouteModules } from './route-groups';

const Config = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  /** Overrides the file in DATA_DIR, e.g. `file:/var/lib/cascade/cascade.db`. */
  DATABASE_URL: z.string().startsWith('file:', 'The Node entry uses a libSQL file: URL').optional(),
  /** The public https origin when behind a reverse proxy, e.g. https://learn.academy.example. */
  PUBLIC_ORIGIN: z.url().optional(),
  PROGRAMME_NAME: z.string().trim().min(1).max(200).optional(),
  WEB_DIST: z.string().default('web/dist'),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** The private half of the built courses (npm run build:courses). */
  RELEASES_FILE: z.string().default('dist/content-server/releases.json'),
});

/** The key that seals issuers' signing keys: made on first run, kept beside the database, never in git. */
function masterKeySecret(dataDir: string): string {
  const file = `${dataDir}/issuer-master.key`;
  if (!existsSync(file)) writeFileSync(file, `${newMasterKeySecret()}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8');
}

/** Publishes the built course versions, so assessments and certificates can name them. */
async function publishBuiltReleases(db: Db, file: string) {
  if (!existsSync(file)) {
    console.warn(`No ${file}: run \`npm run build:courses\` to enable assessments.`);
    return;
  }
  const releases = JSON.parse(readFileSync(file, 'utf8')) as CourseRelease[];
  const { published, clashes } = await publishReleases(db, releases, new Date());
  if (published.length) console.log(`Published course versions: ${published.join(', ')}`);
  for (const c of clashes) console.warn(`${c} changed since it was published: raise the course version in course.yaml.`);
}

/** Hashed build output never changes under its name; everything else is revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /^\/(assets\/|content\/.+\.[0-9a-f]{12}\.\w+$)/;

export async function startNodeServer(env: NodeJS.ProcessEnv = process.env) {
  const config = Config.parse(env);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const client = openDatabase(config.DATABASE_URL ?? `file:${config.DATA_DIR}/cascade.db`);
  await client.execute('PRAGMA journal_mode = WAL');
  const db = dbFromLibsql(client);
  await migrate(db);
  await publishBuiltReleases(db, config.RELEASES_FILE);

  const web = serveStatic({
    root: config.WEB_DIST,
    precompressed: true,
    onFound: (_path, c) => {
      c.header('Cache-Control', HASHED.test(c.req.path) ? IMMUTABLE : 'no-cache');
    },
  });
  const shell = serveStatic({ path: `${config.WEB_DIST}/index.html`, precompressed: true });
  const issuerMasterKey = await importMasterKey(masterKeySecret(config.DATA_DIR));
  const app = createApp({
    db,
    issuerMasterKey,
    clientAddress: (c) => getConnInfo(c).remote.address,
    content: folderContentSource(`${config.WEB_DIST}/content`),
    trustedOrigins: config.PUBLIC_ORIGIN ? [new URL(config.PUBLIC_ORIGIN).origin] : [],
    sha256: nodeSha256,
    // A server that starts once loads every route at start-up.
    routeModules: await loadRouteModules(),
    ...(config.PROGRAMME_NAME ? { programmeName: config.PROGRAMME_NAME } : {}),
    // Paths the app does not know are the web app's own routes: serve its shell.
    assets: async (c, next) => {
      const file = await web(c, async () => {});
      if (file) return file;
      const preload = lessonPreload(c);
      if (preload) c.header('Link', preload);
      return shell(c, next);
    },
  });

  const url = `http://localhost:${config.PORT}`;
  if (config.SEED_DEMO === 'true') {
    const seed = await seedDemo(db, new Date());
    if (seed) {
      const text = describeSeed(seed, url);
      writeFileSync(`${config.DATA_DIR}/demo-logins.txt`, `${text}\n`, { mode: 0o600 });
      console.log(`${text}\n  (saved in ${config.DATA_DIR}/demo-logins.txt)`);
    }
  }
  const listener = nodeHttpServer(app.fetch).listen(config.PORT, config.HOST);
  // Consultations past their retention are deleted hourly even if nobody visits (requests purge too).
  const purge = setInterval(() => void purgeExpired(db, new Date()).catch((err) => console.error(err)), 3_600_000);
  purge.unref();
  listener.on('close', () => clearInterval(purge));
  // Scores for academies' gradebooks (LTI) and statements for their LRSs (xAPI): sent every minute, retried until taken.
  const out = outbound((input, init) => fetch(input, init), issuerMasterKey);
  const courses = contentStore(folderContentSource(`${config.WEB_DIST}/content`));
  const deliver = setInterval(() => void deliverQueued(db, out, new Date(), courses).catch((err) => console.error(err)), 60_000);
  deliver.unref();
  listener.on('close', () => clearInterval(deliver));
  console.log(`Cascade is running at ${url}`);
  return { listener, client };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startNodeServer().catch((err: unknown) => {
    console.error(err instanceof z.ZodError ? `Configuration error: ${z.prettifyError(err)}` : err);
    process.exit(1);
  });
}
