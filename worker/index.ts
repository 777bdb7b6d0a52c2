/**
 * The Workers entry: libSQL over HTTP (Turso) from secrets, or a D1 binding. The web
 * app is served by Workers Static Assets; only `/api/*` reaches this code.
 */
import { createClient } from '@libsql/client/web';
import * as z from 'zod';
import { dbFromD1, dbFromLibsql, type Db } from '../db/client';
import { migrate } from '../db/migrate';
import { describeSeed, seedDemo } from '../db/seed-demo';
import sealed from 'cascade:releases';
import { createApp } from './app';
import { publishReleases } from './assessments/releases';
import { openReleases } from './content/sealed';
import { purgeExpired } from './mentorship/consultations';
import { importMasterKey } from './certificates/keyring';
import { contentStore, type ContentSource } from './content/store';

const Env = z
  .object({
    DB: z.custom<D1Database>((v) => typeof v === 'object' && v !== null).optional(),
    LIBSQL_URL: z.url().optional(),
    LIBSQL_AUTH_TOKEN: z.string().min(1).optional(),
    ASSETS: z.custom<Fetcher>((v) => typeof v === 'object' && v !== null).optional(),
    /** 32 random bytes, base64url: seals the issuers' signing keys. Without it, nothing is signed. */
    ISSUER_MASTER_KEY: z.string().min(43).optional(),
    /** Comma-separated extra origins allowed to send state-changing requests. */
    TRUSTED_ORIGINS: z.string().optional(),
    PROGRAMME_NAME: z.string().trim().min(1).max(200).optional(),
    /** Local development only: seed the demo academy into an empty database. */
    DEMO_SEED: z.enum(['true', 'false']).default('false'),
  })
  .refine((e) => e.DB !== undefined || e.LIBSQL_URL !== undefined, {
    message: 'Bind a D1 database as DB, or set the LIBSQL_URL (and LIBSQL_AUTH_TOKEN) secrets.',
  });
type Env = z.infer<typeof Env>;

function databaseFor(env: Env): Db {
  if (env.LIBSQL_URL) return dbFromLibsql(createClient({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }));
  return dbFromD1(env.DB as D1Database);
}

async function build(raw: unknown) {
  const env = Env.parse(raw);
  const db = databaseFor(env);
  await migrate(db);
  // The releases (answer keys included) arrive sealed among the static assets: see scripts/seal-releases.ts.
  if (env.ASSETS) await publishReleases(db, await openReleases(sealed, env.ASSETS as Fetcher), new Date());
  if (env.DEMO_SEED === 'true') {
    const seed = await seedDemo(db, new Date());
    if (seed) console.log(describeSeed(seed, 'this worker'));
  }
  return createApp({
    db,
    issuerMasterKey: env.ISSUER_MASTER_KEY ? await importMasterKey(env.ISSUER_MASTER_KEY) : undefined,
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    trustedOrigins: env.TRUSTED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [],
    ...(env.PROGRAMME_NAME ? { programmeName: env.PROGRAMME_NAME } : {}),
    assets: env.ASSETS ? (c) => (env.ASSETS as Fetcher).fetch(c.req.raw) : undefined,
    content: env.ASSETS ? assetsContentSource(env.ASSETS) : undefined,
  });
}

/** Course content from Workers Static Assets. Unknown paths get the app shell, so insist on JSON. */
function assetsContentSource(assets: Fetcher): ContentSource {
  return {
    async read(path) {
      const res = await assets.fetch(new Request(`https://assets.invalid/content/${path}`));
      if (!res.ok || !res.headers.get('content-type')?.includes('json')) return null;
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** The hourly trigger in wrangler.toml; the other runs every minute. */
const HOURLY = '17 * * * *';

// One app per isolate and bindings object: migrations are checked once, not per request.
const apps = new WeakMap<object, ReturnType<typeof build>>();

export default {
  async fetch(request, env, ctx) {
    let app = apps.get(env);
    if (!app) {
      app = build(env);
      apps.set(env, app);
      app.catch(() => apps.delete(env));
    }
    try {
      return (await app).fetch(request, env, ctx);
    } catch (err) {
      // Only configuration can fail here; say what to fix rather than a bare 500.
      const message = err instanceof z.ZodError ? z.prettifyError(err) : 'The database could not be prepared.';
      console.error(err);
      return Response.json({ error: { code: 'misconfigured', message } }, { status: 500 });
    }
  },
  /**
   * wrangler.toml [triggers]: every minute, gradebook scores (LTI) and LRS statements (xAPI) that
   * are due are sent; hourly, consultations past their retention are deleted even if nobody visits.
   */
  async scheduled(controller, env, ctx) {
    const config = Env.parse(env);
    const db = databaseFor(config);
    if (controller.cron === HOURLY) ctx.waitUntil(purgeExpired(db, new Date()));
    const master = config.ISSUER_MASTER_KEY ? await importMasterKey(config.ISSUER_MASTER_KEY) : undefined;
    const content = config.ASSETS ? contentStore(assetsContentSource(config.ASSETS)) : undefined;
    // Loaded here, not with the entry: requests never need it, and start-up stays small.
    const [{ outbound }, { deliverQueued }] = await Promise.all([import('./lti/outbound'), import('./xapi/deliveries')]);
    ctx.waitUntil(deliverQueued(db, outbound((input, init) => fetch(input, init), master), new Date(), content).catch((err) => console.error(err)));
  },
} satisfies ExportedHandler<Record<string, unknown>>;
