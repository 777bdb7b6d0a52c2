import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/client';
import { cohortCourses, cohortMembers, cohorts, memberships, resetCodes, users } from '../../../db/schema';
import { leadsCourse } from '../../cascade/qualifications';
import { audit } from '../../audit';
import { AppError, notFound } from '../../errors';
import { normaliseCode, randomCode, sha256 } from '../../lib/crypto';
import { isUniqueViolation } from '../../lib/db-errors';
import type { Acting, Actor } from '../../context';
import { mayResetAccount } from '../../policy';
import type { NewCohort } from './cohorts.schemas';

const DAY_MS = 86_400_000;
const RESET_CODE_HOURS = 24;

/** Join codes are stored bare and shown in groups of four. */
export const formatCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

export async function getCohort(db: Db, cohortId: string) {
  const [[cohort], trainers] = await db.batch([
    db.select().from(cohorts).where(eq(cohorts.id, cohortId)),
    db
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.role, 'trainer'))),
  ]);
  if (!cohort) throw notFound('The cohort');
  return { cohort, trainerIds: trainers.map((t) => t.userId) };
}

/** The institution's cohorts with their trainers, courses and learner counts, in four queries. */
export async function listCohorts(db: Db, institutionId: string) {
  const [rows, trainers, counts, courses] = await db.batch([
    db.select().from(cohorts).where(eq(cohorts.institutionId, institutionId)).orderBy(cohorts.createdAt),
    db
      .select({ cohortId: cohortMembers.cohortId, userId: users.id, username: users.username, displayName: users.displayName })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(and(eq(cohorts.institutionId, institutionId), eq(cohortMembers.role, 'trainer'))),
    db
      .select({ cohortId: cohortMembers.cohortId, n: count() })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(and(eq(cohorts.institutionId, institutionId), eq(cohortMembers.role, 'learner')))
      .groupBy(cohortMembers.cohortId),
    db
      .select({ cohortId: cohortCourses.cohortId, courseId: cohortCourses.courseId })
      .from(cohortCourses)
      .innerJoin(cohorts, eq(cohorts.id, cohortCourses.cohortId))
      .where(eq(cohorts.institutionId, institutionId))
      .orderBy(cohortCourses.courseId),
  ]);
  return rows.map((c) => ({
    id: c.id,
    institutionId: c.institutionId,
    name: c.name,
    joinCode: formatCode(c.joinCode),
    joinCodeExpiresAt: c.joinCodeExpiresAt?.toISOString() ?? null,
    capacity: c.capacity,
    status: c.status,
    learners: counts.find((n) => n.cohortId === c.id)?.n ?? 0,
    trainers: trainers.filter((t) => t.cohortId === c.id).map(({ cohortId: _, ...t }) => t),
    courses: courses.filter((x) => x.cohortId === c.id).map((x) => x.courseId),
    region: c.region,
    inCapital: c.inCapital,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    leadTrainerId: c.leadTrainerId,
  }));
}

/** Creates a cohort with a fresh join code; named trainers must hold a trainer role here. */
export async function createCohort(db: Db, by: Acting, institutionId: string, input: z.infer<typeof NewCohort>) {
  const lead = input.leadTrainer ? await qualifiedLead(db, institutionId, input.leadTrainer, input.courses) : null;
  const trainers = input.trainers.length
    ? await db
        .selectDistinct({ id: users.id, username: users.username })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(
          and(
            inArray(users.username, input.trainers),
            eq(memberships.institutionId, institutionId),
            inArray(memberships.role, ['trainer', 'master_trainer']),
          ),
        )
    : [];
  const missing = input.trainers.filter((u) => !trainers.some((t) => t.username === u));
  if (missing.length) {
    throw new AppError(400, 'not_a_trainer', `Not trainers of this institution: ${missing.join(', ')}. Grant them the trainer role first.`, {
      fields: { 'body.trainers': `Not trainers here: ${missing.join(', ')}` },
    });
  }
  const id = crypto.randomUUID();
  const joinCode = normaliseCode(randomCode(8));
  const row = {
    id,
    institutionId,
    name: input.name,
    joinCode,
    joinCodeExpiresAt: new Date(by.now.getTime() + input.joinCodeValidDays * DAY_MS),
    capacity: input.capacity ?? null,
    region: input.region ?? null,
    inCapital: input.inCapital ?? null,
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
    leadTrainerId: lead?.id ?? null,
    createdBy: by.actorId,
    createdAt: by.now,
  };
  // The lead delivers the cohort too: a trainer member, like the co-facilitators.
  const teachers = [...new Map([...trainers, ...(lead ? [lead] : [])].map((t) => [t.id, t])).values()];
  try {
    await db.batch([
      db.insert(cohorts).values(row),
      ...teachers.map((t) => db.insert(cohortMembers).values({ cohortId: id, userId: t.id, role: 'trainer', joinedAt: by.now })),
      ...[...new Set(input.courses)].map((courseId) => db.insert(cohortCourses).values({ cohortId: id, courseId })),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'cohort.created',
        institutionId,
        subjectType: 'cohort',
        subjectId: id,
        detail: { name: input.name, trainers: input.trainers, courses: input.courses, leadTrainer: input.leadTrainer ?? null },
      }),
    ]);
  } catch (err) {
    // 32^8 codes make a clash very unlikely; if one happens, the admin simply retries.
    if (isUniqueViolation(err, 'cohorts.join_code')) {
      throw new AppError(409, 'join_code_clash', 'Could not make a unique join code. Try again.');
    }
    throw err;
  }
  const [created] = (await listCohorts(db, institutionId)).filter((c) => c.id === id);
  if (!created) throw notFound('The new cohort');
  return created;
}

export function roster(db: Db, cohortId: string) {
  return db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: cohortMembers.role,
      joinedAt: cohortMembers.joinedAt,
    })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(cohortMembers.role, users.displayName);
}

/**
 * A one-time code for a member of this cohort; earlier unused codes stop working.
 * The policy decides whose account the actor may reset (see `mayResetAccount`).
 */
export async function issueResetCode(db: Db, actor: Actor, by: Acting, cohort: { id: string; institutionId: string }, userId: string) {
  const [[member], [target], roles] = await db.batch([
    db
      .select({ role: cohortMembers.role })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId))),
    db.select({ programmeAdmin: users.programmeAdmin }).from(users).where(eq(users.id, userId)),
    db.select({ institutionId: memberships.institutionId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId)),
  ]);
  if (!member || !target) throw notFound('That member of this cohort');
  if (!mayResetAccount(actor, { programmeAdmin: target.programmeAdmin, memberships: roles }, cohort.institutionId)) {
    throw new AppError(
      403,
      'forbidden',
      'This person holds roles beyond your reach, so their password can only be reset by an admin with authority over all of them.',
    );
  }
  const code = randomCode(8);
  const expiresAt = new Date(by.now.getTime() + RESET_CODE_HOURS * 3_600_000);
  const id = crypto.randomUUID();
  await db.batch([
    db.update(resetCodes).set({ usedAt: by.now }).where(and(eq(resetCodes.userId, userId), isNull(resetCodes.usedAt))),
    db.insert(resetCodes).values({
      id,
      userId,
      codeHash: await sha256(normaliseCode(code)),
      issuedBy: by.actorId,
      cohortId: cohort.id,
      createdAt: by.now,
      expiresAt,
    }),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'reset_code.issued',
      institutionId: cohort.institutionId,
      subjectType: 'user',
      subjectId: userId,
      detail: { cohortId: cohort.id, resetCodeId: id },
    }),
  ]);
  return { code, expiresAt: expiresAt.toISOString() };
}

/** A lead trainer: a trainer of this institution, and a certified or master trainer of every course. */
export async function qualifiedLead(db: Db, institutionId: string, username: string, courseIds: readonly string[]) {
  const [person] = await db
    .selectDistinct({ id: users.id, username: users.username })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.username, username), eq(memberships.institutionId, institutionId), inArray(memberships.role, ['trainer', 'master_trainer'])));
  if (!person) {
    throw new AppError(400, 'not_a_trainer', `"${username}" is not a trainer of this institution. Grant them the trainer role first.`, {
      fields: { 'body.leadTrainer': 'Not a trainer here.' },
    });
  }
  const unqualified: string[] = [];
  for (const courseId of courseIds) if (!(await leadsCourse(db, person.id, courseId))) unqualified.push(courseId);
  if (unqualified.length) {
    throw new AppError(409, 'lead_not_qualified', `"${username}" is not a certified or master trainer of ${unqualified.map((c) => `"${c}"`).join(', ')}, so cannot lead this cohort.`, {
      fields: { 'body.leadTrainer': 'Not qualified to lead these courses.' },
    });
  }
  return person;
}
