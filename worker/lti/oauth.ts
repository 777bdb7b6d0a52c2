/**
 * LTI Advantage service access: a client-credentials grant at the platform's token endpoint,
 * authenticated with a JWT signed by the tool key (RFC 7523, IMS Security Framework §4.1).
 */
import { SignJWT } from 'jose';
import * as z from 'zod';
import type { Db } from '../../db/client';
import { OutboundError, send, snippet, type Outbound } from './outbound';
import type { Platform } from './platforms';
import { TOOL_ALG, toolSigningKey } from './tool-keys';

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });

/** An access token for the scopes, or an OutboundError that says what the platform answered. */
export async function platformToken(db: Db, out: Outbound, platform: Platform, scopes: readonly string[], now: Date): Promise<string> {
  const key = await toolSigningKey(db, out.master, now);
  const iat = Math.floor(now.getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti(crypto.randomUUID())
    .sign(key.key);
  const res = await send(out, platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    }).toString(),
  });
  if (!res.ok) {
    throw new OutboundError(
      platform.tokenUrl,
      `${platform.name}'s token endpoint refused Cascade (HTTP ${res.status}: ${await snippet(res)}). Check that the platform knows Cascade's public keys URL (…/lti/jwks.json), the client id, and that the tool may use grades and rosters.`,
      res.status,
    );
  }
  const body = TokenResponse.safeParse(await res.json().catch(() => null));
  if (!body.success) throw new OutboundError(platform.tokenUrl, `${platform.name}'s token endpoint answered without an access_token.`);
  return body.data.access_token;
}
