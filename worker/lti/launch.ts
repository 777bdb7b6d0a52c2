/**
 * Verifies an LTI 1.3 launch (the platform's id_token posted back to /lti/launch): the login
 * it answers (state, bound to this browser), the signature against the platform's JWKS, issuer,
 * audience, expiry, the nonce (used once), and the deployment.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { errors as jose, jwtVerify, type JWTPayload } from 'jose';
import * as z from 'zod';
import type { Db } from '../../db/client';
import { ltiLogins, ltiPlatforms } from '../../db/schema';
import { AppError } from '../errors';
import { sha256 } from '../lib/crypto';
import { CLAIM, claimProblem, LaunchClaims } from './claims';
import { refusals, unknownDeployment } from './errors';
import { platformKeySet, type Outbound } from './outbound';
import { recordRefusal, type Platform } from './platforms';

export const LaunchForm = z.object({
  id_token: z.string().min(1, 'The platform posted no id_token.').max(60_000),
  state: z.string().min(1, 'The platform posted no state.').max(500),
});

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const CLOCK_TOLERANCE_S = 30;

/** jose's failures, as refusals a person can act on. */
function refusalFor(err: unknown, platform: Platform): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof jose.JWTExpired) {
    const exp = err.payload.exp;
    return refusals.expired(typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'an earlier time');
  }
  if (err instanceof jose.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return refusals.wrongAudience(platform, err.payload.aud);
    if (err.claim === 'iss') return refusals.wrongIssuer(platform, err.payload.iss);
    return refusals.malformed(`${err.claim}: ${err.reason}`);
  }
  if (err instanceof jose.JWSSignatureVerificationFailed) return refusals.forged(platform);
  if (err instanceof jose.JWKSNoMatchingKey || err instanceof jose.JWKSMultipleMatchingKeys) return refusals.unknownKey(platform);
  if (err instanceof jose.JWKSTimeout) return refusals.keysUnreachable(platform, 'no answer in time');
  if (err instanceof jose.JWKSInvalid) return refusals.keysUnreachable(platform, 'the answer is not a JWKS');
  if (err instanceof jose.JOSEAlgNotAllowed) return refusals.malformed(`the signing algorithm is not one of ${ALGORITHMS.join(', ')}`);
  if (err instanceof jose.JWSInvalid || err instanceof jose.JWTInvalid) return refusals.malformed('the id_token is not a signed JWT');
  if (err instanceof jose.JOSEError) return refusals.keysUnreachable(platform, err.message);
  return refusals.keysUnreachable(platform, err instanceof Error ? err.message : String(err));
}

/**
 * Returns the verified launch, or throws the refusal. `seen` hears of the platform as soon as
 * the login is known, so even a refusal page can be shown inside that platform's frame.
 */
export async function verifyLaunch(
  db: Db,
  out: Outbound,
  input: { form: z.infer<typeof LaunchForm>; bound: (state: string) => boolean; now: Date; seen?: (p: Platform) => void },
): Promise<VerifiedLaunch> {
  const { form, now } = input;
  const stateHash = await sha256(form.state);
  const [found] = await db
    .select({ login: ltiLogins, platform: ltiPlatforms })
    .from(ltiLogins)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiLogins.platformId))
    .where(eq(ltiLogins.stateHash, stateHash));
  if (!found) throw refusals.loginUnknown();
  const { login, platform } = found;
  input.seen?.(platform);
  try {
    if (login.usedAt) throw refusals.replayed();
    if (login.expiresAt.getTime() <= now.getTime()) throw refusals.loginExpired();
    if (!input.bound(form.state)) throw refusals.stateNotBound();

    let payload: JWTPayload | undefined;
    try {
      ({ payload } = await jwtVerify(form.id_token, platformKeySet(out, platform.jwksUrl), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: ALGORITHMS,
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (err) {
      throw refusalFor(err, platform);
    }
    // With several audiences, the authorised party must be us (OIDC Core §3.1.3.7).
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
      throw refusals.wrongAudience(platform, payload.azp ?? payload.aud);
    }
    const parsed = LaunchClaims.safeParse(payload);
    if (!parsed.success) throw refusals.malformed(claimProblem(parsed.error));
    const claims = parsed.data;
    if (claims.nonce !== login.nonce) throw refusals.nonceMismatch();
    const deploymentId = claims[CLAIM.deploymentId];
    if (!platform.deploymentIds.includes(deploymentId)) throw unknownDeployment(platform, deploymentId);

    // Spend the nonce: of two posts of the same launch, exactly one gets here.
    const spent = await db
      .update(ltiLogins)
      .set({ usedAt: now })
      .where(and(eq(ltiLogins.stateHash, stateHash), isNull(ltiLogins.usedAt)))
      .returning({ stateHash: ltiLogins.stateHash });
    if (spent.length === 0) throw refusals.replayed();
    return { platform, claims };
  } catch (err) {
    if (err instanceof AppError) await recordRefusal(db, platform.id, err, now);
    throw err;
  }
}
