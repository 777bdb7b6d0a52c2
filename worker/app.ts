import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { contentStore, type ContentSource } from './content/store';
import type { AppDeps, AppEnv } from './context';
import { AppError, onError, onNotFound } from './errors';
import { sameOrigin } from './middleware/same-origin';
import { securityHeaders } from './middleware/security-headers';
import { healthRouter } from './routes/health';
import { healthRoute } from './routes/health.openapi';
import { sha256 } from './lib/crypto';
import { loadSession } from './sessions';
import { createRouter } from './context';
import { MAX_ROSTER_BYTES } from './cohorts/limits';
import { outbound } from './lti/outbound';
import { ROUTE_GROUPS, lazyGroup, type GroupContext } from './route-groups';
import type { OpenAPIHono as Typed } from '@hono/zod-openapi';
import type { MergeSchemaPath } from 'hono/types';

/** A host that passes no content serves an empty catalogue and says why on lookups. */
const NO_CONTENT: ContentSource = { read: async () => null };

/** JSON bodies are small; anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 64 * 1024;
const ROSTER_PATH = /^\/api\/cohorts\/[^/]+\/roster$/;

/** Health on the app's own database and clock (the Workers entry answers it on the binding: worker/cloudflare/entry.ts). */
const health = healthRouter<AppEnv>({ ping: (c) => c.get('db').run(sql`SELECT 1`), now: (c) => c.get('now') });

/**
 * Builds the Cascade app from its dependencies. The Node and Workers entries only
 * parse their configuration and call this; nothing here reads the environment.
 */
export function createApp(deps: AppDeps) {
  const clock = deps.clock ?? (() => new Date());
  const content = contentStore(deps.content ?? NO_CONTENT);
  const app = new OpenAPIHono<AppEnv>();
  app.onError(onError);
  app.notFound(onNotFound);
  app.use('*', requestId(), securityHeaders());
  const provide: MiddlewareHandler<AppEnv> = async function provide(c, next) {
    c.set('db', deps.db);
    c.set('now', clock());
    c.set('clientAddress', deps.clientAddress?.(c) ?? '');
    c.set('mailer', deps.mailer);
    c.set('sha256', deps.sha256 ?? sha256);
    c.header('Cache-Control', 'no-store');
    await next();
  };
  // What every response of a lazily loaded group carries, as the main app would have set it.
  const headers = securityHeaders();
  const responseHeaders: MiddlewareHandler<AppEnv> = async function responseHeaders(c, next) {
    c.header('X-Request-Id', c.get('requestId'));
    c.header('Cache-Control', 'no-store');
    await headers(c, next);
  };
  const limitTo = (bytes: number) =>
    bodyLimit({
      maxSize: bytes,
      onError: () => {
        throw new AppError(413, 'payload_too_large', `The request body is larger than ${bytes / 1024} KB.`);
      },
    });
  const small = limitTo(MAX_BODY_BYTES);
  // A roster file is the one big upload: 10,000 rows fit in 2 MB.
  const roster = limitTo(MAX_ROSTER_BYTES);
  // GET and HEAD carry no body. Asking for one anyway (as bodyLimit does) makes @hono/node-server
  // build a full Request, abort signal and all, on every read.
  const limit: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : ROSTER_PATH.test(c.req.path) ? roster(c, next) : small(c, next);
  app.use('/.well-known/*', provide);
  // LTI launches are posted from the academy's platform: no same-origin rule, the signed launch authenticates them.
  app.use('/lti/*', provide, limit, loadSession());
  app.use('/verify', provide, limit);
  app.use(
    '/api/*',
    provide,
    limit,
    sameOrigin(deps.trustedOrigins),
    loadSession(),
  );

  app.route('/api/health', health);
  const x: GroupContext = { deps, content, out: outbound(deps.fetch ?? ((input, init) => fetch(input, init)), deps.issuerMasterKey) };
  if (deps.routeModules) {
    // Loaded already (the Node entry, the tests): ordinary routes.
    ROUTE_GROUPS.forEach((g, i) => {
      const modules = deps.routeModules![i];
      app.route(g.base, g.router(modules, x));
      for (const h of g.handlers?.(modules) ?? []) app.on(h.methods, h.path, h.handler);
    });
  } else {
    // Each group on its first request (Workers: see route-groups.ts).
    const frame = { onError, notFound: onNotFound, headers: responseHeaders, app: () => createRouter() };
    for (const g of ROUTE_GROUPS) {
      const handler = lazyGroup(g, x, frame);
      for (const path of g.paths) app.all(path, handler).all(`${path}/*`, handler);
    }
  }
  app.get('/api/openapi.json', async (c) => c.json(await openApiDocument(x)));
  app.all('/api/*', onNotFound);
  // Sealed build artefacts (the course releases) are for the worker's own use; nobody else is served them.
  app.all('/_private/*', onNotFound);
  if (deps.assets) app.on(['GET', 'HEAD'], '*', deps.assets);
  return app as unknown as AppType;
}

/** The OpenAPI document of every group, built once on first request. */
let documented: Promise<unknown> | undefined;
function openApiDocument(x: GroupContext) {
  documented ??= (async () => {
    const doc = createRouter();
    doc.openAPIRegistry.registerPath(healthRoute);
    for (const g of ROUTE_GROUPS) doc.route(g.base, g.router(await g.modules(), x));
    doc.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'cascade_session' });
    return doc.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Cascade API',
        version: '0.1.0',
        description:
          'Training, certification and mentorship for justice practitioners. Errors are always `{ "error": { "code", "message", "requestId" } }`.',
      },
      security: [{ session: [] }],
    });
  })().catch((err: unknown) => {
    documented = undefined;
    throw err;
  });
  return documented;
}

/*
 * The API's types for the web app's typed `hc` clients, from the routers' own types: written as
 * type queries, so that naming them here does not load the route modules at start-up.
 */
type SchemaOf<R> = R extends Hono<AppEnv, infer S, string> ? S : never;
type At<Path extends string, R> = MergeSchemaPath<SchemaOf<R>, Path>;
type Routes<M> = M;
type Content = Routes<typeof import('./routes/content/content.index')>;
type Certificates = Routes<typeof import('./routes/certificates/certificates.index')>;
type Cascade = Routes<typeof import('./routes/cascade/cascade.index')>;
type Reports = Routes<typeof import('./routes/reports/reports.index')>;
type Cohorts = Routes<typeof import('./routes/cohorts/cohorts.index')>;

/** The API's type, for the web app's typed `hc` client. */
export type AppType = Typed<
  AppEnv,
  | At<'/api/health', typeof health>
  | At<'/api/auth', typeof import('./routes/auth/auth.index').authRouter>
  | At<'/api/me', typeof import('./routes/me/me.index').meRouter>
  | At<'/api/institutions', typeof import('./routes/institutions/institutions.index').institutionsRouter>
  | At<'/api/cohorts', Cohorts['cohortsRouter']>
  | At<'/api/cohorts', Cohorts['cohortRunRouter']>
  | At<'/api/qualifications', Cascade['qualificationsRouter']>
  | At<'/api/cascade', Cascade['lineageRouter']>
  | At<'/api/trainers', Cascade['trainersRouter']>
  | At<'/api/reports', Reports['reportsRouter']>
  | At<'/api/institutions', Reports['adoptionsRouter']>
  | At<'/api', ReturnType<Content['contentRouter']>>
  | At<'/api/progress', ReturnType<typeof import('./routes/progress/progress.index').progressRouter>>
  | At<'/api/attempts', ReturnType<typeof import('./routes/attempts/attempts.index').attemptsRouter>>
  | At<'/api/assessments', ReturnType<typeof import('./routes/assessments/assessments.index').assessmentsRouter>>
  | At<'/api/certificates', ReturnType<Certificates['certificatesRouter']>>
  | At<'/api/verify', ReturnType<Certificates['verificationRouter']>>
  | At<'/api/endorsements', ReturnType<typeof import('./routes/endorsements/endorsements.index').endorsementsRouter>>
  | At<'/api/status-lists', ReturnType<Certificates['statusListsRouter']>>,
  '/'
>;
/** The mentoring routes' type, for a second `hc` client based at /api. */
export type MentoringType = ReturnType<typeof import('./routes/mentorship/mentoring.api').mentoringApi>;
/** The LTI and xAPI admin routes' type, for a third `hc` client based at /api. */
export type IntegrationsType = ReturnType<typeof import('./routes/integrations.api').integrationsApi>;
