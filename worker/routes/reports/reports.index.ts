import { and, desc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { curriculumAdoptions, institutions } from '../../../db/schema';
import { audit } from '../../audit';
import { actingAs, createRouter, type AppEnv } from '../../context';
import { AppError, notFound } from '../../errors';
import { isUniqueViolation } from '../../lib/db-errors';
import { authorize } from '../../policy';
import { handoverCsv, handoverDashboard, type ReportScope } from '../../reports/handover';
import { learnerReport, learnerReportCsv } from '../../reports/learners';
import * as routes from './reports.routes';

/** One institution for its admins; a country or the whole programme for programme admins. */
function authorizeScope(c: Context<AppEnv>, scope: ReportScope) {
  if (scope.institutionId && scope.country) {
    throw new AppError(400, 'validation_failed', 'Choose an institution or a country, not both.', { fields: { 'query.country': 'Leave out when naming an institution.' } });
  }
  if (scope.institutionId) authorize(c, 'report.read', { institutionId: scope.institutionId });
  else authorize(c, 'report.read_all');
}

function csvResponse(c: Context<AppEnv>, name: string, body: string) {
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
}

const adoptionView = (a: typeof curriculumAdoptions.$inferSelect) => ({
  id: a.id,
  institutionId: a.institutionId,
  courseId: a.courseId,
  courseVersion: a.courseVersion,
  programme: a.programme,
  year: a.year,
  note: a.note,
  createdAt: a.createdAt.toISOString(),
});

export const reportsRouter = createRouter({ signedIn: true })
  .openapi(routes.handover, async (c) => {
    const { format, table, ...scope } = c.req.valid('query');
    authorizeScope(c, scope);
    const dashboard = await handoverDashboard(c.get('db'), scope);
    if (format === 'csv') return csvResponse(c, `handover-${table}`, handoverCsv(dashboard, table)) as never;
    return c.json(dashboard, 200);
  })
  .openapi(routes.learners, async (c) => {
    const { format, by, ...scope } = c.req.valid('query');
    authorizeScope(c, scope);
    const report = await learnerReport(c.get('db'), scope, by);
    if (format === 'csv') return csvResponse(c, `learners-by-${by}`, learnerReportCsv(report)) as never;
    return c.json(report, 200);
  });

/** Curriculum adoption records (/api/institutions/{id}/adoptions). */
export const adoptionsRouter = createRouter({ signedIn: true })
  .openapi(routes.adoptions, async (c) => {
    const { institutionId } = c.req.valid('param');
    authorize(c, 'institution.read', { institutionId });
    const rows = await c.get('db').select().from(curriculumAdoptions).where(eq(curriculumAdoptions.institutionId, institutionId)).orderBy(desc(curriculumAdoptions.year), curriculumAdoptions.courseId);
    return c.json({ adoptions: rows.map(adoptionView) }, 200);
  })
  .openapi(routes.adopt, async (c) => {
    const { institutionId } = c.req.valid('param');
    const actor = authorize(c, 'adoption.manage', { institutionId });
    const db = c.get('db');
    const [institution] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId));
    if (!institution) throw notFound('The institution');
    const body = c.req.valid('json');
    const by = actingAs(c, actor.userId);
    const id = crypto.randomUUID();
    try {
      const [rows] = await db.batch([
        db.insert(curriculumAdoptions).values({ id, institutionId, ...body, note: body.note ?? null, createdBy: actor.userId, createdAt: by.now }).returning(),
        audit(db, by.now, by.requestId, { actorId: actor.userId, action: 'adoption.recorded', institutionId, subjectType: 'adoption', subjectId: id, detail: body }),
      ]);
      return c.json(adoptionView(rows[0]!), 201);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new AppError(409, 'already_recorded', `"${body.courseId}" is already recorded in "${body.programme}" for ${body.year}.`);
    }
  })
  .openapi(routes.unadopt, async (c) => {
    const { institutionId, adoptionId } = c.req.valid('param');
    const actor = authorize(c, 'adoption.manage', { institutionId });
    const db = c.get('db');
    const where = and(eq(curriculumAdoptions.id, adoptionId), eq(curriculumAdoptions.institutionId, institutionId));
    const [row] = await db.select().from(curriculumAdoptions).where(where);
    if (!row) throw notFound('The adoption record');
    const now = c.get('now');
    await db.batch([
      db.delete(curriculumAdoptions).where(where),
      audit(db, now, c.get('requestId'), { actorId: actor.userId, action: 'adoption.removed', institutionId, subjectType: 'adoption', subjectId: adoptionId }),
    ]);
    return c.body(null, 204);
  });
