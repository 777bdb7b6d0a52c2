/** What an admin sees of a platform's courses: their cohorts, placed links, learners and gradebook deliveries. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { cohorts, ltiContexts, ltiResourceLinks, ltiScores } from '../../db/schema';
import { notFound } from '../errors';

export async function contextPlatform(db: Db, contextRowId: string): Promise<string> {
  const [row] = await db.select({ platformId: ltiContexts.platformId }).from(ltiContexts).where(eq(ltiContexts.id, contextRowId));
  if (!row) throw notFound('The platform course');
  return row.platformId;
}

export async function listContexts(db: Db, platformId: string) {
  const contexts = await db
    .select({ context: ltiContexts, cohortName: cohorts.name })
    .from(ltiContexts)
    .leftJoin(cohorts, eq(cohorts.id, ltiContexts.cohortId))
    .where(eq(ltiContexts.platformId, platformId))
    .orderBy(ltiContexts.title)
    .limit(500);
  const links = await db
    .select({ link: ltiResourceLinks, learners: sql<number>`(SELECT count(*) FROM lti_link_learners l WHERE l.link_id = ${ltiResourceLinks.id})` })
    .from(ltiResourceLinks)
    .where(eq(ltiResourceLinks.platformId, platformId))
    .limit(2000);
  const linkIds = links.map((l) => l.link.id);
  const scoreRows = linkIds.length
    ? await db
        .select({
          linkId: ltiScores.linkId,
          pending: sql<number>`sum(${ltiScores.deliveredAt} IS NULL)`,
          delivered: sql<number>`sum(${ltiScores.deliveredAt} IS NOT NULL)`,
          failing: sql<number>`sum(${ltiScores.deliveredAt} IS NULL AND ${ltiScores.lastError} IS NOT NULL)`,
          lastError: sql<string | null>`max(CASE WHEN ${ltiScores.deliveredAt} IS NULL THEN ${ltiScores.lastError} END)`,
        })
        .from(ltiScores)
        .innerJoin(ltiResourceLinks, eq(ltiResourceLinks.id, ltiScores.linkId))
        .where(eq(ltiResourceLinks.platformId, platformId))
        .groupBy(ltiScores.linkId)
    : [];
  return contexts.map(({ context, cohortName }) => {
    const mine = links.filter((l) => l.link.contextRowId === context.id);
    const scores = scoreRows.filter((s) => mine.some((l) => l.link.id === s.linkId));
    const sum = (k: 'pending' | 'delivered' | 'failing') => scores.reduce((n, s) => n + Number(s[k] ?? 0), 0);
    return {
      id: context.id,
      contextId: context.contextId,
      title: context.title,
      cohort: context.cohortId && cohortName ? { id: context.cohortId, name: cohortName } : null,
      rosterSync: context.membershipsUrl !== null,
      rosterSyncedAt: context.rosterSyncedAt?.toISOString() ?? null,
      rosterError: context.rosterError,
      links: mine.map((l) => ({
        id: l.link.id,
        title: l.link.title,
        courseId: l.link.courseId,
        lessonId: l.link.lessonId,
        gradebook: l.link.lineItemUrl !== null,
        learners: Number(l.learners),
      })),
      scores: { pending: sum('pending'), delivered: sum('delivered'), failing: sum('failing'), lastError: scores.find((s) => s.lastError)?.lastError ?? null },
    };
  });
}

/** "Send now": the platform's pending scores are due at once. */
export function makeScoresDue(db: Db, platformId: string, now: Date) {
  const links = db.select({ id: ltiResourceLinks.id }).from(ltiResourceLinks).where(eq(ltiResourceLinks.platformId, platformId));
  return db
    .update(ltiScores)
    .set({ nextAttemptAt: now })
    .where(and(inArray(ltiScores.linkId, links), isNull(ltiScores.deliveredAt)));
}
