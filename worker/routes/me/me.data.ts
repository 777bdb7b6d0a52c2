/**
 * A person's own data: all of it as one JSON file, and the deletion of their account.
 *
 * Deleting removes the account and what is only theirs: sessions, memberships, progress,
 * attempts, qualifications, their mentor profile, mentorships, consultations they wrote,
 * notifications (the schema's ON DELETE CASCADE). What others rely on stays without their name:
 * certificates they hold remain valid, signed credentials (the holder keeps the file), and
 * community posts and consultation replies remain for their threads, by "someone". The audit log
 * keeps the opaque account id, as an audit log must.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  attemptAnswers,
  attempts,
  certificates,
  cohortMembers,
  cohorts,
  consultationReplies,
  consultations,
  ltiAccounts,
  ltiPlatforms,
  ltiScores,
  memberships,
  mentoringSessions,
  mentorProfiles,
  mentorships,
  mentorshipRequests,
  notifications,
  posts,
  practicalAssessments,
  progressEvents,
  spaceMembers,
  trainerQualifications,
  users,
  xapiStatements,
} from '../../../db/schema';
import { audit } from '../../audit';
import type { Acting } from '../../context';
import { AppError } from '../../errors';
import { chunks } from '../../lib/chunks';
import { verifyPassword } from '../../lib/password';

/** Everything stored about the person, as they would want to take it elsewhere. */
export async function exportOwnData(db: Db, userId: string, now: Date) {
  const [[user], own, inCohorts, progress, tried, practicals, held, qualifications, mentorProfile, requests, mentoring, asked, replies, written, notices, spaces] =
    await db.batch([
      db.select().from(users).where(eq(users.id, userId)),
      db.select().from(memberships).where(eq(memberships.userId, userId)),
      db.select().from(cohortMembers).where(eq(cohortMembers.userId, userId)),
      db.select().from(progressEvents).where(eq(progressEvents.userId, userId)).orderBy(progressEvents.occurredAt),
      db.select().from(attempts).where(eq(attempts.userId, userId)).orderBy(attempts.startedAt),
      db.select().from(practicalAssessments).where(eq(practicalAssessments.learnerId, userId)),
      db.select().from(certificates).where(eq(certificates.learnerId, userId)),
      db.select().from(trainerQualifications).where(eq(trainerQualifications.userId, userId)),
      db.select().from(mentorProfiles).where(eq(mentorProfiles.userId, userId)),
      db.select().from(mentorshipRequests).where(or(eq(mentorshipRequests.mentorId, userId), eq(mentorshipRequests.menteeId, userId))),
      db.select().from(mentorships).where(or(eq(mentorships.mentorId, userId), eq(mentorships.menteeId, userId))),
      db.select().from(consultations).where(eq(consultations.authorId, userId)),
      db.select().from(consultationReplies).where(eq(consultationReplies.authorId, userId)),
      db.select().from(posts).where(eq(posts.authorId, userId)),
      db.select().from(notifications).where(eq(notifications.userId, userId)),
      db.select().from(spaceMembers).where(eq(spaceMembers.userId, userId)),
    ]);
  if (!user) throw new AppError(404, 'not_found', 'Your account no longer exists.');
  const answers: Array<typeof attemptAnswers.$inferSelect> = [];
  for (const part of chunks(tried.map((a) => a.id), 90)) answers.push(...(await db.select().from(attemptAnswers).where(inArray(attemptAnswers.attemptId, part))));
  const sessions: Array<typeof mentoringSessions.$inferSelect> = [];
  for (const part of chunks(mentoring.map((m) => m.id), 90)) sessions.push(...(await db.select().from(mentoringSessions).where(inArray(mentoringSessions.mentorshipId, part))));
  // What academies' own systems were sent, or will be: the LTI links and grades, the xAPI statements.
  const [linked, grades, statements] = await db.batch([
    db
      .select({ platform: ltiPlatforms.name, issuer: ltiPlatforms.issuer, sub: ltiAccounts.sub, linkedAt: ltiAccounts.createdAt })
      .from(ltiAccounts)
      .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiAccounts.platformId))
      .where(eq(ltiAccounts.userId, userId)),
    db
      .select({ scoreGiven: ltiScores.scoreGiven, scoreMaximum: ltiScores.scoreMaximum, activityProgress: ltiScores.activityProgress, gradingProgress: ltiScores.gradingProgress, occurredAt: ltiScores.occurredAt, deliveredAt: ltiScores.deliveredAt })
      .from(ltiScores)
      .where(eq(ltiScores.userId, userId)),
    db
      .select({ kind: xapiStatements.kind, courseId: xapiStatements.courseId, courseVersion: xapiStatements.courseVersion, lessonId: xapiStatements.lessonId, occurredAt: xapiStatements.occurredAt, deliveredAt: xapiStatements.deliveredAt, statement: xapiStatements.statement })
      .from(xapiStatements)
      .where(eq(xapiStatements.userId, userId)),
  ]);
  const { passwordHash: _secret, ...profile } = user;
  return {
    format: 'cascade-personal-data/1' as const,
    exportedAt: now.toISOString(),
    profile,
    memberships: own,
    cohorts: inCohorts,
    progressEvents: progress,
    attempts: tried.map((a) => ({ ...a, answers: answers.filter((x) => x.attemptId === a.id) })),
    practicalAssessments: practicals,
    certificates: held,
    trainerQualifications: qualifications,
    mentorProfile: mentorProfile[0] ?? null,
    mentorshipRequests: requests,
    mentorships: mentoring.map((m) => ({ ...m, sessions: sessions.filter((s) => s.mentorshipId === m.id) })),
    consultations: asked,
    consultationReplies: replies,
    posts: written,
    notifications: notices,
    spaces,
    ltiAccounts: linked,
    ltiGrades: grades,
    xapiStatements: statements,
  };
}

/**
 * Deletes the account, once the person has confirmed with their password. The programme's and
 * an institution's last admin must hand over first, or nobody could run them.
 */
export async function deleteOwnAccount(db: Db, by: Acting, password: string): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, by.actorId));
  if (!user) return;
  if (!(await verifyPassword(password, user.passwordHash)).ok) {
    throw new AppError(400, 'invalid_credentials', 'That is not your password.', { fields: { 'body.password': 'Not right.' } });
  }
  if (user.programmeAdmin) {
    throw new AppError(409, 'last_admin', 'You are a programme admin: ask another programme admin to remove that role first, then delete your account.');
  }
  const adminOf = await db.select({ institutionId: memberships.institutionId }).from(memberships).where(and(eq(memberships.userId, by.actorId), eq(memberships.role, 'institution_admin')));
  for (const { institutionId } of adminOf) {
    const admins = await db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, 'institution_admin')));
    if (admins.every((a) => a.userId === by.actorId)) {
      throw new AppError(409, 'last_admin', 'You are the only admin of an institution: give another person that role first, then delete your account.');
    }
  }
  await db.batch([
    // Cohorts they lead stay, without a lead, for an admin to name another.
    db.update(cohorts).set({ leadTrainerId: null }).where(eq(cohorts.leadTrainerId, by.actorId)),
    db.delete(users).where(eq(users.id, by.actorId)),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'user.deleted_own_account', subjectType: 'user', subjectId: by.actorId }),
  ]);
}
