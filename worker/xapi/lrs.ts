/** An institution's learning record store: where its learners' statements go, with credentials sealed at rest. */
import { and, count, eq, isNotNull, isNull, min, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client';
import { lrsConnections, xapiStatements } from '../../db/schema';
import { audit } from '../audit';
import { seal } from '../certificates/keyring';
import type { Acting } from '../context';
import { AppError } from '../errors';
import type { LrsInput } from '../routes/xapi/xapi.schemas';

export type LrsConnection = typeof lrsConnections.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** `https://lrs/xapi` and `https://lrs/xapi/` are the same endpoint; statements live under it. */
export const normaliseEndpoint = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export async function getConnection(db: Db, institutionId: string): Promise<LrsConnection | undefined> {
  const [row] = await db.select().from(lrsConnections).where(eq(lrsConnections.institutionId, institutionId));
  return row;
}

export async function queueOf(db: Db, institutionId: string) {
  const mine = eq(xapiStatements.institutionId, institutionId);
  const [[pending], [delivered], [failing]] = await db.batch([
    db.select({ n: count(), next: min(xapiStatements.nextAttemptAt) }).from(xapiStatements).where(and(mine, isNull(xapiStatements.deliveredAt))),
    db.select({ n: count() }).from(xapiStatements).where(and(mine, isNotNull(xapiStatements.deliveredAt))),
    db
      .select({ n: count(), error: sql<string | null>`max(${xapiStatements.lastError})` })
      .from(xapiStatements)
      .where(and(mine, isNull(xapiStatements.deliveredAt), isNotNull(xapiStatements.lastError))),
  ]);
  const next = pending?.next as Date | number | null | undefined;
  return {
    pending: pending?.n ?? 0,
    delivered: delivered?.n ?? 0,
    failing: failing?.n ?? 0,
    nextAttemptAt: next === null || next === undefined ? null : new Date(next).toISOString(),
    lastError: failing?.error ?? null,
  };
}

export function connectionView(row: LrsConnection | undefined) {
  if (!row) return null;
  return {
    endpoint: row.endpoint,
    username: row.username,
    enabled: row.enabled,
    homePage: row.homePage,
    lastDeliveredAt: iso(row.lastDeliveredAt),
    lastError: row.lastError && row.lastErrorAt ? { message: row.lastError, at: row.lastErrorAt.toISOString() } : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Sets (or replaces) the institution's LRS; statements from now on are queued for it. */
export async function saveConnection(db: Db, master: CryptoKey | undefined, by: Acting, institutionId: string, origin: string, input: z.infer<typeof LrsInput>) {
  if (!master) {
    throw new AppError(503, 'xapi_no_master_key', 'This Cascade has no master key to keep the LRS secret with. Set ISSUER_MASTER_KEY (Workers) or let the Node entry create data/issuer-master.key.');
  }
  const existing = await getConnection(db, institutionId);
  if (!existing && input.password === undefined) {
    throw new AppError(400, 'validation_failed', 'Enter the secret the LRS issued for Cascade.', { fields: { 'body.password': 'Enter the secret.' } });
  }
  const sealedSecret = input.password === undefined ? existing!.sealedSecret : await seal(master, input.password);
  const values = { endpoint: normaliseEndpoint(input.endpoint), username: input.username, sealedSecret, enabled: input.enabled, homePage: origin, updatedAt: by.now };
  await db.batch([
    db
      .insert(lrsConnections)
      .values({ ...values, institutionId, createdBy: by.actorId, createdAt: by.now })
      .onConflictDoUpdate({ target: lrsConnections.institutionId, set: { ...values, lastError: null, lastErrorAt: null } }),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: existing ? 'xapi.lrs_updated' : 'xapi.lrs_connected',
      institutionId,
      subjectType: 'lrs_connection',
      subjectId: institutionId,
      detail: { endpoint: values.endpoint, username: input.username, enabled: input.enabled, secretChanged: input.password !== undefined },
    }),
  ]);
  return (await getConnection(db, institutionId))!;
}

/** Disconnects the LRS; statements not yet sent are dropped with it, since nobody will receive them. */
export async function removeConnection(db: Db, by: Acting, institutionId: string): Promise<void> {
  await db.batch([
    db.delete(lrsConnections).where(eq(lrsConnections.institutionId, institutionId)),
    db.delete(xapiStatements).where(and(eq(xapiStatements.institutionId, institutionId), isNull(xapiStatements.deliveredAt))),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'xapi.lrs_disconnected',
      institutionId,
      subjectType: 'lrs_connection',
      subjectId: institutionId,
    }),
  ]);
}

/** "Send now": everything pending for the institution is due at once. */
export function makeDue(db: Db, institutionId: string, now: Date) {
  return db
    .update(xapiStatements)
    .set({ nextAttemptAt: now })
    .where(and(eq(xapiStatements.institutionId, institutionId), isNull(xapiStatements.deliveredAt)));
}
