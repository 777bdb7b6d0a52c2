import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { attemptAnswers, attempts, memberships, practicalAssessments, progressEvents } from '../../../db/schema';
import { publishedRelease } from '../../assessments/attempts';
import { questionIndex } from '../../assessments/draw';
import { maxPoints } from '../../assessments/grade';
import { itemStats } from '../../assessments/item-stats';
import { scoreRubric } from '../../assessments/practical';
import { audit } from '../../audit';
import type { CourseRelease } from '../../content/types';
import type { Acting } from '../../context';
import { AppError, notFound } from '../../errors';

export async function institutionsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: memberships.institutionId }).from(memberships).where(eq(memberships.userId, userId));
  return rows.map((r) => r.id);
}

export async function recordPractical(
  db: Db,
  by: Acting,
  input: { learnerId: string; courseId: string; institutionId: string; levels: Record<string, string>; comments?: string },
) {
  if (!(await institutionsOf(db, input.learnerId)).includes(input.institutionId)) {
    throw notFound('That learner in this institution');
  }
  const release = await publishedRelease(db, input.courseId);
  if (!release.rubric) throw new AppError(409, 'no_practical', 'This course has no practical assessment.');
  const { points, passed } = scoreRubric(release.rubric, input.levels);
  const id = crypto.randomUUID();
  const [row] = await db.batch([
    db
      .insert(practicalAssessments)
      .values({
        id,
        learnerId: input.learnerId,
        institutionId: input.institutionId,
        courseId: input.courseId,
        courseVersion: release.version,
        scorerId: by.actorId,
        levels: input.levels,
        comments: input.comments ?? null,
        points,
        passed,
        createdAt: by.now,
      })
      .returning(),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'practical.scored',
      institutionId: input.institutionId,
      subjectType: 'user',
      subjectId: input.learnerId,
      detail: { practicalId: id, courseId: input.courseId, points, passed },
    }),
  ]);
  return row[0]!;
}

export async function getPractical(db: Db, id: string) {
  const [row] = await db.select().from(practicalAssessments).where(eq(practicalAssessments.id, id));
  if (!row) throw notFound('The practical assessment');
  return row;
}

/** A second trainer's moderation replaces the result; the first score stays on record. */
export async function moderatePractical(db: Db, by: Acting, id: string, levels: Record<string, string>, comment: string | undefined) {
  const practical = await getPractical(db, id);
  if (practical.scorerId === by.actorId) {
    throw new AppError(409, 'own_score', 'Moderation needs a second trainer: you scored this assessment yourself.');
  }
  const release = await publishedRelease(db, practical.courseId, practical.courseVersion);
  const { points, passed } = scoreRubric(release.rubric!, levels);
  const [rows] = await db.batch([
    db
      .update(practicalAssessments)
      .set({ moderatorId: by.actorId, moderatedLevels: levels, moderatedPoints: points, moderatedPassed: passed, moderationComment: comment ?? null, moderatedAt: by.now })
      .where(eq(practicalAssessments.id, id))
      .returning(),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'practical.moderated',
      institutionId: practical.institutionId,
      subjectType: 'user',
      subjectId: practical.learnerId,
      detail: { practicalId: id, points, passed, before: { points: practical.points, passed: practical.passed } },
    }),
  ]);
  return rows[0]!;
}

export const practicalView = (p: typeof practicalAssessments.$inferSelect) => ({
  id: p.id,
  learnerId: p.learnerId,
  institutionId: p.institutionId,
  courseId: p.courseId,
  courseVersion: p.courseVersion,
  scorerId: p.scorerId,
  levels: p.levels,
  comments: p.comments,
  points: p.points,
  passed: p.passed,
  createdAt: p.createdAt.toISOString(),
  moderation: p.moderatedAt
    ? { moderatorId: p.moderatorId, levels: p.moderatedLevels, points: p.moderatedPoints, passed: p.moderatedPassed, comment: p.moderationComment, at: p.moderatedAt.toISOString() }
    : null,
  /** The result that counts: the moderated one where there is one. */
  final: { points: p.moderatedPoints ?? p.points, passed: p.moderatedPassed ?? p.passed },
});

/** A trainer scores a short answer; when none is left, the attempt's result is final. */
export async function scoreShortAnswer(db: Db, by: Acting, attemptId: string, questionId: string, points: number, comment: string | undefined) {
  const [attempt] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  if (!attempt) throw notFound('The attempt');
  const release = await publishedRelease(db, attempt.courseId, attempt.courseVersion);
  const q = questionIndex(release).get(questionId);
  const [answer] = await db.select().from(attemptAnswers).where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.questionId, questionId)));
  if (!q || q.type !== 'short-answer' || !answer) throw notFound('That short answer in this attempt');
  if (attempt.status === 'open') throw new AppError(409, 'attempt_open', 'The learner has not submitted this attempt yet.');
  const max = maxPoints(q);
  if (points > max) {
    throw new AppError(400, 'validation_failed', `This question is worth at most ${max} points.`, { fields: { 'body.points': `At most ${max}.` } });
  }
  await db
    .update(attemptAnswers)
    .set({ points, scoredBy: by.actorId, comment: comment ?? null })
    .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.questionId, questionId)));
  const unscored = await db.select().from(attemptAnswers).where(and(eq(attemptAnswers.attemptId, attemptId), isNull(attemptAnswers.points)));
  const all = await db.select({ points: attemptAnswers.points }).from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
  const total = all.reduce((n, a) => n + (a.points ?? 0), 0);
  const done = unscored.length === 0;
  const [updated] = await db
    .update(attempts)
    .set({
      points: total,
      status: done ? 'graded' : 'pending_review',
      passed: done ? (attempt.maxPoints ?? 0) > 0 && total / attempt.maxPoints! >= release.certificate.summative.passMark : null,
    })
    .where(eq(attempts.id, attemptId))
    .returning();
  return updated!;
}

/** Difficulty and discrimination of each question, over graded attempts by the given learners. */
export async function courseItemStats(db: Db, courseId: string, learnerIds: readonly string[] | null) {
  const graded = await db
    .select({ id: attempts.id })
    .from(attempts)
    .where(and(eq(attempts.courseId, courseId), eq(attempts.status, 'graded'), learnerIds ? inArray(attempts.userId, [...learnerIds]) : undefined));
  const release = await publishedRelease(db, courseId);
  const questions = questionIndex(release);
  const responses = [];
  for (let i = 0; i < graded.length; i += 90) {
    const rows = await db
      .select()
      .from(attemptAnswers)
      .where(inArray(attemptAnswers.attemptId, graded.slice(i, i + 90).map((g) => g.id)));
    for (const r of rows) {
      const q = questions.get(r.questionId);
      if (q && r.points !== null) responses.push({ attemptId: r.attemptId, questionId: r.questionId, score: r.points / maxPoints(q) });
    }
  }
  return { courseId, attempts: graded.length, items: itemStats(responses) };
}

/** What stands between a learner and the certificate, from the course's certificate rule. */
export async function eligibility(db: Db, learnerId: string, courseId: string, known?: CourseRelease) {
  const release = known ?? (await publishedRelease(db, courseId));
  const rule = release.certificate;
  const required = rule.lessons === 'all' ? release.lessons : rule.lessons;
  const [completed, passedAttempts, practicals] = await db.batch([
    db
      .selectDistinct({ lessonId: progressEvents.lessonId })
      .from(progressEvents)
      .where(and(eq(progressEvents.userId, learnerId), eq(progressEvents.courseId, courseId), eq(progressEvents.type, 'lesson.completed'))),
    db
      .select({ id: attempts.id, version: attempts.courseVersion, points: attempts.points, maxPoints: attempts.maxPoints })
      .from(attempts)
      .where(and(eq(attempts.userId, learnerId), eq(attempts.courseId, courseId), eq(attempts.purpose, 'certification'), eq(attempts.passed, true))),
    db
      .select()
      .from(practicalAssessments)
      .where(and(eq(practicalAssessments.learnerId, learnerId), eq(practicalAssessments.courseId, courseId)))
      .orderBy(desc(practicalAssessments.createdAt))
      .limit(1),
  ]);
  const done = new Set(completed.map((c) => c.lessonId));
  const missingLessons = required.filter((l) => !done.has(l));
  const practical = practicals[0] ? practicalView(practicals[0]).final : null;
  const practicalOk = !rule.practical || practical?.passed === true;
  return {
    courseId,
    courseVersion: release.version,
    learnerId,
    lessons: { required: required.length, completed: required.length - missingLessons.length, missing: missingLessons },
    summative: { passed: passedAttempts.length > 0, attemptId: passedAttempts[0]?.id ?? null },
    practical: { required: rule.practical, passed: practical?.passed ?? null },
    eligible: missingLessons.length === 0 && passedAttempts.length > 0 && practicalOk,
  };
}
