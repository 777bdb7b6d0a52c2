import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/client';
import type { InstitutionRole } from '../db/schema';
import type { ContentSource } from './content/store';
import { AppError, validationError } from './errors';

/** What `createApp` needs from its host: Node or Workers build these and pass them in. */
export interface AppDeps {
  db: Db;
  /** The time now; tests pass a controllable clock. */
  clock?: () => Date;
  /** The client's network address, for rate limits. Each host knows where to find it. */
  clientAddress?: (c: Context) => string | undefined;
  /** Extra origins (besides the request's own) that may send state-changing requests. */
  trustedOrigins?: readonly string[];
  /** The built course content (web/dist/content on Node, Static Assets on Workers). */
  content?: ContentSource;
  /** Seals issuers' signing keys (a Workers secret, or the Node entry's key file); without it nothing is signed. */
  issuerMasterKey?: CryptoKey;
  /** Delivers notifications by e-mail where an operator has plugged in a provider; Cascade runs fully without. */
  mailer?: Mailer;
  /** The programme's name as it endorses courses (PROGRAMME_NAME). */
  programmeName?: string;
  /**
   * Cascade's own outgoing requests: LTI platforms' keys, tokens, gradebooks and rosters, and
   * learning record stores. The global fetch by default; tests answer them in-process.
   */
  fetch?: OutboundFetch;
  /** Serves GET requests outside `/api`: the built web app. */
  assets?: MiddlewareHandler;
  /**
   * SHA-256 of a session token, base64url, as `sha256` in lib/crypto.ts computes it. The Node
   * entry passes node:crypto's, which is synchronous: WebCrypto's digest is a thread-pool job
   * there, paid on every signed-in request. Workers keep WebCrypto.
   */
  sha256?: (text: string) => string | Promise<string>;
  /**
   * Every route group's modules, already imported (`loadRouteModules()` in route-groups.ts): the
   * routes are then mounted at once. Without them each group loads on its first request, which
   * keeps a Workers isolate's start-up short.
   */
  routeModules?: readonly unknown[];
}

export type OutboundFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The signed-in person, as loaded from their session for this request. */
export interface Actor {
  userId: string;
  username: string;
  programmeAdmin: boolean;
  memberships: ReadonlyArray<{ institutionId: string; role: InstitutionRole }>;
  sessionHash: string;
}

/** An operator's e-mail provider: one message to one address. Failures are logged, never shown to users. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export type AppVariables = {
  mailer: Mailer | undefined;
  requestId: string;
  db: Db;
  now: Date;
  actor: Actor | null;
  clientAddress: string;
  sha256: (text: string) => string | Promise<string>;
};

export type AppEnv = { Variables: AppVariables };

/** Who is changing something, and when: what a service needs to write its audit entry. */
export interface Acting {
  actorId: string;
  now: Date;
  requestId: string | undefined;
}

/** This deployment's origin as the request reached it: credentials and status lists are named under it. */
export const originOf = (c: Context) => new URL(c.req.url).origin;

export const actingAs = (c: Context<AppEnv>, actorId: string): Acting => ({
  actorId,
  now: c.get('now'),
  requestId: c.get('requestId'),
});

/**
 * A sub-app whose validation failures become 400s that name the field. With
 * `signedIn`, anonymous requests get their 401 before any input is looked at.
 */
export function createRouter(options: { signedIn?: boolean } = {}) {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });
  if (options.signedIn) {
    router.use('*', async function signedIn(c, next) {
      if (!c.get('actor')) throw new AppError(401, 'unauthenticated', 'Sign in to continue.');
      await next();
    });
  }
  return router;
}
