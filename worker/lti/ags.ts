/**
 * Assignment and Grade Services 2.0: the scores the triggers of migration 0015 queue (a lesson
 * completed on a lesson link, a graded summative attempt on a course link) are posted to the
 * link's line item in the platform's gradebook, with retry (see worker/xapi/retry.ts).
 */
import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ltiLinkLearners, ltiPlatforms, ltiResourceLinks, ltiScores } from '../../db/schema';
import { AppError } from '../errors';
import { DRAIN_LIMIT, LEASE_MS, retryDelay } from '../xapi/retry';
import { SCOPE } from './claims';
import { platformToken } from './oauth';
import { OutboundError, send, snippet, type Outbound } from './outbound';

type Score = typeof ltiScores.$inferSelect;
type Outcome = { id: string; attempts: number; error: string | null };

/** `…/lineitem?x=1` → `…/lineitem/scores?x=1` (AGS §3.4: the scores endpoint is the line item URL + /scores). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

export function scoreBody(score: Score, sub: string) {
  return {
    userId: sub,
    ...(score.scoreGiven !== null && score.scoreMaximum !== null ? { scoreGiven: score.scoreGiven, scoreMaximum: score.scoreMaximum } : {}),
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    timestamp: score.occurredAt.toISOString(),
  };
}

/** Takes the due rows for this drain; rows another drain holds stay with it. */
async function claim(db: Db, now: Date): Promise<Score[]> {
  const free = and(isNull(ltiScores.deliveredAt), lte(ltiScores.nextAttemptAt, now), or(isNull(ltiScores.leaseUntil), lte(ltiScores.leaseUntil, now)));
  const due = db.select({ id: ltiScores.id }).from(ltiScores).where(free).orderBy(ltiScores.nextAttemptAt).limit(DRAIN_LIMIT);
  return db
    .update(ltiScores)
    .set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(and(inArray(ltiScores.id, due), free))
    .returning();
}

function message(err: unknown): string {
  if (err instanceof OutboundError || err instanceof AppError) return err.message;
  return `Unexpected failure: ${err instanceof Error ? err.message : String(err)}`;
}

async function record(db: Db, outcomes: readonly Outcome[], now: Date) {
  if (outcomes.length === 0) return;
  const [first, ...rest] = outcomes.map((o) =>
    db
      .update(ltiScores)
      .set(
        o.error === null
          ? { deliveredAt: now, attempts: o.attempts + 1, leaseUntil: null, lastError: null }
          : { attempts: o.attempts + 1, nextAttemptAt: new Date(now.getTime() + retryDelay(o.attempts + 1)), leaseUntil: null, lastError: o.error.slice(0, 500) },
      )
      .where(eq(ltiScores.id, o.id)),
  );
  await db.batch([first!, ...rest]);
}

/** Sends what is due to every platform's gradebook. Never throws for a platform's failure: the rows wait. */
export async function deliverScores(db: Db, out: Outbound, now: Date): Promise<{ sent: number; failed: number }> {
  const rows = await claim(db, now);
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const ids = rows.map((r) => r.id);
  const targets = await db
    .select({ id: ltiScores.id, lineItemUrl: ltiResourceLinks.lineItemUrl, platformId: ltiResourceLinks.platformId, sub: ltiLinkLearners.sub })
    .from(ltiScores)
    .innerJoin(ltiResourceLinks, eq(ltiResourceLinks.id, ltiScores.linkId))
    .leftJoin(ltiLinkLearners, and(eq(ltiLinkLearners.linkId, ltiScores.linkId), eq(ltiLinkLearners.userId, ltiScores.userId)))
    .where(inArray(ltiScores.id, ids));
  const platforms = await db
    .select()
    .from(ltiPlatforms)
    .where(inArray(ltiPlatforms.id, [...new Set(targets.map((t) => t.platformId))]));
  const outcomes: Outcome[] = [];
  for (const platform of platforms) {
    const mine = rows.filter((r) => targets.find((t) => t.id === r.id)?.platformId === platform.id);
    let token: string;
    try {
      token = await platformToken(db, out, platform, [SCOPE.score], now);
    } catch (err) {
      outcomes.push(...mine.map((r) => ({ id: r.id, attempts: r.attempts, error: message(err) })));
      continue;
    }
    for (const row of mine) {
      const target = targets.find((t) => t.id === row.id)!;
      if (!target.lineItemUrl || !target.sub) {
        outcomes.push({ id: row.id, attempts: row.attempts, error: 'The link has no gradebook column (line item) for this learner yet.' });
        continue;
      }
      try {
        const res = await send(out, scoresUrl(target.lineItemUrl), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
          body: JSON.stringify(scoreBody(row, target.sub)),
        });
        outcomes.push({
          id: row.id,
          attempts: row.attempts,
          error: res.ok ? null : `${platform.name}'s gradebook refused the score (HTTP ${res.status}: ${await snippet(res)}).`,
        });
      } catch (err) {
        outcomes.push({ id: row.id, attempts: row.attempts, error: message(err) });
      }
    }
  }
  // A row whose link or platform went away meanwhile is failed like the rest, never silently kept leased.
  for (const r of rows) if (!outcomes.some((o) => o.id === r.id)) outcomes.push({ id: r.id, attempts: r.attempts, error: 'Its LTI link is no longer registered.' });
  await record(db, outcomes, now);
  return { sent: outcomes.filter((o) => o.error === null).length, failed: outcomes.filter((o) => o.error !== null).length };
}
