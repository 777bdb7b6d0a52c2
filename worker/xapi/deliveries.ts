/**
 * Sends queued xAPI statements to institutions' LRSs. Each statement is fixed before its first
 * send and PUT under its own id (xAPI §2.1.1 PUT Statements), so a resend after a lost answer
 * is the same statement: the LRS keeps one. A failure leaves the row queued for later
 * (worker/xapi/retry.ts); nothing is dropped while the LRS is down.
 */
import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { lrsConnections, users, xapiStatements } from '../../db/schema';
import { unseal } from '../certificates/keyring';
import type { ContentStore } from '../content/store';
import { deliverScores } from '../lti/ags';
import { OutboundError, send, snippet, type Outbound } from '../lti/outbound';
import { buildStatement, XAPI_VERSION } from './statements';
import { DRAIN_LIMIT, LEASE_MS, retryDelay } from './retry';

type Row = typeof xapiStatements.$inferSelect;
type Outcome = { id: string; attempts: number; error: string | null };

const encoder = new TextEncoder();
/** RFC 7617: base64 of the UTF-8 `user:secret`. */
function basic(user: string, secret: string): string {
  let bin = '';
  for (const b of encoder.encode(`${user}:${secret}`)) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

async function claim(db: Db, now: Date, institutionId?: string): Promise<Row[]> {
  const enabled = db.select({ id: lrsConnections.institutionId }).from(lrsConnections).where(eq(lrsConnections.enabled, true));
  const free = and(
    isNull(xapiStatements.deliveredAt),
    lte(xapiStatements.nextAttemptAt, now),
    or(isNull(xapiStatements.leaseUntil), lte(xapiStatements.leaseUntil, now)),
    inArray(xapiStatements.institutionId, enabled),
    institutionId ? eq(xapiStatements.institutionId, institutionId) : undefined,
  );
  const due = db.select({ id: xapiStatements.id }).from(xapiStatements).where(free).orderBy(xapiStatements.nextAttemptAt).limit(DRAIN_LIMIT);
  return db
    .update(xapiStatements)
    .set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(and(inArray(xapiStatements.id, due), free))
    .returning();
}

/** Fixes the statement of each row that has none yet, from today's names and titles, before anything is sent. */
async function freeze(db: Db, rows: Row[], homePages: Map<string, string>, content: ContentStore | undefined): Promise<void> {
  const open = rows.filter((r) => r.statement === null);
  if (open.length === 0) return;
  const people = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(open.map((r) => r.userId))].slice(0, 99)));
  const index = await content?.index();
  const writes = open.map((row) => {
    const course = index?.courses.find((c) => c.id === row.courseId)?.locales.en;
    row.statement = buildStatement(row, {
      homePage: homePages.get(row.institutionId) ?? '',
      learnerName: people.find((p) => p.id === row.userId)?.name ?? 'Learner',
      courseTitle: course?.title,
      lessonTitle: row.lessonId ? course?.lessons.find((l) => l.id === row.lessonId)?.title : undefined,
    });
    // Only where still unset: a row frozen by an earlier drain keeps its first statement.
    return db.update(xapiStatements).set({ statement: row.statement }).where(and(eq(xapiStatements.id, row.id), isNull(xapiStatements.statement)));
  });
  await db.batch([writes[0]!, ...writes.slice(1)]);
  const stored = await db.select({ id: xapiStatements.id, statement: xapiStatements.statement }).from(xapiStatements).where(inArray(xapiStatements.id, open.map((r) => r.id)));
  for (const s of stored) {
    const row = open.find((r) => r.id === s.id);
    if (row && s.statement) row.statement = s.statement;
  }
}

function failure(res: Response, body: string): string {
  if (res.status === 401 || res.status === 403) return `The LRS refused Cascade's credentials (HTTP ${res.status}). Check the username and secret.`;
  if (res.status === 400) return `The LRS rejected the statement (HTTP 400: ${body}).`;
  return `The LRS did not take the statement (HTTP ${res.status}${body ? `: ${body}` : ''}).`;
}

async function record(db: Db, outcomes: readonly Outcome[], now: Date) {
  if (outcomes.length === 0) return;
  const writes = outcomes.map((o) =>
    db
      .update(xapiStatements)
      .set(
        o.error === null
          ? { deliveredAt: now, attempts: o.attempts + 1, leaseUntil: null, lastError: null }
          : { attempts: o.attempts + 1, nextAttemptAt: new Date(now.getTime() + retryDelay(o.attempts + 1)), leaseUntil: null, lastError: o.error.slice(0, 500) },
      )
      .where(eq(xapiStatements.id, o.id)),
  );
  await db.batch([writes[0]!, ...writes.slice(1)]);
}

/** Sends what is due to every enabled LRS (or one institution's). Never throws for an LRS's failure. */
export async function deliverStatements(db: Db, out: Outbound, now: Date, opts: { content?: ContentStore; institutionId?: string } = {}) {
  const rows = await claim(db, now, opts.institutionId);
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const connections = await db
    .select()
    .from(lrsConnections)
    .where(inArray(lrsConnections.institutionId, [...new Set(rows.map((r) => r.institutionId))]));
  await freeze(db, rows, new Map(connections.map((c) => [c.institutionId, c.homePage])), opts.content);
  const outcomes: Outcome[] = [];
  for (const lrs of connections) {
    const mine = rows.filter((r) => r.institutionId === lrs.institutionId);
    let auth: string;
    try {
      if (!out.master) throw new OutboundError(lrs.endpoint, 'This Cascade has no master key, so it cannot open the stored LRS secret.');
      auth = basic(lrs.username, await unseal(out.master, lrs.sealedSecret));
    } catch (err) {
      const why = err instanceof OutboundError ? err.message : 'The stored LRS secret cannot be opened with this master key: enter it again.';
      outcomes.push(...mine.map((r) => ({ id: r.id, attempts: r.attempts, error: why })));
      continue;
    }
    for (const row of mine) {
      try {
        const res = await send(out, `${lrs.endpoint}statements?statementId=${row.id}`, {
          method: 'PUT',
          headers: { authorization: auth, 'content-type': 'application/json', 'x-experience-api-version': XAPI_VERSION },
          body: JSON.stringify(row.statement),
        });
        // 409: the LRS already holds a statement with this id, i.e. an earlier send arrived.
        const ok = res.ok || res.status === 409;
        outcomes.push({ id: row.id, attempts: row.attempts, error: ok ? null : failure(res, await snippet(res)) });
      } catch (err) {
        outcomes.push({ id: row.id, attempts: row.attempts, error: err instanceof OutboundError ? err.message : String(err) });
      }
    }
    const last = outcomes.filter((o) => mine.some((r) => r.id === o.id));
    const lastError = last.find((o) => o.error !== null)?.error ?? null;
    await db
      .update(lrsConnections)
      .set(lastError ? { lastError, lastErrorAt: now } : { lastDeliveredAt: now, lastError: null, lastErrorAt: null })
      .where(eq(lrsConnections.institutionId, lrs.institutionId));
  }
  for (const r of rows) if (!outcomes.some((o) => o.id === r.id)) outcomes.push({ id: r.id, attempts: r.attempts, error: 'The LRS was disconnected.' });
  await record(db, outcomes, now);
  return { sent: outcomes.filter((o) => o.error === null).length, failed: outcomes.filter((o) => o.error !== null).length };
}

/**
 * One pass over both outboxes: scores to platforms' gradebooks and statements to LRSs. The
 * Node entry runs it every minute, the Workers entry on its cron; both log and carry on.
 */
export async function deliverQueued(db: Db, out: Outbound, now: Date, content?: ContentStore) {
  const [scores, statements] = await Promise.all([deliverScores(db, out, now), deliverStatements(db, out, now, { content })]);
  return { scores, statements };
}
