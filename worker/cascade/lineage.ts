/**
 * Who trained whom: each qualification's granter is the grantee's trainer, so the grants form a
 * forest whose roots are the first trainers (qualified by the programme). The trainer page adds
 * what each trainer delivered and how their learners did, suppressed like every report.
 */
import { and, eq, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { certificates, cohortCourses, cohortMembers, cohorts, institutions, trainerQualifications, users } from '../../db/schema';
import type { QualificationLevel } from '../../db/schema/enums';
import { notFound } from '../errors';
import { cell, rate } from '../reports/suppress';
import { mentoringMinutes } from './qualifications';

const RANK: Record<QualificationLevel, number> = { candidate: 0, co_facilitator: 1, certified_trainer: 2, master_trainer: 3 };

export async function lineage(db: Db, courseId: string) {
  const grants = await db
    .select({
      id: trainerQualifications.id,
      userId: trainerQualifications.userId,
      grantedBy: trainerQualifications.grantedBy,
      level: trainerQualifications.level,
      status: trainerQualifications.status,
      grantedAt: trainerQualifications.grantedAt,
    })
    .from(trainerQualifications)
    .where(and(eq(trainerQualifications.courseId, courseId), ne(trainerQualifications.status, 'revoked')))
    .orderBy(trainerQualifications.grantedAt);
  // Everyone in the lineage, as a subquery: a list of ids would outgrow D1's 100 bound parameters.
  const inLineage = sql`(SELECT user_id FROM trainer_qualifications WHERE course_id = ${courseId} AND status <> 'revoked'
    UNION SELECT granted_by FROM trainer_qualifications WHERE course_id = ${courseId} AND status <> 'revoked' AND granted_by IS NOT NULL)`;
  const [people, issued, led] = await db.batch([
    db
      .select({ id: users.id, name: users.displayName, country: users.country, international: users.internationalExpert, programmeAdmin: users.programmeAdmin })
      .from(users)
      .where(sql`${users.id} IN ${inLineage}`),
    db
      .select({ trainerId: certificates.trainerId, n: sql<number>`count(*)` })
      .from(certificates)
      .where(and(eq(certificates.courseId, courseId), sql`${certificates.trainerId} IN ${inLineage}`))
      .groupBy(certificates.trainerId),
    db
      .select({ leadTrainerId: cohorts.leadTrainerId, n: sql<number>`count(*)` })
      .from(cohorts)
      .innerJoin(cohortCourses, and(eq(cohortCourses.cohortId, cohorts.id), eq(cohortCourses.courseId, courseId)))
      .where(sql`${cohorts.leadTrainerId} IN ${inLineage}`)
      .groupBy(cohorts.leadTrainerId),
  ]);
  // One edge per trainer and granter: the highest level that granter gave them.
  const edges = new Map<string, { from: string; to: string; level: QualificationLevel; grantedAt: string; status: string }>();
  for (const g of grants) {
    if (!g.grantedBy) continue;
    const key = `${g.grantedBy}>${g.userId}`;
    const had = edges.get(key);
    if (!had || RANK[g.level] > RANK[had.level]) edges.set(key, { from: g.grantedBy, to: g.userId, level: g.level, grantedAt: g.grantedAt.toISOString(), status: g.status });
  }
  // Generations: the programme's first trainers are 1, whom they trained 2, and so on.
  const taughtBy = new Map<string, string[]>();
  for (const e of edges.values()) taughtBy.set(e.to, [...(taughtBy.get(e.to) ?? []), e.from]);
  const generation = new Map<string, number>();
  const depth = (id: string, seen: Set<string>): number => {
    const known = generation.get(id);
    if (known !== undefined) return known;
    const person = people.find((p) => p.id === id);
    const teachers = (taughtBy.get(id) ?? []).filter((t) => !seen.has(t) && !people.find((p) => p.id === t)?.programmeAdmin);
    const g = person?.programmeAdmin ? 0 : teachers.length ? 1 + Math.min(...teachers.map((t) => depth(t, new Set([...seen, id])))) : 1;
    generation.set(id, g);
    return g;
  };
  return {
    courseId,
    people: people
      .map((p) => {
        const mine = grants.filter((g) => g.userId === p.id);
        const top = mine.sort((a, b) => RANK[b.level] - RANK[a.level])[0];
        return {
          id: p.id,
          name: p.name,
          country: p.country,
          internationalExpert: p.international,
          programme: p.programmeAdmin && mine.length === 0,
          level: top?.level ?? null,
          status: top?.status ?? null,
          generation: depth(p.id, new Set()),
          certificatesIssued: Number(issued.find((i) => i.trainerId === p.id)?.n ?? 0),
          cohortsLed: Number(led.find((l) => l.leadTrainerId === p.id)?.n ?? 0),
        };
      })
      .sort((a, b) => a.generation - b.generation || a.name.localeCompare(b.name)),
    edges: [...edges.values()],
  };
}

/** A trainer's page: their qualifications, the cohorts they led or co-facilitated, and how their learners did. */
export async function trainerPage(db: Db, userId: string) {
  const [[person], qualifications, delivered] = await db.batch([
    db.select({ id: users.id, name: users.displayName, country: users.country, internationalExpert: users.internationalExpert }).from(users).where(eq(users.id, userId)),
    db
      .select({
        id: trainerQualifications.id,
        courseId: trainerQualifications.courseId,
        level: trainerQualifications.level,
        status: trainerQualifications.status,
        grantedAt: trainerQualifications.grantedAt,
        grantedBy: users.displayName,
        evidence: trainerQualifications.evidence,
      })
      .from(trainerQualifications)
      .leftJoin(users, eq(users.id, trainerQualifications.grantedBy))
      .where(eq(trainerQualifications.userId, userId))
      .orderBy(trainerQualifications.grantedAt),
    db
      .selectDistinct({ id: cohorts.id, name: cohorts.name, institution: institutions.name, startsOn: cohorts.startsOn, endsOn: cohorts.endsOn, lead: cohorts.leadTrainerId })
      .from(cohorts)
      .innerJoin(institutions, eq(institutions.id, cohorts.institutionId))
      .leftJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, userId), eq(cohortMembers.role, 'trainer')))
      .where(or(eq(cohorts.leadTrainerId, userId), eq(cohortMembers.userId, userId))),
  ]);
  if (!person) throw notFound('The trainer');
  const outcomes = delivered.length
    ? await db.all<{ cohort_id: string; learners: number; certified: number }>(sql`
        SELECT cm.cohort_id, COUNT(DISTINCT cm.user_id) AS learners,
               COUNT(DISTINCT CASE WHEN ce.id IS NOT NULL THEN cm.user_id END) AS certified
        FROM cohort_members cm
        LEFT JOIN cohort_courses cc ON cc.cohort_id = cm.cohort_id
        LEFT JOIN certificates ce ON ce.learner_id = cm.user_id AND ce.course_id = cc.course_id AND ce.status = 'valid'
        WHERE cm.role = 'learner' AND cm.cohort_id IN (
          SELECT id FROM cohorts WHERE lead_trainer_id = ${userId}
          UNION SELECT cohort_id FROM cohort_members WHERE user_id = ${userId} AND role = 'trainer')
        GROUP BY cm.cohort_id`)
    : [];
  const [issued] = await db.select({ n: sql<number>`count(*)` }).from(certificates).where(eq(certificates.trainerId, userId));
  return {
    ...person,
    mentoringHours: Math.round(((await mentoringMinutes(db, userId)) / 60) * 10) / 10,
    qualifications: qualifications.map((q) => ({ ...q, grantedAt: q.grantedAt.toISOString() })),
    certificatesIssued: Number(issued?.n ?? 0),
    cohorts: delivered.map((c) => {
      const o = outcomes.find((x) => x.cohort_id === c.id);
      const learners = Number(o?.learners ?? 0);
      const certified = Number(o?.certified ?? 0);
      return {
        id: c.id,
        name: c.name,
        institution: c.institution,
        role: c.lead === userId ? ('lead' as const) : ('co-facilitator' as const),
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        learners: cell(learners),
        certified: cell(certified),
        certifiedShare: rate(certified, learners),
      };
    }),
  };
}
