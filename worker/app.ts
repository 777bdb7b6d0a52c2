import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { contentStore, type ContentSource } from './content/store';
import type { AppDeps, AppEnv } from './context';
import { AppError, onError, onNotFound } from './errors';
import { sameOrigin } from './middleware/same-origin';
import { securityHeaders } from './middleware/security-headers';
import { assessmentsRouter } from './routes/assessments/assessments.index';
import { attemptsRouter } from './routes/attempts/attempts.index';
import { authRouter } from './routes/auth/auth.index';
import { certificatesRouter, jwks, statusListsRouter, verificationRouter } from './routes/certificates/certificates.index';
import { cohortRunRouter, cohortsRouter } from './routes/cohorts/cohorts.index';
import { lineageRouter, qualificationsRouter, trainersRouter } from './routes/cascade/cascade.index';
import { adoptionsRouter, reportsRouter } from './routes/reports/reports.index';
import { mentorshipsRouter, mentorsRouter, notificationsRouter } from './routes/mentorship/mentorship.index';
import { consultationsRouter } from './routes/mentorship/consultations.index';
import { spacesRouter } from './routes/mentorship/community.index';
import { contentRouter } from './routes/content/content.index';
import { cartridgeRouter } from './routes/cartridge/cartridge.index';
import { healthRouter } from './routes/health';
import { progressRouter } from './routes/progress/progress.index';
import { institutionsRouter } from './routes/institutions/institutions.index';
import { meRouter } from './routes/me/me.index';
import { sha256 } from './lib/crypto';
import { loadSession } from './sessions';
import { verifyPage } from './routes/verify-page';
import { createRouter } from './context';
import { MAX_ROSTER_BYTES } from './cohorts/roster-csv';
import { DEFAULT_PROGRAMME_NAME } from './routes/endorsements/endorsements.service';
import { endorsementsRouter } from './routes/endorsements/endorsements.index';
import { outbound, type Outbound } from './lti/outbound';
import { ltiRouter } from './routes/lti/lti.index';
import { ltiProtocolRouter } from './routes/lti/lti.protocol';
import { xapiRouter } from './routes/xapi/xapi.index';
import type { ContentStore } from './content/store';

/** A host that passes no content serves an empty catalogue and says why on lookups. */
const NO_CONTENT: ContentSource = { read: async () => null };

/** JSON bodies are small; anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 64 * 1024;
const ROSTER_PATH = /^\/api\/cohorts\/[^/]+\/roster$/;

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
  const limit: MiddlewareHandler<AppEnv> = (c, next) => (ROSTER_PATH.test(c.req.path) ? roster(c, next) : small(c, next));
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

  const api = app
    .route('/api/health', healthRouter)
    .route('/api/auth', authRouter)
    .route('/api/me', meRouter)
    .route('/api/institutions', institutionsRouter)
    .route('/api/cohorts', cohortsRouter)
    .route('/api/cohorts', cohortRunRouter)
    .route('/api/qualifications', qualificationsRouter)
    .route('/api/cascade', lineageRouter)
    .route('/api/trainers', trainersRouter)
    .route('/api/reports', reportsRouter)
    .route('/api/institutions', adoptionsRouter)
    .route('/api', contentRouter(content))
    .route('/api/progress', progressRouter(content))
    .route('/api/attempts', attemptsRouter(deps.issuerMasterKey))
    .route('/api/assessments', assessmentsRouter(deps.issuerMasterKey))
    .route('/api/certificates', certificatesRouter(deps.issuerMasterKey))
    .route('/api/verify', verificationRouter(deps.issuerMasterKey))
    .route('/api/endorsements', endorsementsRouter(deps.issuerMasterKey, deps.programmeName ?? DEFAULT_PROGRAMME_NAME))
    .route('/api/status-lists', statusListsRouter(deps.issuerMasterKey));
  // One typed chain of every router is more than TypeScript can represent: mentoring has its own.
  app.route('/api', mentoringApi(deps.issuerMasterKey));
  const out = outbound(deps.fetch ?? ((input, init) => fetch(input, init)), deps.issuerMasterKey);
  app.route('/api', integrationsApi(out, content));
  app.route('/lti', ltiProtocolRouter({ content, out, assets: deps.assets, trustedOrigins: deps.trustedOrigins }));
  // A zip download, not JSON: the typed client has no use for it.
  app.route('/api/courses', cartridgeRouter(content));
  app.get('/.well-known/jwks.json', jwks);
  app.on(['GET', 'POST'], '/verify', verifyPage);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'cascade_session',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Cascade API',
      version: '0.1.0',
      description:
        'Training, certification and mentorship for justice practitioners. Errors are always `{ "error": { "code", "message", "requestId" } }`.',
    },
    security: [{ session: [] }],
  });
  app.all('/api/*', onNotFound);
  // Sealed build artefacts (the course releases) are for the worker's own use; nobody else is served them.
  app.all('/_private/*', onNotFound);
  if (deps.assets) app.on(['GET', 'HEAD'], '*', deps.assets);
  return api;
}

/** Mentor profiles and matching, mentorships and notifications, under /api. */
export function mentoringApi(master?: CryptoKey) {
  return createRouter()
    .route('/mentors', mentorsRouter(master))
    .route('/mentorships', mentorshipsRouter)
    .route('/notifications', notificationsRouter)
    .route('/consultations', consultationsRouter)
    .route('/spaces', spacesRouter);
}

/** Academies' own systems: LTI platforms and learning record stores, under /api. */
export function integrationsApi(out: Outbound, content: ContentStore) {
  return createRouter().route('/lti', ltiRouter(out)).route('/xapi', xapiRouter(out, content));
}

/** The API's type, for the web app's typed `hc` client. */
export type AppType = ReturnType<typeof createApp>;
/** The mentoring routes' type, for a second `hc` client based at /api. */
export type MentoringType = ReturnType<typeof mentoringApi>;
/** The LTI and xAPI admin routes' type, for a third `hc` client based at /api. */
export type IntegrationsType = ReturnType<typeof integrationsApi>;
