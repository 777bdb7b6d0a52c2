/**
 * OIDC third-party initiated login (LTI 1.3 §5.1.1): the platform sends the browser here; we
 * find the registration, remember a fresh state and nonce, bind the state to the browser with a
 * cookie, and send the browser on to the platform's authorisation endpoint.
 */
import { and, eq, lt } from 'drizzle-orm';
import * as z from 'zod';
import type { Db } from '../../db/client';
import { ltiLogins, ltiPlatforms } from '../../db/schema';
import { AppError } from '../errors';
import { randomToken, sha256 } from '../lib/crypto';
import { LOGIN_TTL_MS } from './browser';
import { unknownDeployment } from './errors';
import type { Platform } from './platforms';

export const LoginRequest = z.object({
  iss: z.string().min(1, 'The platform did not send its issuer (iss).').max(2000),
  login_hint: z.string().min(1, 'The platform did not send a login_hint.').max(2000),
  target_link_uri: z.string().min(1, 'The platform did not send a target_link_uri.').max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(255).optional(),
  lti_deployment_id: z.string().max(255).optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

async function findPlatform(db: Db, req: LoginRequest): Promise<Platform> {
  const rows = await db
    .select()
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.issuer, req.iss), req.client_id ? eq(ltiPlatforms.clientId, req.client_id) : undefined))
    .limit(2);
  const [platform, another] = rows;
  if (!platform) {
    const which = req.client_id ? `issuer ${req.iss} and client id ${req.client_id}` : `issuer ${req.iss}`;
    throw new AppError(400, 'lti_unknown_platform', `No LTI platform with ${which} is registered in Cascade. An institution admin registers it under LTI platforms, with exactly this issuer and client id.`);
  }
  if (another) {
    throw new AppError(400, 'lti_ambiguous_platform', `Several registrations share the issuer ${req.iss}; the platform must send its client_id with the login request.`);
  }
  return platform;
}

/** Checks the login request, stores the login and returns where to send the browser. */
export async function initiateLogin(db: Db, req: LoginRequest, origin: string, now: Date) {
  const platform = await findPlatform(db, req);
  if (req.lti_deployment_id !== undefined && !platform.deploymentIds.includes(req.lti_deployment_id)) {
    throw unknownDeployment(platform, req.lti_deployment_id);
  }
  let target: URL | undefined;
  try {
    target = new URL(req.target_link_uri);
  } catch {
    target = undefined;
  }
  if (target?.origin !== origin) {
    throw new AppError(400, 'lti_bad_target', `The link's target (${req.target_link_uri}) is not a Cascade address. Set the tool's URLs to ${origin}/lti/launch.`);
  }
  const state = randomToken();
  const nonce = randomToken();
  await db.batch([
    db.insert(ltiLogins).values({ stateHash: await sha256(state), platformId: platform.id, nonce, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_TTL_MS) }),
    // Logins nobody finished are of no use after their ten minutes.
    db.delete(ltiLogins).where(lt(ltiLogins.expiresAt, new Date(now.getTime() - LOGIN_TTL_MS))),
  ]);
  const auth = new URL(platform.authUrl);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: `${origin}/lti/launch`,
    login_hint: req.login_hint,
    state,
    nonce,
  };
  if (req.lti_message_hint !== undefined) params.lti_message_hint = req.lti_message_hint;
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
  return { platform, state, redirect: auth.toString() };
}
