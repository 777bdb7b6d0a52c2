/**
 * The Node entry's server as `worker/node.ts` builds it (createApp on an embedded libSQL
 * file, served by `nodeHttpServer` from worker/node-http.ts), plus what only the bench needs: a bare Hono JSON route on the
 * same server, the ceiling every API figure is compared with (and one that runs `SELECT 1`, the floor
 * of any route that reads the database), and the stored progress event ids
 * for the outbox check. Started by bench/api.ts in a process of its own; prints one line,
 * `READY {json}`, when it listens.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConnInfo } from '@hono/node-server/conninfo';
import { openDatabase } from '../db/embedded';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { dbFromLibsql } from '../db/client';
import { migrate } from '../db/migrate';
import { seedDemo } from '../db/seed-demo';
import { certificates, cohorts, progressEvents, users } from '../db/schema';
import { createApp } from '../worker/app';
import { publishReleases } from '../worker/assessments/releases';
import { importMasterKey, newMasterKeySecret } from '../worker/certificates/keyring';
import { folderContentSource } from '../worker/content/node-source';
import { nodeHttpServer, nodeSha256 } from '../worker/node-http';
import { loadRouteModules } from '../worker/route-groups';
import { issueToCohort } from '../worker/routes/certificates/certificates.service';
import { addEligibleLearners, BENCH_COURSE, builtReleases } from './certificates';

const root = fileURLToPath(new URL('../', import.meta.url));
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: tsx bench/api-server.ts <data dir>');
mkdirSync(dataDir, { recursive: true });

const client = openDatabase(`file:${dataDir}/cascade.db`);
await client.execute('PRAGMA journal_mode = WAL');
const db = dbFromLibsql(client);
await migrate(db);
const now = new Date();
const releases = builtReleases();
await publishReleases(db, releases, now);
const seed = await seedDemo(db, now);
if (!seed) throw new Error('expected an empty database');
const master = await importMasterKey(newMasterKeySecret());

// One issued certificate, for the verification run.
const release = releases.find((r) => r.courseId === BENCH_COURSE)!;
const [cohort] = await db.select().from(cohorts);
const [trainer] = await db.select().from(users).where(eq(users.username, 'trainer'));
await addEligibleLearners(db, { count: 1, cohort: cohort!, release, scorerId: trainer!.id, now });
const { issued } = await issueToCohort(db, master, { actorId: trainer!.id, now, requestId: 'bench' }, 'http://127.0.0.1', cohort!, BENCH_COURSE);
const [cert] = await db.select({ jwt: certificates.jwt }).from(certificates).where(eq(certificates.id, issued[0]!));

const app = createApp({
  db,
  issuerMasterKey: master,
  clientAddress: (c) => getConnInfo(c).remote.address,
  content: folderContentSource(join(root, 'web/dist/content')),
  sha256: nodeSha256,
  routeModules: await loadRouteModules(),
});
const server = new Hono()
  .get('/bare', (c) => c.json({ ok: true, time: new Date().toISOString() }))
  .get('/bench/select-1', async (c) => c.json({ one: (await client.execute('SELECT 1 AS one')).rows[0]?.one }))
  .get('/bench/progress-events', async (c) => c.json({ ids: (await db.select({ id: progressEvents.id }).from(progressEvents)).map((r) => r.id) }))
  .route('/', app);

const listener = nodeHttpServer(server.fetch).listen(0, '127.0.0.1', () => {
  const { port } = listener.address() as AddressInfo;
  const learner = seed.logins.find((l) => l.username === 'learner')!;
  console.log(`READY ${JSON.stringify({ port, learnerPassword: learner.password, credential: cert!.jwt, release: { courseId: release.courseId, version: release.version, lessons: release.lessons } })}`);
});
// Exit cleanly when the bench is done, so `node --cpu-prof` can write its profile.
process.once('SIGTERM', () => process.exit(0));
