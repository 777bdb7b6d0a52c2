/** Running a cohort after it is created: its details and lead, its join code, its co-facilitators, its announcements. */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/client';
import { announcements, cohortCourses, cohortMembers, cohorts, memberships, users } from '../../../db/schema';
import { audit } from '../../audit';
import type { Acting } from '../../context';
import { AppError, notFound } from '../../errors';
import { normaliseCode, randomCode } from '../../lib/crypto';
import { isUniqueViolation } from '../../lib/db-errors';
import { leadsCourse } from '../../cascade/qualifications';
import type { CohortChange } from './cohorts.schemas';
import { listCohorts, qualifiedLead } from './cohorts.service';

const DAY_MS = 86_400_000;
type Cohort = typeof cohorts.$inferSelect;

async function view(db: Db, cohort: Cohort) {
  const [row] = (await listCohorts(db, cohort.institutionId)).filter((c) => c.id === cohort.id);
  if (!row) throw notFound('The cohort');
  return row;
}

/** Changes what is given; a new lead or new courses are checked against the lead's qualifications. */
export async function updateCohort(db: Db, by: Acting, cohort: Cohort, input: z.infer<typeof CohortChange>) {
  const current = (await db.select({ courseId: cohortCourses.courseId }).from(cohortCourses).where(eq(cohortCourses.cohortId, cohort.id))).map((c) => c.courseId);
  const courses = input.courses ? [...new Set(input.courses)] : current;
  let leadId = cohort.leadTrainerId;
  if (input.leadTrainer !== undefined) leadId = input.leadTrainer === null ? null : (await qualifiedLead(db, cohort.institutionId, input.leadTrainer, courses)).id;
  else if (leadId && input.courses) {
    for (const courseId of courses) {
      if (!(await leadsCourse(db, leadId, courseId))) {
        throw new AppError(409, 'lead_not_qualified', `The lead trainer is not a certified or master trainer of "${courseId}". Change the lead first.`, {
          fields: { 'body.courses': `The lead cannot lead "${courseId}".` },
        });
      }
    }
  }
  const { leadTrainer: _, courses: __, ...fields } = input;
  await db.batch([
    db.update(cohorts).set({ ...fields, leadTrainerId: leadId }).where(eq(cohorts.id, cohort.id)),
    ...(input.courses
      ? [db.delete(cohortCourses).where(eq(cohortCourses.cohortId, cohort.id)), ...courses.map((courseId) => db.insert(cohortCourses).values({ cohortId: cohort.id, courseId }))]
      : []),
    ...(leadId && leadId !== cohort.leadTrainerId
      ? [db.insert(cohortMembers).values({ cohortId: cohort.id, userId: leadId, role: 'trainer', joinedAt: by.now }).onConflictDoUpdate({ target: [cohortMembers.cohortId, cohortMembers.userId], set: { role: 'trainer' } })]
      : []),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'cohort.updated',
      institutionId: cohort.institutionId,
      subjectType: 'cohort',
      subjectId: cohort.id,
      detail: { ...input },
    }),
  ]);
  return view(db, { ...cohort, leadTrainerId: leadId });
}

/** A fresh join code: the old one stops working at once (a leaked code is the usual reason). */
export async function rotateJoinCode(db: Db, by: Acting, cohort: Cohort, validDays: number) {
  const joinCode = normaliseCode(randomCode(8));
  try {
    await db.batch([
      db
        .update(cohorts)
        .set({ joinCode, joinCodeExpiresAt: new Date(by.now.getTime() + validDays * DAY_MS) })
        .where(eq(cohorts.id, cohort.id)),
      audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'cohort.join_code_rotated', institutionId: cohort.institutionId, subjectType: 'cohort', subjectId: cohort.id }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, 'cohorts.join_code')) throw new AppError(409, 'join_code_clash', 'Could not make a unique join code. Try again.');
    throw err;
  }
  return view(db, cohort);
}

/** Adds a co-facilitator: any trainer of the institution, candidates included (that is how they learn). */
export async function addTrainer(db: Db, by: Acting, cohort: Cohort, userId: string) {
  const [trainer] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.institutionId, cohort.institutionId), inArray(memberships.role, ['trainer', 'master_trainer'])));
  if (!trainer) throw new AppError(409, 'not_a_trainer', 'They are not a trainer of this institution. Grant them the trainer role first.');
  await db.batch([
    db
      .insert(cohortMembers)
      .values({ cohortId: cohort.id, userId, role: 'trainer', joinedAt: by.now })
      .onConflictDoUpdate({ target: [cohortMembers.cohortId, cohortMembers.userId], set: { role: 'trainer' } }),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'cohort.trainer_added', institutionId: cohort.institutionId, subjectType: 'cohort', subjectId: cohort.id, detail: { userId } }),
  ]);
  return view(db, cohort);
}

export async function removeTrainer(db: Db, by: Acting, cohort: Cohort, userId: string) {
  if (cohort.leadTrainerId === userId) throw new AppError(409, 'is_lead', 'They lead this cohort: name another lead first.');
  const [row] = await db.select().from(cohortMembers).where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId), eq(cohortMembers.role, 'trainer')));
  if (!row) throw notFound('That trainer in this cohort');
  await db.batch([
    db.delete(cohortMembers).where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId))),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'cohort.trainer_removed', institutionId: cohort.institutionId, subjectType: 'cohort', subjectId: cohort.id, detail: { userId } }),
  ]);
  return view(db, cohort);
}

export async function listAnnouncements(db: Db, cohortId: string) {
  const rows = await db
    .select({ id: announcements.id, cohortId: announcements.cohortId, author: users.displayName, body: announcements.body, createdAt: announcements.createdAt })
    .from(announcements)
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(eq(announcements.cohortId, cohortId))
    .orderBy(desc(announcements.createdAt))
    .limit(50);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function postAnnouncement(db: Db, by: Acting, cohort: Cohort, body: string) {
  const id = crypto.randomUUID();
  await db.batch([
    db.insert(announcements).values({ id, cohortId: cohort.id, authorId: by.actorId, body, createdAt: by.now }),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'cohort.announcement', institutionId: cohort.institutionId, subjectType: 'cohort', subjectId: cohort.id, detail: { announcementId: id } }),
  ]);
  return (await listAnnouncements(db, cohort.id)).find((a) => a.id === id)!;
}
