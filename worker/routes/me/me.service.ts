import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohortMembers, cohorts, institutions, memberships, users } from '../../../db/schema';
import { notFound } from '../../errors';
import type { Me } from './me.schemas';

/** The signed-in person's own view: profile, roles and cohorts, in one round trip. */
export async function loadMe(db: Db, userId: string): Promise<Me> {
  const [found, roles, groups] = await db.batch([
    db.select().from(users).where(eq(users.id, userId)),
    db
      .select({
        id: memberships.id,
        institutionId: memberships.institutionId,
        institutionName: institutions.name,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
      .where(eq(memberships.userId, userId))
      .orderBy(institutions.name, memberships.role),
    db
      .select({ id: cohorts.id, name: cohorts.name, institutionId: cohorts.institutionId, role: cohortMembers.role })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, userId))
      .orderBy(cohorts.name),
  ]);
  const user = found[0];
  if (!user) throw notFound('Your account');
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    locale: user.locale,
    country: user.country,
    sector: user.sector,
    region: user.region,
    inCapital: user.inCapital,
    gender: user.gender,
    programmeAdmin: user.programmeAdmin,
    memberships: roles,
    cohorts: groups,
  };
}

export function isCohortMember(db: Db, cohortId: string, userId: string) {
  return db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)));
}
