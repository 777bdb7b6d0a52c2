/**
 * The LTI 1.3 endpoints a platform and its users' browsers call, under /lti (outside /api: the
 * platform posts the launch from its own site, which /api's same-origin rule would refuse; here
 * the signed id_token, the nonce and the state cookie are what authenticate it).
 */
import { eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../../../db/client';
import { users } from '../../../db/schema';
import * as z from 'zod';
import type { AppEnv } from '../../context';
import { createRouter, originOf } from '../../context';
import type { ContentStore } from '../../content/store';
import { AppError, validationError } from '../../errors';
import { allowFraming, bindState, releaseState, setLaunchSession, stateBound } from '../../lti/browser';
import { CLAIM } from '../../lti/claims';
import { deepLinkingResponse, openDeepLink, parseChoices, startDeepLinking } from '../../lti/deep-linking';
import { LaunchForm, verifyLaunch } from '../../lti/launch';
import { initiateLogin, LoginRequest } from '../../lti/login';
import type { Outbound } from '../../lti/outbound';
import { LTI_CSS, openPage, pageLocale, pickerPage, refusalPage, RETURN_JS, returnPage } from '../../lti/pages';
import { frameOrigins, getPlatform } from '../../lti/platforms';
import { provisionLaunch, targetOf } from '../../lti/provision';
import { toolJwks, toolSigningKey } from '../../lti/tool-keys';
import { sameOrigin } from '../../middleware/same-origin';
import { requireActor } from '../../policy';

export interface LtiProtocolDeps {
  content: ContentStore;
  out: Outbound;
  /** The built web app: launch pages serve its shell, framed by the platform. */
  assets?: MiddlewareHandler | undefined;
  trustedOrigins?: readonly string[] | undefined;
}

/** A browser gets an HTML page it can show in the platform's frame; any other client the usual JSON error. */
function wantsHtml(c: Context) {
  const accept = c.req.header('accept') ?? '';
  return accept.includes('text/html');
}

async function asPage(c: Context<AppEnv>, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AppError) || !wantsHtml(c)) throw err;
    const status = err.status as 400;
    return c.html(refusalPage(pageLocale(c), err), status);
  }
}

/** Form fields or query parameters, as plain strings (a repeated field keeps its last value). */
async function fieldsOf(c: Context): Promise<Record<string, string>> {
  const fields: Record<string, string> = { ...c.req.query() };
  if (c.req.method === 'POST') {
    const body = await c.req.parseBody().catch(() => ({}));
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
  }
  return fields;
}

function parse<T extends z.ZodType>(schema: T, fields: unknown): z.infer<T> {
  const result = schema.safeParse(fields);
  if (!result.success) throw validationError('form', result.error);
  return result.data;
}

async function localeOf(db: Db, userId: string) {
  const [me] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return me?.locale;
}

const lessonPath = (courseId: string, lessonId: string | null) =>
  `/courses/${encodeURIComponent(courseId)}${lessonId ? `/lessons/${encodeURIComponent(lessonId)}` : ''}`;

export function ltiProtocolRouter(deps: LtiProtocolDeps) {
  const { content, out } = deps;
  const login = async (c: Context<AppEnv>) =>
    asPage(c, async () => {
      const req = parse(LoginRequest, await fieldsOf(c));
      const { state, redirect } = await initiateLogin(c.get('db'), req, originOf(c), c.get('now'));
      bindState(c, state);
      return c.redirect(redirect, 302);
    });

  // Not a typed chain: no typed client calls these pages, and a plain router mounts anywhere.
  const router = createRouter();
  router
    .get('/jwks.json', async (c) => {
      const db = c.get('db');
      // Platforms register this address before Cascade has signed anything: make the key now.
      if (out.master) await toolSigningKey(db, out.master, c.get('now'));
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(await toolJwks(db), 200);
    })
    .get('/lti.css', (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(LTI_CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
    })
    .get('/return.js', (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(RETURN_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    })
    .get('/login', login)
    .post('/login', login)
    .post('/launch', (c) =>
      asPage(c, async () => {
        const db = c.get('db');
        const now = c.get('now');
        const form = parse(LaunchForm, await fieldsOf(c));
        const { platform, claims } = await verifyLaunch(db, out, {
          form,
          now,
          bound: (state) => stateBound(c, state),
          seen: (p) => allowFraming(c, frameOrigins(p)),
        });
        releaseState(c, form.state);
        if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest') {
          const { id, session } = await startDeepLinking(db, platform, claims, now);
          setLaunchSession(c, session.token, session.expiresAt, now);
          return c.redirect(`/lti/deep-links/${id}`, 303);
        }
        if (!claims[CLAIM.resourceLink]) throw new AppError(400, 'lti_bad_message', 'The launch message is not a valid LTI 1.3 message: it names no resource link.');
        const target = await targetOf(content, claims);
        const { session } = await provisionLaunch(db, platform, claims, target, now);
        setLaunchSession(c, session.token, session.expiresAt, now);
        const query = new URLSearchParams({ to: lessonPath(target.courseId, target.lessonId) });
        return c.redirect(`/lti/open/${platform.id}?${query}`, 303);
      }),
    )
    .get('/open/:platformId', (c) =>
      asPage(c, async () => {
        const platform = await getPlatform(c.get('db'), c.req.param('platformId'));
        allowFraming(c, frameOrigins(platform));
        const to = c.req.query('to') ?? '/';
        // Only a path of this app: the page must never send the frame elsewhere.
        const safe = /^\/(?!\/)[^\s\\]*$/.test(to) ? to : '/';
        if (!deps.assets) return c.html(openPage(pageLocale(c), safe), 200);
        const res = await deps.assets(c, async () => {});
        if (!(res instanceof Response)) return c.html(openPage(pageLocale(c), safe), 200);
        // The shell, with this page's policy (set above) instead of whatever the asset server put on it.
        const headers = new Headers(res.headers);
        headers.delete('X-Frame-Options');
        headers.delete('Content-Security-Policy');
        headers.set('Cache-Control', 'no-store');
        return new Response(res.body, { status: res.status, headers });
      }),
    )
    .get('/deep-links/:linkId', (c) =>
      asPage(c, async () => {
        const actor = requireActor(c);
        const db = c.get('db');
        const link = await openDeepLink(db, c.req.param('linkId'), actor.userId, c.get('now'));
        const platform = await getPlatform(db, link.platformId);
        allowFraming(c, frameOrigins(platform));
        const index = await content.index();
        return c.html(
          pickerPage(pageLocale(c, await localeOf(db, actor.userId)), { platform: platform.name, courses: index?.courses ?? [], multiple: link.acceptMultiple, action: `/lti/deep-links/${link.id}` }),
          200,
        );
      }),
    )
    .post('/deep-links/:linkId', sameOrigin(deps.trustedOrigins), (c) =>
      asPage(c, async () => {
        const actor = requireActor(c);
        const db = c.get('db');
        const now = c.get('now');
        const link = await openDeepLink(db, c.req.param('linkId'), actor.userId, now);
        const platform = await getPlatform(db, link.platformId);
        allowFraming(c, frameOrigins(platform), [new URL(link.returnUrl).origin]);
        const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
        const raw = body.item;
        const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
        const choices = await parseChoices(content, values, link.acceptMultiple);
        const key = await toolSigningKey(db, out.master, now);
        const jwt = await deepLinkingResponse(db, key, { link, platform, choices, origin: originOf(c), now });
        return c.html(returnPage(pageLocale(c, await localeOf(db, actor.userId)), { platform: platform.name, returnUrl: link.returnUrl, jwt }), 200);
      }),
    );
  return router;
}
