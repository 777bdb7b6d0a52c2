import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { preparedPer } from '../../../db/prepared';
import { cohortMembers, cohorts, institutions, memberships, users } from '../../../db/schema';
import { notFound } from '../../errors';
import type { Me } from './me.schemas';

/** The account, its institution roles and its cohorts: read on every page load, so built once. */
const meQueries = preparedPer((db) => {
  const userId = sql.placeholder('userId');
  return [
    db.select().from(users).where(eq(users.id, userId)).prepare(),
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
      .orderBy(institutions.name, memberships.role)
      .prepare(),
    db
      .select({ id: cohorts.id, name: cohorts.name, institutionId: cohorts.institutionId, role: cohortMembers.role })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, userId))
      .orderBy(cohorts.name)
      .prepare(),
  ] as const;
});

/** The signed-in person's own view: profile, roles and cohorts. */
export async function loadMe(db: Db, userId: string): Promise<Me> {
  // Three reads that need no common snapshot: not a batch (a transaction on libSQL).
  const [account, roleList, groupList] = meQueries(db);
  const [found, roles, groups] = await Promise.all([account.all({ userId }), roleList.all({ userId }), groupList.all({ userId })]);
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
