import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohortMembers, cohorts, memberships, type InstitutionRole } from '../../../db/schema';
import { AppError } from '../../errors';
import { normaliseCode } from '../../lib/crypto';

type Cohort = typeof cohorts.$inferSelect;

/** Finds the open cohort a join code belongs to, or says why the code cannot be used. */
export async function cohortForJoinCode(db: Db, code: string, now: Date): Promise<Cohort> {
  const normalised = normaliseCode(code);
  const [[cohort], [seats]] = await db.batch([
    db.select().from(cohorts).where(eq(cohorts.joinCode, normalised)),
    db
      .select({ learners: count() })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(and(eq(cohorts.joinCode, normalised), eq(cohortMembers.role, 'learner'))),
  ]);
  const fields = { 'body.joinCode': 'Check the code with your trainer.' };
  if (!cohort) {
    throw new AppError(400, 'join_code_invalid', 'This join code is not known. Check it with your trainer.', { fields });
  }
  if (cohort.status !== 'open') {
    throw new AppError(409, 'cohort_closed', `The cohort "${cohort.name}" is closed to new members.`);
  }
  if (cohort.joinCodeExpiresAt && cohort.joinCodeExpiresAt.getTime() <= now.getTime()) {
    throw new AppError(400, 'join_code_expired', 'This join code has expired. Ask your trainer for a new one.', { fields });
  }
  if (cohort.capacity !== null && (seats?.learners ?? 0) >= cohort.capacity) {
    throw new AppError(409, 'cohort_full', `The cohort "${cohort.name}" is full (${cohort.capacity} places).`);
  }
  return cohort;
}

export interface Placement {
  institutionId: string;
  cohortId: string | null;
  userId: string;
  role: InstitutionRole;
  grantedBy: string | null;
}

/**
 * The writes that give a person a role in an institution and, with a cohort, a place in
 * it; each is a no-op if already there, so joining twice is harmless.
 */
export function placementWrites(db: Db, input: Placement, now: Date) {
  const cohortRole = input.role === 'trainer' || input.role === 'master_trainer' ? 'trainer' : 'learner';
  const membership = db
      .insert(memberships)
      .values({
        userId: input.userId,
        institutionId: input.institutionId,
        role: input.role,
        grantedBy: input.grantedBy,
        createdAt: now,
      })
      .onConflictDoNothing();
  if (input.cohortId === null) return [membership];
  const seat = db
      .insert(cohortMembers)
      .values({ cohortId: input.cohortId, userId: input.userId, role: cohortRole, joinedAt: now })
      .onConflictDoUpdate({
        target: [cohortMembers.cohortId, cohortMembers.userId],
        // A learner later invited as a trainer becomes a trainer; never the reverse.
        set: { role: sql`CASE WHEN ${cohortMembers.role} = 'trainer' THEN 'trainer' ELSE excluded.role END` },
      });
  return [membership, seat];
}
