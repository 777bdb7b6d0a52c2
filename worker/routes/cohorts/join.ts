import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohortMembers, cohorts, memberships, type InstitutionRole } from '../../../db/schema';
import { AppError } from '../../errors';
import { normaliseCode } from '../../lib/crypto';

type Cohort = typeof cohorts.$inferSelect;

/** A cohort and how many learners it has, found by id or by join code, in one round trip. */
async function cohortWithSeats(db: Db, match: SQL) {
  const [[cohort], [seats]] = await db.batch([
    db.select().from(cohorts).where(match),
    db
      .select({ learners: count() })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(and(match, eq(cohortMembers.role, 'learner'))),
  ]);
  return { cohort, learners: seats?.learners ?? 0 };
}

/** Refuses a new learner in a closed or full cohort, however they arrive. */
function assertRoom(cohort: Cohort, learners: number): void {
  if (cohort.status !== 'open') {
    throw new AppError(409, 'cohort_closed', `The cohort "${cohort.name}" is closed to new members.`);
  }
  if (cohort.capacity !== null && learners >= cohort.capacity) {
    throw new AppError(409, 'cohort_full', `The cohort "${cohort.name}" is full (${cohort.capacity} places).`);
  }
}

/** Finds the open cohort a join code belongs to, or says why the code cannot be used. */
export async function cohortForJoinCode(db: Db, code: string, now: Date): Promise<Cohort> {
  const { cohort, learners } = await cohortWithSeats(db, eq(cohorts.joinCode, normaliseCode(code)));
  const fields = { 'body.joinCode': 'Check the code with your trainer.' };
  if (!cohort) {
    throw new AppError(400, 'join_code_invalid', 'This join code is not known. Check it with your trainer.', { fields });
  }
  if (cohort.joinCodeExpiresAt && cohort.joinCodeExpiresAt.getTime() <= now.getTime()) {
    throw new AppError(400, 'join_code_expired', 'This join code has expired. Ask your trainer for a new one.', { fields });
  }
  assertRoom(cohort, learners);
  return cohort;
}

/** For an invitation into a cohort: the cohort must still take a learner (a trainer always fits). */
export async function assertCohortTakes(db: Db, cohortId: string, role: InstitutionRole): Promise<void> {
  if (cohortRoleFor(role) !== 'learner') return;
  const { cohort, learners } = await cohortWithSeats(db, eq(cohorts.id, cohortId));
  if (cohort) assertRoom(cohort, learners);
}

/** Only these institution roles have a seat in a cohort: as a learner, or as one of its trainers. */
export const COHORT_SEATED_ROLES: readonly InstitutionRole[] = ['learner', 'trainer', 'master_trainer'];

export const cohortRoleFor = (role: InstitutionRole) =>
  role === 'trainer' || role === 'master_trainer' ? ('trainer' as const) : ('learner' as const);

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
  const cohortRole = cohortRoleFor(input.role);
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
