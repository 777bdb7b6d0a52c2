/**
 * The app's routes in groups, each loaded on its first request. Every route's request and
 * response schemas are zod objects built when their module is evaluated: all of them at once
 * took about 700 ms of a Workers isolate's start-up, before the first request could be answered
 * (DESIGN.md: ≤ 50 ms). On Workers a group's modules are evaluated when a request first needs
 * them (esbuild keeps a dynamically imported module's body uninitialised until then); the Node
 * entry, which starts once, loads them all at start-up and mounts them as ordinary routes.
 */
import type { Context, Handler, Hono, MiddlewareHandler } from 'hono';
import { createRouter, type AppDeps, type AppEnv, type AppVariables } from './context';
import type { ContentStore } from './content/store';
import type { Outbound } from './lti/outbound';

/** What groups are built from: the app's dependencies and what createApp made of them. */
export interface GroupContext {
  deps: AppDeps;
  content: ContentStore;
  out: Outbound;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Router = Hono<AppEnv, any, any>;

export interface RouteGroup<M = unknown> {
  /** Where the group's router is mounted. */
  base: string;
  /** The paths it answers: each exactly and everything under it. */
  paths: readonly string[];
  /** Its modules, imported on demand. */
  modules: () => Promise<M>;
  /** Its router, from its modules. */
  router: (modules: M, x: GroupContext) => Router;
  /** Plain handlers outside the OpenAPI routers (the JWKS, the /verify page). */
  handlers?: (modules: M) => Array<{ methods: string[]; path: string; handler: Handler<AppEnv> }>;
}

const group = <M>(g: RouteGroup<M>): RouteGroup => g as RouteGroup;

export const ROUTE_GROUPS: readonly RouteGroup[] = [
  group({ base: '/api/auth', paths: ['/api/auth'], modules: () => import('./routes/auth/auth.index'), router: (m) => m.authRouter }),
  group({ base: '/api/me', paths: ['/api/me'], modules: () => import('./routes/me/me.index'), router: (m) => m.meRouter }),
  group({
    base: '/api/institutions',
    paths: ['/api/institutions'],
    modules: () => Promise.all([import('./routes/institutions/institutions.index'), import('./routes/reports/reports.index')]),
    router: ([i, r]) => createRouter().route('/', i.institutionsRouter).route('/', r.adoptionsRouter),
  }),
  group({
    base: '/api/cohorts',
    paths: ['/api/cohorts'],
    modules: () => import('./routes/cohorts/cohorts.index'),
    router: (m) => createRouter().route('/', m.cohortsRouter).route('/', m.cohortRunRouter),
  }),
  group({
    base: '/api',
    paths: ['/api/qualifications', '/api/cascade', '/api/trainers'],
    modules: () => import('./routes/cascade/cascade.index'),
    router: (m) => createRouter().route('/qualifications', m.qualificationsRouter).route('/cascade', m.lineageRouter).route('/trainers', m.trainersRouter),
  }),
  group({ base: '/api/reports', paths: ['/api/reports'], modules: () => import('./routes/reports/reports.index'), router: (m) => m.reportsRouter }),
  group({
    base: '/api',
    paths: ['/api/catalogue', '/api/courses'],
    modules: () => Promise.all([import('./routes/content/content.index'), import('./routes/cartridge/cartridge.index')]),
    // The cartridge is a zip download, not JSON: the typed client has no use for it.
    router: ([content, cartridge], x) => createRouter().route('/', content.contentRouter(x.content)).route('/courses', cartridge.cartridgeRouter(x.content)),
  }),
  group({ base: '/api/progress', paths: ['/api/progress'], modules: () => import('./routes/progress/progress.index'), router: (m, x) => m.progressRouter(x.content) }),
  group({ base: '/api/attempts', paths: ['/api/attempts'], modules: () => import('./routes/attempts/attempts.index'), router: (m, x) => m.attemptsRouter(x.deps.issuerMasterKey) }),
  group({
    base: '/api/assessments',
    paths: ['/api/assessments'],
    modules: () => import('./routes/assessments/assessments.index'),
    router: (m, x) => m.assessmentsRouter(x.deps.issuerMasterKey),
  }),
  group({
    base: '/',
    paths: ['/api/certificates', '/api/verify', '/api/status-lists', '/.well-known/jwks.json', '/verify'],
    modules: () => Promise.all([import('./routes/certificates/certificates.index'), import('./routes/verify-page')]),
    router: ([m], x) =>
      createRouter()
        .route('/api/certificates', m.certificatesRouter(x.deps.issuerMasterKey))
        .route('/api/verify', m.verificationRouter(x.deps.issuerMasterKey))
        .route('/api/status-lists', m.statusListsRouter(x.deps.issuerMasterKey)),
    handlers: ([m, page]) => [
      { methods: ['GET'], path: '/.well-known/jwks.json', handler: m.jwks },
      { methods: ['GET', 'POST'], path: '/verify', handler: page.verifyPage },
    ],
  }),
  group({
    base: '/api/endorsements',
    paths: ['/api/endorsements'],
    modules: () => Promise.all([import('./routes/endorsements/endorsements.index'), import('./routes/endorsements/endorsements.service')]),
    router: ([m, s], x) => m.endorsementsRouter(x.deps.issuerMasterKey, x.deps.programmeName ?? s.DEFAULT_PROGRAMME_NAME),
  }),
  group({
    base: '/api',
    paths: ['/api/mentors', '/api/mentorships', '/api/notifications', '/api/consultations', '/api/spaces'],
    modules: () => import('./routes/mentorship/mentoring.api'),
    router: (m, x) => m.mentoringApi(x.deps.issuerMasterKey),
  }),
  group({
    base: '/api',
    paths: ['/api/lti', '/api/xapi'],
    modules: () => import('./routes/integrations.api'),
    router: (m, x) => m.integrationsApi(x.out, x.content),
  }),
  group({
    base: '/lti',
    paths: ['/lti'],
    modules: () => import('./routes/lti/lti.protocol'),
    router: (m, x) => m.ltiProtocolRouter({ content: x.content, out: x.out, assets: x.deps.assets, trustedOrigins: x.deps.trustedOrigins }),
  }),
];

/** Every group's modules, for the Node entry and the tests: pass them as AppDeps.routeModules. */
export const loadRouteModules = (): Promise<unknown[]> => Promise.all(ROUTE_GROUPS.map((g) => g.modules()));


/** What a group's own app takes over from the request as the main app saw it. */
const INHERITED = ['db', 'now', 'actor', 'clientAddress', 'mailer', 'sha256', 'requestId'] as const satisfies ReadonlyArray<keyof AppVariables>;
const seenBy = new WeakMap<Request, Context<AppEnv>>();

/**
 * A handler that loads the group on first use and hands the request to it. The group runs in an
 * app of its own (Hono cannot add routes once it has matched one), which takes over the request's
 * variables (database, clock, actor, request id) and sets the headers every response carries.
 */
export function lazyGroup(g: RouteGroup, x: GroupContext, frame: { onError: Parameters<Router['onError']>[0]; notFound: Parameters<Router['notFound']>[0]; headers: MiddlewareHandler<AppEnv>; app: () => Router }): Handler<AppEnv> {
  let built: Promise<Router> | undefined;
  const build = async () => {
    const modules = await g.modules();
    const app = frame.app();
    app.onError(frame.onError);
    app.notFound(frame.notFound);
    app.use('*', async function inherit(c, next) {
      const parent = seenBy.get(c.req.raw);
      if (parent) for (const name of INHERITED) c.set(name, parent.get(name) as never);
      await next();
    }, frame.headers);
    app.route(g.base, g.router(modules, x));
    for (const h of g.handlers?.(modules) ?? []) app.on(h.methods, h.path, h.handler);
    return app;
  };
  return async (c) => {
    built ??= build().catch((err: unknown) => {
      built = undefined;
      throw err;
    });
    const app = await built;
    seenBy.set(c.req.raw, c);
    let ctx: typeof c.executionCtx | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      // Node has no execution context.
    }
    return app.fetch(c.req.raw, c.env, ctx);
  };
}
