import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import { institutions } from '../../db/schema';
import { actingAs, type Acting, type AppEnv } from '../context';
import { notFound } from '../errors';
import { authorize, requireActor } from '../policy';

/** For an institution's connected systems (LTI platforms, its LRS): signed in (401), the institution exists (404), and its admin (403). */
export async function managingIntegrations(c: Context<AppEnv>, institutionId: string): Promise<Acting> {
  requireActor(c);
  const [found] = await c.get('db').select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId));
  if (!found) throw notFound('The institution');
  const actor = authorize(c, 'integration.manage', { institutionId });
  return actingAs(c, actor.userId);
}
