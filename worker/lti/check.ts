/**
 * Tries a platform's registration the way launches and grades will use it, so an admin learns
 * of a wrong URL or client id now rather than from a learner's refused launch.
 */
import * as z from 'zod';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import { SCOPE } from './claims';
import { platformToken } from './oauth';
import { OutboundError, send, snippet, type Outbound } from './outbound';
import type { Platform } from './platforms';
import { toolSigningKey } from './tool-keys';

type CheckName = 'jwks' | 'token' | 'tool_key';
interface Check {
  name: CheckName;
  ok: boolean;
  message: string;
}

const Jwks = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });

async function checkJwks(out: Outbound, p: Platform): Promise<Check> {
  try {
    const res = await send(out, p.jwksUrl, { headers: { accept: 'application/json' } });
    if (!res.ok) return { name: 'jwks', ok: false, message: `${p.jwksUrl} answered HTTP ${res.status} (${await snippet(res)}). Check the JWKS URL.` };
    const body = Jwks.safeParse(await res.json().catch(() => null));
    if (!body.success) return { name: 'jwks', ok: false, message: `${p.jwksUrl} does not return a JSON Web Key Set. Check the JWKS URL.` };
    const usable = body.data.keys.filter((k) => ['RSA', 'EC', 'OKP'].includes(k.kty));
    if (usable.length === 0) return { name: 'jwks', ok: false, message: `${p.jwksUrl} publishes no signing keys.` };
    return { name: 'jwks', ok: true, message: `${usable.length} signing key(s) published.` };
  } catch (err) {
    return { name: 'jwks', ok: false, message: err instanceof OutboundError ? err.message : String(err) };
  }
}

export async function checkPlatform(db: Db, out: Outbound, p: Platform, now: Date) {
  const checks: Check[] = [];
  try {
    await toolSigningKey(db, out.master, now);
    checks.push({ name: 'tool_key', ok: true, message: "Cascade's tool key is ready." });
  } catch (err) {
    checks.push({ name: 'tool_key', ok: false, message: err instanceof AppError ? err.message : String(err) });
  }
  checks.push(await checkJwks(out, p));
  if (checks[0]!.ok) {
    try {
      await platformToken(db, out, p, [SCOPE.score], now);
      checks.push({ name: 'token', ok: true, message: 'The token endpoint grants Cascade access to the gradebook.' });
    } catch (err) {
      checks.push({ name: 'token', ok: false, message: err instanceof OutboundError || err instanceof AppError ? err.message : String(err) });
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}
