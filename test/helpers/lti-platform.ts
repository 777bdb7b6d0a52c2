/**
 * A Moodle-style LTI 1.3 platform written for the tests: its own RSA keys and JWKS, an OIDC
 * authorisation step that signs id_tokens, a token endpoint that checks Cascade's client
 * assertion against Cascade's published JWKS, a gradebook (AGS line items and scores), a roster
 * (NRPS, in two pages) and a deep-linking return endpoint. It answers in-process through the
 * fetch function given to createApp, so no test touches the network.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import type { OutboundFetch } from '../../worker/context';
import type { Fetcher } from './client';

export const APP_ORIGIN = 'http://localhost';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
};

/** Anything that answers requests for one origin. */
export interface Service {
  origin: string;
  handle(req: Request): Promise<Response>;
}

/** The outbound fetch for createApp: each request goes to the service of its origin, or fails like a dead network. */
export function network(...services: Service[]): OutboundFetch {
  return async (input, init) => {
    const req = input instanceof Request && !init ? input : new Request(input, init);
    const service = services.find((s) => s.origin === new URL(req.url).origin);
    if (!service) throw new TypeError(`fetch failed: no route to ${req.url}`);
    return service.handle(req);
  };
}

/** A browser with a cookie jar (every cookie, per name), following no redirects by itself. */
export class Browser {
  readonly jar = new Map<string, string>();
  constructor(private readonly fetcher: Fetcher) {}

  async request(method: string, url: string, opts: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}) {
    const headers = new Headers(opts.headers);
    if (this.jar.size) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: string | undefined;
    if (opts.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const res = await this.fetcher(new Request(new URL(url, APP_ORIGIN), { method, headers, body, redirect: 'manual' }));
    // Every Set-Cookie apart (Node's Headers has getSetCookie; the workers types in scope do not declare it).
    for (const cookie of (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie()) {
      const [pair = '', ...attrs] = cookie.split(';').map((s: string) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!value || attrs.some((a: string) => /^max-age=0$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** A JSON call to the API, sent the way the web app sends it. */
  async api(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { origin: APP_ORIGIN };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetcher(new Request(`${APP_ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

export interface Score {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
}

export interface Member {
  user_id: string;
  roles: string[];
  status?: string;
  name?: string;
  email?: string;
}

export interface LaunchOptions {
  sub: string;
  name?: string;
  roles?: string[];
  context?: { id: string; title: string } | null;
  resourceLink?: { id: string; title?: string } | null;
  custom?: Record<string, string>;
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  /** Offer AGS on this link (a line item per link) and NRPS on its context. */
  services?: boolean;
  deploymentId?: string;
  /** Changes the claims after everything else is set: how the tests forge, expire and misaddress launches. */
  tamper?: (claims: JWTPayload) => void;
  /** Sign with another key (a forger's), claiming the platform's key id. */
  forgeWith?: CryptoKey;
  accept?: string;
}

let platforms = 0;

export class TestPlatform implements Service {
  readonly origin: string;
  readonly issuer: string;
  readonly clientId = `client-${crypto.randomUUID().slice(0, 8)}`;
  readonly deploymentId = '1';
  readonly kid = `platform-key-${++platforms}`;
  readonly gradebook = new Map<string, Score[]>();
  readonly deepLinkReturns: JWTPayload[] = [];
  readonly tokens = new Map<string, string[]>();
  members: Member[] = [];
  /** How many score posts to answer 503 before the gradebook works again. */
  failScores = 0;
  scorePosts = 0;

  private constructor(
    readonly name: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly app: Fetcher,
    private readonly now: () => Date,
    origin: string | undefined,
    /** Where Cascade is, as the platform's users reach it. */
    readonly appOrigin: string,
  ) {
    this.origin = origin ?? `https://${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.test`;
    this.issuer = this.origin;
  }

  static async create(app: Fetcher, now: () => Date, opts: { name?: string; origin?: string; appOrigin?: string } = {}) {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    return new TestPlatform(opts.name ?? 'Moodle Academy', privateKey, await exportJWK(publicKey), app, now, opts.origin, opts.appOrigin ?? APP_ORIGIN);
  }

  get jwksUrl() {
    return `${this.origin}/mod/lti/certs.php`;
  }
  get authUrl() {
    return `${this.origin}/mod/lti/auth.php`;
  }
  get tokenUrl() {
    return `${this.origin}/mod/lti/token.php`;
  }
  lineItemUrl(contextId: string, linkId: string) {
    return `${this.origin}/mod/lti/services.php/${contextId}/lineitems/${linkId}/lineitem?type_id=1`;
  }
  membershipsUrl(contextId: string) {
    return `${this.origin}/mod/lti/services.php/CourseSection/${contextId}/bindings/1/memberships`;
  }
  /** The scores the gradebook holds for a line item. */
  scores(contextId: string, linkId: string): Score[] {
    return this.gradebook.get(this.lineItemUrl(contextId, linkId)) ?? [];
  }

  /** What an admin types into Cascade's "register a platform" form. */
  registration(institutionId: string) {
    return {
      institutionId,
      name: this.name,
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      jwksUrl: this.jwksUrl,
      authUrl: this.authUrl,
      tokenUrl: this.tokenUrl,
    };
  }

  /** The claims a Moodle launch carries. */
  claims(opts: LaunchOptions, nonce: string): JWTPayload {
    const iat = Math.floor(this.now().getTime() / 1000);
    const context = opts.context === undefined ? { id: 'course-101', title: 'Financial investigation (Intake 2027)' } : opts.context;
    const link = opts.resourceLink === undefined ? { id: 'link-1', title: 'Cascade lesson' } : opts.resourceLink;
    const claims: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: opts.sub,
      iat,
      exp: iat + 60,
      nonce,
      name: opts.name ?? 'Maya Gurung',
      given_name: (opts.name ?? 'Maya Gurung').split(' ')[0],
      family_name: (opts.name ?? 'Maya Gurung').split(' ').slice(1).join(' '),
      [`${LTI}message_type`]: opts.messageType ?? 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: opts.deploymentId ?? this.deploymentId,
      [`${LTI}target_link_uri`]: `${this.appOrigin}/lti/launch`,
      [`${LTI}roles`]: opts.roles ?? [ROLE.learner],
      [`${LTI}launch_presentation`]: { locale: 'en', document_target: 'iframe' },
    };
    if (context) claims[`${LTI}context`] = { id: context.id, title: context.title, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] };
    if (link && (opts.messageType ?? 'LtiResourceLinkRequest') === 'LtiResourceLinkRequest') claims[`${LTI}resource_link`] = link;
    if (opts.custom) claims[`${LTI}custom`] = opts.custom;
    if (opts.services !== false && context && link) {
      claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] = {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${this.origin}/mod/lti/services.php/${context.id}/lineitems?type_id=1`,
        lineitem: this.lineItemUrl(context.id, link.id),
      };
      claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'] = {
        context_memberships_url: this.membershipsUrl(context.id),
        service_versions: ['2.0'],
      };
    }
    if (opts.messageType === 'LtiDeepLinkingRequest') {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${this.origin}/mod/lti/contentitem_return.php?course=101`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        auto_create: true,
        data: 'moodle-opaque-42',
      };
    }
    opts.tamper?.(claims);
    return claims;
  }

  async sign(claims: JWTPayload, key: CryptoKey = this.privateKey): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' }).sign(key);
  }

  /**
   * A whole launch as a browser lives it: the platform sends it to Cascade's login initiation,
   * Cascade redirects to the platform's authorisation endpoint with a state and nonce, the
   * platform answers with a signed id_token that the browser posts to Cascade.
   */
  async launch(browser: Browser, opts: LaunchOptions) {
    const login = await browser.request(
      'GET',
      `/lti/login?${new URLSearchParams({
        iss: this.issuer,
        login_hint: opts.sub,
        target_link_uri: `${APP_ORIGIN}/lti/launch`,
        lti_message_hint: 'hint-1',
        client_id: this.clientId,
      })}`,
    );
    expect(login.status, await login.clone().text()).toBe(302);
    const auth = new URL(login.headers.get('location')!);
    expect(`${auth.origin}${auth.pathname}`).toBe(this.authUrl);
    expect(auth.searchParams.get('client_id')).toBe(this.clientId);
    expect(auth.searchParams.get('redirect_uri')).toBe(`${APP_ORIGIN}/lti/launch`);
    expect(auth.searchParams.get('response_mode')).toBe('form_post');
    const state = auth.searchParams.get('state')!;
    const nonce = auth.searchParams.get('nonce')!;
    const idToken = await this.sign(this.claims(opts, nonce), opts.forgeWith);
    const form = { id_token: idToken, state };
    const post = () =>
      browser.request('POST', '/lti/launch', { form, headers: { origin: this.origin, 'sec-fetch-site': 'cross-site', accept: opts.accept ?? 'application/json' } });
    return { response: await post(), state, nonce, idToken, repost: post };
  }

  private async verifyToolJwt(jwt: string, audience: string): Promise<JWTPayload> {
    const res = await this.app(new Request(`${this.appOrigin}/lti/jwks.json`));
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(await res.json()), { issuer: this.clientId, audience, currentDate: this.now() });
    return payload;
  }

  private bearer(req: Request, scope: string): boolean {
    const token = req.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    return this.tokens.get(token)?.includes(scope) ?? false;
  }

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === '/mod/lti/certs.php') return Response.json({ keys: [{ ...this.publicJwk, kid: this.kid, alg: 'RS256', use: 'sig' }] });
    if (url.pathname === '/mod/lti/token.php' && req.method === 'POST') {
      const form = new URLSearchParams(await req.text());
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return Response.json({ error: 'unsupported_grant_type' }, { status: 400 });
      }
      try {
        const claims = await this.verifyToolJwt(form.get('client_assertion') ?? '', this.tokenUrl);
        if (claims.sub !== this.clientId || !claims.jti) throw new Error('bad sub or jti');
      } catch {
        return Response.json({ error: 'invalid_client' }, { status: 401 });
      }
      const token = crypto.randomUUID();
      this.tokens.set(token, (form.get('scope') ?? '').split(' '));
      return Response.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') });
    }
    if (url.pathname.endsWith('/lineitem/scores') && req.method === 'POST') {
      this.scorePosts++;
      if (!this.bearer(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/score')) return new Response('no token', { status: 401 });
      if (req.headers.get('content-type') !== 'application/vnd.ims.lis.v1.score+json') return new Response('wrong media type', { status: 415 });
      if (this.failScores > 0) {
        this.failScores--;
        return new Response('gradebook is down for maintenance', { status: 503 });
      }
      const score = (await req.json()) as Score;
      const lineItem = `${url.origin}${url.pathname.replace(/\/scores$/, '')}${url.search}`;
      this.gradebook.set(lineItem, [...(this.gradebook.get(lineItem) ?? []), score]);
      return new Response(null, { status: 204 });
    }
    if (url.pathname.endsWith('/memberships') && req.method === 'GET') {
      if (!this.bearer(req, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')) return new Response('no token', { status: 401 });
      const page = Number(url.searchParams.get('page') ?? '1');
      const half = Math.ceil(this.members.length / 2);
      const members = page === 1 ? this.members.slice(0, half) : this.members.slice(half);
      const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' };
      if (page === 1) headers.link = `<${url.origin}${url.pathname}?page=2>; rel="next"`;
      return new Response(JSON.stringify({ id: req.url, context: { id: 'course-101' }, members }), { headers });
    }
    if (url.pathname === '/mod/lti/contentitem_return.php' && req.method === 'POST') {
      const form = new URLSearchParams(await req.text());
      this.deepLinkReturns.push(await this.verifyToolJwt(form.get('JWT') ?? '', this.issuer));
      return new Response('<p>Placed</p>', { headers: { 'content-type': 'text/html' } });
    }
    return new Response('not found', { status: 404 });
  }
}
