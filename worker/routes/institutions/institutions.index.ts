import { inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import { institutions } from '../../../db/schema';
import { actingAs, createRouter, type AppEnv } from '../../context';
import { authorize, can, requireActor, type Action } from '../../policy';
import { createCohort, listCohorts } from '../cohorts/cohorts.service';
import * as routes from './institutions.routes';
import * as service from './institutions.service';

/** Signed in (401), the institution exists (404), and the policy allows the action there (403). */
async function within(c: Context<AppEnv>, institutionId: string, action: Action) {
  requireActor(c);
  const institution = await service.getInstitution(c.get('db'), institutionId);
  const actor = authorize(c, action, { institutionId });
  return { actor, institution, by: actingAs(c, actor.userId) };
}

export const institutionsRouter = createRouter({ signedIn: true })
  .openapi(routes.create, async (c) => {
    const actor = authorize(c, 'institution.create');
    const row = await service.createInstitution(c.get('db'), actingAs(c, actor.userId), c.req.valid('json'));
    return c.json(service.institutionView(row), 201);
  })
  .openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const ids = [...new Set(actor.memberships.map((m) => m.institutionId))];
    const rows = can(actor, 'institution.list_all')
      ? await db.select().from(institutions).orderBy(institutions.name)
      : ids.length
        ? await db.select().from(institutions).where(inArray(institutions.id, ids)).orderBy(institutions.name)
        : [];
    return c.json({ institutions: rows.map(service.institutionView) }, 200);
  })
  .openapi(routes.get, async (c) => {
    const { institutionId } = c.req.valid('param');
    const { institution } = await within(c, institutionId, 'institution.read');
    return c.json(service.institutionView(institution), 200);
  })
  .openapi(routes.members, async (c) => {
    const { institutionId } = c.req.valid('param');
    await within(c, institutionId, 'membership.read');
    const rows = await service.listMembers(c.get('db'), institutionId);
    return c.json({ members: rows.map((m) => ({ ...m, grantedAt: m.grantedAt.toISOString() })) }, 200);
  })
  .openapi(routes.grant, async (c) => {
    const { institutionId } = c.req.valid('param');
    const { by } = await within(c, institutionId, 'membership.manage');
    const member = await service.grantRole(c.get('db'), by, institutionId, c.req.valid('json'));
    return c.json(member, 201);
  })
  .openapi(routes.revoke, async (c) => {
    const { institutionId, membershipId } = c.req.valid('param');
    const { by } = await within(c, institutionId, 'membership.manage');
    await service.revokeRole(c.get('db'), by, institutionId, membershipId);
    return c.body(null, 204);
  })
  .openapi(routes.invite, async (c) => {
    const { institutionId } = c.req.valid('param');
    const { by } = await within(c, institutionId, 'invitation.create');
    const invitation = await service.createInvitation(c.get('db'), by, institutionId, c.req.valid('json'));
    return c.json(invitation, 201);
  })
  .openapi(routes.createCohort, async (c) => {
    const { institutionId } = c.req.valid('param');
    const { by } = await within(c, institutionId, 'cohort.create');
    const cohort = await createCohort(c.get('db'), by, institutionId, c.req.valid('json'));
    return c.json(cohort, 201);
  })
  .openapi(routes.listCohorts, async (c) => {
    const { institutionId } = c.req.valid('param');
    const { actor } = await within(c, institutionId, 'cohort.list');
    const all = await listCohorts(c.get('db'), institutionId);
    // Admins see every cohort of the institution; a trainer sees the cohorts they deliver.
    const mine = can(actor, 'cohort.manage', { institutionId }) ? all : all.filter((x) => x.leadTrainerId === actor.userId || x.trainers.some((t) => t.userId === actor.userId));
    return c.json({ cohorts: mine }, 200);
  })
  .openapi(routes.auditLog, async (c) => {
    const { institutionId } = c.req.valid('param');
    await within(c, institutionId, 'audit.read');
    return c.json({ entries: await service.readAudit(c.get('db'), institutionId, c.req.valid('query')) }, 200);
  });
