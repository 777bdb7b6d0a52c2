/**
 * What both Workers entries share (worker/index.ts for D1, worker/turso.ts for Turso). An isolate
 * starts by evaluating this module alone, so it holds only what /api/health needs: plain Hono, the
 * env check and the migrations' names. zod, @hono/zod-openapi and drizzle's tables take longer
 * to evaluate than the start-up budget (DESIGN.md: ≤ 50 ms), so the app that uses them (createApp,
 * the migrations run, the releases publish, the demo seed) is imported on the isolate's first
 * other request, once (build-app.ts).
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Db } from '../../db/client';
import bundle from '../../db/migrations/bundle.json';
import { onError } from '../errors';
import { securityHeaders } from '../middleware/security-headers';
import { healthRouter } from '../routes/health';
import { ConfigError, parseEnv, type DatabaseKind, type WorkerEnv } from './env';

/** The bound database, as the entry and the app each use it. */
export interface Database {
  /** The first column of every row, queried on the binding itself: no drizzle, no schema. */
  column(query: string): Promise<unknown[]>;
  /** The database as the app sees it (drizzle and the schema), loaded on first use. */
  drizzle(): Promise<Db>;
}

interface App {
  fetch(request: Request, env: unknown, ctx: ExecutionContext): Response | Promise<Response>;
}

interface Isolate {
  config: WorkerEnv;
  database: Database;
  /** Resolves once every migration is applied (all but a new database's first start: a lookup). */
  migrated: () => Promise<void>;
  app: () => Promise<App>;
}

/** A promise made on first call and kept, unless it fails: then the next call tries again. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((err: unknown) => {
      made = undefined;
      throw err;
    }));
}

const TAGS: readonly string[] = bundle.map((m) => m.tag);

async function allApplied(database: Database): Promise<boolean> {
  try {
    const applied = new Set(await database.column('SELECT tag FROM _cascade_migrations'));
    return TAGS.every((tag) => applied.has(tag));
  } catch {
    // No bookkeeping table: a new database, which the app's migrate() sets up.
    return false;
  }
}

// One per isolate and bindings object: migrations are checked once, not per request.
const isolates = new WeakMap<object, Isolate>();

function isolateFor(raw: Record<string, unknown>, kind: DatabaseKind, open: (env: WorkerEnv) => Database): Isolate {
  let isolate = isolates.get(raw);
  if (isolate) return isolate;
  // Throws on a bad configuration, which is then checked again on the next request.
  const config = parseEnv(raw, kind);
  const database = open(config);
  const app = once(async () => (await import('./build-app')).buildApp(config, await database.drizzle()));
  isolate = {
    config,
    database,
    app,
    // Health says the database is ready for the app, so it waits for the migrations (not for the app).
    migrated: once(async () => {
      if (!(await allApplied(database))) await app();
    }),
  };
  isolates.set(raw, isolate);
  return isolate;
}

type HealthEnv = { Bindings: { database: Database } };

/** GET /api/health with the headers the app sets on every response (worker/app.ts). */
const health = new Hono<HealthEnv>();
health.onError(onError);
health.use('*', requestId(), securityHeaders(), async function noStore(c, next) {
  c.header('Cache-Control', 'no-store');
  await next();
});
health.route('/api/health', healthRouter<HealthEnv>({ ping: (c) => c.env.database.column('SELECT 1'), now: () => new Date() }));

const isHealth = (request: Request) => (request.method === 'GET' || request.method === 'HEAD') && new URL(request.url).pathname === '/api/health';

function misconfigured(err: unknown) {
  // Only configuration can fail here; say what to fix rather than a bare 500.
  const message = err instanceof ConfigError ? err.message : 'The database could not be prepared.';
  console.error(err);
  return Response.json({ error: { code: 'misconfigured', message } }, { status: 500 });
}

/** The Workers handlers for one kind of database, opened by `open` from the checked env. */
export function workersEntry(kind: DatabaseKind, open: (env: WorkerEnv) => Database) {
  return {
    async fetch(request, env, ctx) {
      let isolate: Isolate;
      let app: App;
      try {
        isolate = isolateFor(env, kind, open);
        if (isHealth(request)) {
          await isolate.migrated();
          return health.fetch(request, { database: isolate.database }, ctx);
        }
        app = await isolate.app();
      } catch (err) {
        return misconfigured(err);
      }
      return app.fetch(request, env, ctx);
    },
    /**
     * wrangler.toml [triggers]: every minute, gradebook scores (LTI) and LRS statements (xAPI) that
     * are due are sent; hourly, consultations past their retention are deleted even if nobody visits.
     */
    async scheduled(controller, env, ctx) {
      const isolate = isolateFor(env, kind, open);
      const { runScheduled } = await import('./scheduled');
      await runScheduled(controller, isolate.config, await isolate.database.drizzle(), ctx);
    },
  } satisfies ExportedHandler<Record<string, unknown>>;
}
