import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { trainerQualifications, users } from '../../../db/schema';
import { audit } from '../../audit';
import { lineage, trainerPage } from '../../cascade/lineage';
import { changeQualification, getQualification, grant } from '../../cascade/qualifications';
import { actingAs, createRouter } from '../../context';
import { notFound } from '../../errors';
import { chunks } from '../../lib/chunks';
import { authorize, requireActor } from '../../policy';
import * as routes from './cascade.routes';

type Row = typeof trainerQualifications.$inferSelect;
const view = (q: Row) => ({ ...q, grantedAt: q.grantedAt.toISOString(), statusChangedAt: undefined });

/** Display names of the people and granters in a list, so a screen need not look each one up. */
async function named(db: Db, rows: Row[]) {
  const ids = [...new Set(rows.flatMap((q) => (q.grantedBy ? [q.userId, q.grantedBy] : [q.userId])))];
  const names = new Map<string, string>();
  for (const part of chunks(ids, 90)) {
    for (const u of await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, part))) names.set(u.id, u.name);
  }
  return rows.map((q) => ({ ...view(q), name: names.get(q.userId) ?? null, grantedByName: q.grantedBy ? (names.get(q.grantedBy) ?? null) : null }));
}

/** The train-the-trainer pathway: qualifications (/api/qualifications). */
export const qualificationsRouter = createRouter({ signedIn: true })
  .openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    const { userId, courseId } = c.req.valid('query');
    if (userId !== actor.userId) authorize(c, 'cascade.read');
    const where: SQL[] = [];
    if (userId) where.push(eq(trainerQualifications.userId, userId));
    if (courseId) where.push(eq(trainerQualifications.courseId, courseId));
    const rows = await c.get('db').select().from(trainerQualifications).where(and(...where)).orderBy(trainerQualifications.grantedAt).limit(1000);
    return c.json({ qualifications: await named(c.get('db'), rows) }, 200);
  })
  .openapi(routes.grant, async (c) => {
    const actor = requireActor(c);
    const body = c.req.valid('json');
    const [person] = await c.get('db').select({ id: users.id }).from(users).where(eq(users.id, body.userId));
    if (!person) throw notFound('That person');
    const { qualification, created } = await grant(c.get('db'), actor, actingAs(c, actor.userId), body);
    return c.json(view(qualification), created ? 201 : 200);
  })
  .openapi(routes.change, async (c) => {
    const actor = requireActor(c);
    const q = await getQualification(c.get('db'), c.req.valid('param').qualificationId);
    const { action, reason } = c.req.valid('json');
    return c.json(view(await changeQualification(c.get('db'), actor, actingAs(c, actor.userId), q, action, reason)), 200);
  });

/** Lineage per course (/api/cascade). */
export const lineageRouter = createRouter({ signedIn: true }).openapi(routes.lineage, async (c) => {
    authorize(c, 'cascade.read');
    return c.json(await lineage(c.get('db'), c.req.valid('param').courseId), 200);
  });

/** Trainer pages (/api/trainers). */
export const trainersRouter = createRouter({ signedIn: true })
  .openapi(routes.trainer, async (c) => {
    authorize(c, 'cascade.read');
    return c.json(await trainerPage(c.get('db'), c.req.valid('param').userId), 200);
  })
  .openapi(routes.markExpert, async (c) => {
    const actor = authorize(c, 'people.manage');
    const { userId } = c.req.valid('param');
    const { internationalExpert } = c.req.valid('json');
    const db = c.get('db');
    const now = c.get('now');
    const [person] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!person) throw notFound('That person');
    const [rows] = await db.batch([
      db.update(users).set({ internationalExpert, updatedAt: now }).where(eq(users.id, userId)).returning({ id: users.id, internationalExpert: users.internationalExpert }),
      audit(db, now, c.get('requestId'), { actorId: actor.userId, action: 'person.expert_changed', subjectType: 'user', subjectId: userId, detail: { internationalExpert } }),
    ]);
    return c.json(rows[0]!, 200);
  });
