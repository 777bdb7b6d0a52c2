/**
 * The train-the-trainer pathway (DESIGN.md "The cascade"), per course:
 *
 *   practitioner certificate → candidate (nominated by an institution; also passed the
 *   Training-of-Trainers course where it runs) → co-facilitator (signed off by the certified
 *   trainer who led the cohort they helped deliver) → certified trainer (granted by a master
 *   trainer, on cohorts co-delivered and an observation) → master trainer.
 *
 * Programme admins may grant any level without the steps before it: that is how the first
 * (often international) trainers enter, and they are the roots of the lineage.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { findRelease } from '../assessments/releases';
import type { Db } from '../../db/client';
import { certificates, cohortCourses, cohortMembers, cohorts, courseReleases, memberships, mentoringSessions, mentorships, trainerQualifications, type QualificationEvidence } from '../../db/schema';
import type { QualificationLevel } from '../../db/schema/enums';
import { audit } from '../audit';
import type { Acting, Actor } from '../context';
import { AppError, notFound } from '../errors';
import { isUniqueViolation } from '../lib/db-errors';

export const TOT_COURSE = 'training-of-trainers';
/** Levels that lead cohorts and issue practitioner certificates. */
export const LEADING_LEVELS: readonly QualificationLevel[] = ['certified_trainer', 'master_trainer'];
const PREVIOUS: Record<QualificationLevel, QualificationLevel | null> = {
  candidate: null,
  co_facilitator: 'candidate',
  certified_trainer: 'co_facilitator',
  master_trainer: 'certified_trainer',
};
const LABEL: Record<QualificationLevel, string> = {
  candidate: 'trainer candidate',
  co_facilitator: 'co-facilitator',
  certified_trainer: 'certified trainer',
  master_trainer: 'master trainer',
};

type Qualification = typeof trainerQualifications.$inferSelect;

/** The person's standing (active) levels for a course. */
export async function activeLevels(db: Db, userId: string, courseId: string): Promise<Set<QualificationLevel>> {
  const rows = await db
    .select({ level: trainerQualifications.level })
    .from(trainerQualifications)
    .where(and(eq(trainerQualifications.userId, userId), eq(trainerQualifications.courseId, courseId), eq(trainerQualifications.status, 'active')));
  return new Set(rows.map((r) => r.level));
}

export async function leadsCourse(db: Db, userId: string, courseId: string): Promise<boolean> {
  const levels = await activeLevels(db, userId, courseId);
  return LEADING_LEVELS.some((l) => levels.has(l));
}

/** Issuing and leading need a certified or master trainer of the course (programme admins excepted). */
export async function requireLeading(db: Db, actor: Actor, courseIds: readonly string[], who = 'You') {
  if (actor.programmeAdmin) return;
  for (const courseId of courseIds) {
    if (!(await leadsCourse(db, actor.userId, courseId))) {
      throw new AppError(403, 'not_qualified', `${who} must be a certified or master trainer of "${courseId}" to do this.`);
    }
  }
}

async function hasValidCertificate(db: Db, userId: string, courseId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: certificates.id, validUntil: certificates.validUntil })
    .from(certificates)
    .where(and(eq(certificates.learnerId, userId), eq(certificates.courseId, courseId), eq(certificates.status, 'valid')));
  return Boolean(row);
}

export interface GrantInput {
  userId: string;
  courseId: string;
  level: QualificationLevel;
  institutionId?: string | undefined;
  evidence: QualificationEvidence;
}

/** Why the granter may not grant this, or undefined when they may. */
async function granterProblem(db: Db, actor: Actor, input: GrantInput): Promise<string | undefined> {
  if (actor.programmeAdmin) return undefined;
  if (actor.userId === input.userId) return 'Nobody qualifies themself.';
  const mine = await activeLevels(db, actor.userId, input.courseId);
  switch (input.level) {
    case 'candidate':
      return input.institutionId && actor.memberships.some((m) => m.institutionId === input.institutionId && m.role === 'institution_admin')
        ? undefined
        : 'Candidates are nominated by an admin of their institution: name the institution you administer.';
    case 'co_facilitator':
      return LEADING_LEVELS.some((l) => mine.has(l)) ? undefined : `Only a certified or master trainer of "${input.courseId}" signs off a co-facilitator.`;
    case 'certified_trainer':
    case 'master_trainer':
      return mine.has('master_trainer') ? undefined : `Only a master trainer of "${input.courseId}" grants this.`;
  }
}

/** What the grantee still lacks for this level, for a programme admin's grant nothing. */
async function prerequisiteProblems(db: Db, actor: Actor, input: GrantInput): Promise<string[]> {
  if (actor.programmeAdmin) return [];
  const problems: string[] = [];
  const previous = PREVIOUS[input.level];
  if (previous && !(await activeLevels(db, input.userId, input.courseId)).has(previous)) {
    problems.push(`They must first be an active ${LABEL[previous]} of "${input.courseId}".`);
  }
  if (input.level === 'candidate') {
    if (input.institutionId) {
      const [member] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, input.userId), eq(memberships.institutionId, input.institutionId)));
      if (!member) problems.push('They must be a member of the nominating institution.');
    }
    if (!(await hasValidCertificate(db, input.userId, input.courseId))) problems.push(`They need a valid practitioner certificate in "${input.courseId}".`);
    const [tot] = await db.select({ id: courseReleases.courseId }).from(courseReleases).where(eq(courseReleases.courseId, TOT_COURSE)).limit(1);
    if (tot && input.courseId !== TOT_COURSE && !(await hasValidCertificate(db, input.userId, TOT_COURSE))) {
      problems.push(`They need a valid certificate in the Training-of-Trainers course ("${TOT_COURSE}").`);
    }
  }
  if (input.level === 'co_facilitator') {
    // Signed off by the trainer who led a cohort of this course in which they co-facilitated.
    const delivered = await coDelivered(db, input.userId, input.courseId, input.evidence.cohortIds);
    const ledByGranter = delivered.filter((c) => c.leadTrainerId === actor.userId);
    if (ledByGranter.length === 0) problems.push('Name at least one cohort of this course that you led and they co-facilitated.');
  }
  if (input.level === 'certified_trainer' || input.level === 'master_trainer') {
    const delivered = await coDelivered(db, input.userId, input.courseId, input.evidence.cohortIds);
    if (delivered.length === 0) problems.push('Name at least one cohort of this course they delivered.');
    if (!input.evidence.observation) problems.push('Record what you observed of their delivery.');
    const needed = (await findRelease(db, input.courseId))?.pathway?.mentoringHours;
    if (needed) {
      const hours = (await mentoringMinutes(db, input.userId)) / 60;
      if (hours < needed) problems.push(`The course asks for ${needed} hours of mentoring logged as a mentor; they have ${Math.round(hours * 10) / 10}.`);
    }
  }
  return problems;
}

/** Minutes logged in mentoring sessions where the person was the mentor. */
export async function mentoringMinutes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ minutes: sql<number>`coalesce(sum(${mentoringSessions.minutes}), 0)` })
    .from(mentoringSessions)
    .innerJoin(mentorships, eq(mentorships.id, mentoringSessions.mentorshipId))
    .where(eq(mentorships.mentorId, userId));
  return Number(row?.minutes ?? 0);
}

/** The named cohorts of this course in which the person was a trainer (lead or co-facilitator). */
async function coDelivered(db: Db, userId: string, courseId: string, cohortIds: readonly string[]) {
  if (cohortIds.length === 0) return [];
  return db
    .select({ id: cohorts.id, leadTrainerId: cohorts.leadTrainerId })
    .from(cohorts)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, userId), eq(cohortMembers.role, 'trainer')))
    .innerJoin(cohortCourses, and(eq(cohortCourses.cohortId, cohorts.id), eq(cohortCourses.courseId, courseId)))
    .where(inArray(cohorts.id, [...cohortIds]));
}

/** Grants a level, with its evidence, audit-logged. Granting a level already held returns it (200). */
export async function grant(db: Db, actor: Actor, by: Acting, input: GrantInput): Promise<{ qualification: Qualification; created: boolean }> {
  const refusal = await granterProblem(db, actor, input);
  if (refusal) throw new AppError(403, 'forbidden', refusal);
  const existing = await standing(db, input.userId, input.courseId, input.level);
  if (existing?.status === 'active') return { qualification: existing, created: false };
  if (existing) throw new AppError(409, 'qualification_suspended', `Their ${LABEL[input.level]} qualification is suspended: reinstate it instead.`);
  const problems = await prerequisiteProblems(db, actor, input);
  if (problems.length) throw new AppError(409, 'prerequisites_missing', problems.join(' '));
  const id = crypto.randomUUID();
  try {
    const [rows] = await db.batch([
      db
        .insert(trainerQualifications)
        .values({
          id,
          userId: input.userId,
          courseId: input.courseId,
          level: input.level,
          institutionId: input.institutionId ?? null,
          grantedBy: actor.userId,
          grantedAt: by.now,
          evidence: input.evidence,
        })
        .returning(),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'qualification.granted',
        institutionId: input.institutionId ?? null,
        subjectType: 'qualification',
        subjectId: id,
        detail: { userId: input.userId, courseId: input.courseId, level: input.level, cohortIds: input.evidence.cohortIds },
      }),
    ]);
    return { qualification: rows[0]!, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await standing(db, input.userId, input.courseId, input.level);
    if (!winner) throw err;
    return { qualification: winner, created: false };
  }
}

async function standing(db: Db, userId: string, courseId: string, level: QualificationLevel) {
  const [row] = await db
    .select()
    .from(trainerQualifications)
    .where(
      and(
        eq(trainerQualifications.userId, userId),
        eq(trainerQualifications.courseId, courseId),
        eq(trainerQualifications.level, level),
        ne(trainerQualifications.status, 'revoked'),
      ),
    );
  return row;
}

export async function getQualification(db: Db, id: string): Promise<Qualification> {
  const [row] = await db.select().from(trainerQualifications).where(eq(trainerQualifications.id, id));
  if (!row) throw notFound('The qualification');
  return row;
}

const TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active' },
  revoke: { from: ['active', 'suspended'], to: 'revoked' },
} as const;

/** Master trainers of the course (and programme admins) suspend, reinstate and revoke, with a reason. */
export async function changeQualification(db: Db, actor: Actor, by: Acting, q: Qualification, action: keyof typeof TRANSITIONS, reason: string) {
  if (!actor.programmeAdmin) {
    if (actor.userId === q.userId) throw new AppError(403, 'forbidden', 'Nobody changes their own qualification.');
    if (!(await activeLevels(db, actor.userId, q.courseId)).has('master_trainer')) {
      throw new AppError(403, 'forbidden', `Only a master trainer of "${q.courseId}" changes trainer qualifications.`);
    }
  }
  const step = TRANSITIONS[action];
  if (!(step.from as readonly string[]).includes(q.status)) {
    throw new AppError(409, 'status_conflict', `This qualification is ${q.status}, so it cannot be ${action === 'suspend' ? 'suspended' : `${action}d`}.`);
  }
  const [rows] = await db.batch([
    db
      .update(trainerQualifications)
      .set({ status: step.to, statusReason: reason, statusChangedAt: by.now })
      .where(and(eq(trainerQualifications.id, q.id), eq(trainerQualifications.status, q.status)))
      .returning(),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: `qualification.${step.to === 'active' ? 'reinstated' : step.to}`,
      institutionId: q.institutionId,
      subjectType: 'qualification',
      subjectId: q.id,
      detail: { userId: q.userId, courseId: q.courseId, level: q.level, from: q.status, to: step.to, reason },
    }),
  ]);
  if (!rows[0]) throw new AppError(409, 'status_conflict', 'The qualification changed meanwhile; reload and try again.');
  return rows[0];
}
