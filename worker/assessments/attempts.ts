import { and, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attemptAnswers, attempts, type DrawnQuestion } from '../../db/schema';
import type { CourseRelease } from '../content/types';
import { AppError, notFound } from '../errors';
import { isUniqueViolation } from '../lib/db-errors';
import { answerableIds, drawAttempt, questionIndex, questionView } from './draw';
import { answerFits, gradeAnswer, maxPoints } from './grade';
import { findRelease } from './releases';
import { countsToward, renewalFor, ruleFor } from './renewal';
import type { AttemptPurpose } from '../../db/schema/enums';

/** Slow links deliver late: answers and submits this long after the deadline still count. */
export const GRACE_MS = 2 * 60_000;
const HOUR_MS = 3_600_000;

type Attempt = typeof attempts.$inferSelect;

export async function publishedRelease(db: Db, courseId: string, version?: string): Promise<CourseRelease> {
  const release = await findRelease(db, courseId, version);
  if (!release) {
    throw new AppError(404, 'course_not_published', `The course "${courseId}" has no published assessment on this server.`);
  }
  return release;
}

async function ownAttempt(db: Db, userId: string, attemptId: string): Promise<Attempt> {
  const [attempt] = await db.select().from(attempts).where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
  if (!attempt) throw notFound('The attempt');
  return attempt;
}

const answersOf = (db: Db, attemptId: string) => db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));

/**
 * Grades what was saved. Short answers wait for a trainer (status pending_review);
 * the conditional update makes a race of two submits grade once.
 */
async function finalise(db: Db, attempt: Attempt, release: CourseRelease, now: Date, submitId: string | null): Promise<Attempt> {
  const questions = questionIndex(release);
  const saved = new Map((await answersOf(db, attempt.id)).map((a) => [a.questionId, a]));
  let points = 0;
  let max = 0;
  let pending = false;
  const scored: Array<{ questionId: string; points: number }> = [];
  for (const id of answerableIds(attempt.questions)) {
    const q = questions.get(id);
    if (!q) continue;
    max += maxPoints(q);
    const answer = saved.get(id);
    if (q.type === 'short-answer') {
      if (answer?.points !== null && answer?.points !== undefined) points += answer.points;
      else if (answer) pending = true;
      continue;
    }
    const earned = answer ? (gradeAnswer(q, answer.answer) ?? 0) : 0;
    points += earned;
    if (answer) scored.push({ questionId: id, points: earned });
  }
  const passMark = ruleFor(release, attempt.purpose).passMark;
  const [updated] = await db
    .update(attempts)
    .set({
      status: pending ? 'pending_review' : 'graded',
      submittedAt: now,
      submitId,
      points,
      maxPoints: max,
      passed: pending ? null : max > 0 && points / max >= passMark,
    })
    .where(and(eq(attempts.id, attempt.id), eq(attempts.status, 'open')))
    .returning();
  if (!updated) return ownAttempt(db, attempt.userId, attempt.id);
  if (scored.length) {
    const writes = scored.map((s) =>
      db.update(attemptAnswers).set({ points: s.points }).where(and(eq(attemptAnswers.attemptId, attempt.id), eq(attemptAnswers.questionId, s.questionId))),
    );
    await db.batch([writes[0]!, ...writes.slice(1)]);
  }
  return updated;
}

/** An open attempt whose time (with grace) has run out is submitted with what it has. */
async function closeIfLate(db: Db, attempt: Attempt, release: CourseRelease, now: Date): Promise<Attempt> {
  if (attempt.status === 'open' && now.getTime() > attempt.deadlineAt.getTime() + GRACE_MS) {
    return finalise(db, attempt, release, now, null);
  }
  return attempt;
}

/**
 * Starts an attempt, or resumes the open one (on any device). Enforces the attempt limit and
 * cool-down of its purpose: certification, or the refresher that renews a certificate.
 */
export async function startAttempt(db: Db, userId: string, courseId: string, now: Date, purpose: AttemptPurpose = 'certification'): Promise<Attempt> {
  const release = await publishedRelease(db, courseId);
  const mine = await db.select().from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.courseId, courseId))).orderBy(desc(attempts.startedAt));
  const open = mine.find((a) => a.status === 'open');
  if (open) {
    const closed = await closeIfLate(db, open, await publishedRelease(db, courseId, open.courseVersion), now);
    if (closed.status === 'open') return closed;
  }
  const rule = ruleFor(release, purpose);
  const since = purpose === 'refresher' ? (await renewalFor(db, userId, courseId, release, now)).opensAt : null;
  const done = (await db.select().from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.courseId, courseId), ne(attempts.status, 'open'))))
    .filter(countsToward(purpose, since))
    .sort((a, b) => (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0));
  if (done.some((a) => a.passed)) throw new AppError(409, 'already_passed', 'You have already passed this assessment.');
  if (done.length >= rule.attempts) {
    throw new AppError(409, 'attempt_limit', `You have used all ${rule.attempts} attempts. Ask your trainer about the next step.`);
  }
  const last = done[0]?.submittedAt;
  const ready = last ? last.getTime() + rule.cooldownHours * HOUR_MS : 0;
  if (ready > now.getTime()) {
    const seconds = Math.ceil((ready - now.getTime()) / 1000);
    throw new AppError(409, 'cooldown', `You can try again after ${new Date(ready).toISOString()}: use the time to review the lessons.`, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
  const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
  try {
    const [created] = await db
      .insert(attempts)
      .values({
        userId,
        courseId,
        courseVersion: release.version,
        purpose,
        seed,
        questions: drawAttempt(release, seed, rule.draw),
        startedAt: now,
        deadlineAt: new Date(now.getTime() + rule.timeLimitMinutes * 60_000),
      })
      .returning();
    return created!;
  } catch (err) {
    // Two starts raced: the other one's attempt is the open attempt.
    if (!isUniqueViolation(err)) throw err;
    const [other] = await db.select().from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.courseId, courseId), eq(attempts.status, 'open')));
    if (!other) throw err;
    return other;
  }
}

export async function saveAnswer(db: Db, userId: string, attemptId: string, questionId: string, answer: unknown, now: Date) {
  const found = await ownAttempt(db, userId, attemptId);
  const release = await publishedRelease(db, found.courseId, found.courseVersion);
  const attempt = await closeIfLate(db, found, release, now);
  if (attempt.status !== 'open') {
    throw new AppError(409, 'attempt_closed', 'This attempt is closed: time is up or it was submitted. Your saved answers were graded.');
  }
  const q = questionIndex(release).get(questionId);
  if (!q || !answerableIds(attempt.questions).includes(questionId)) {
    throw new AppError(404, 'not_found', `Question "${questionId}" is not part of this attempt.`);
  }
  if (!answerFits(q, answer)) {
    throw new AppError(400, 'validation_failed', 'This answer does not fit the question: choose from its options.', {
      fields: { 'body.answer': `Not a valid answer to a ${q.type} question.` },
    });
  }
  await db
    .insert(attemptAnswers)
    .values({ attemptId, questionId, answer, savedAt: now })
    .onConflictDoUpdate({ target: [attemptAnswers.attemptId, attemptAnswers.questionId], set: { answer, savedAt: now } });
}

/** Submits once per client id: the same id again gets the same result; another id, a 409. */
export async function submitAttempt(db: Db, userId: string, attemptId: string, submitId: string, now: Date) {
  const attempt = await ownAttempt(db, userId, attemptId);
  const release = await publishedRelease(db, attempt.courseId, attempt.courseVersion);
  if (attempt.status !== 'open') {
    if (attempt.submitId === submitId) return { attempt, release };
    throw new AppError(409, 'already_submitted', 'This attempt was already submitted.');
  }
  const graded = await finalise(db, attempt, release, now, submitId);
  if (graded.submitId !== submitId) throw new AppError(409, 'already_submitted', 'This attempt was already submitted.');
  return { attempt: graded, release };
}

/** The learner's view of an attempt: questions without keys, saved answers, and the result per the course's feedback policy. */
export interface AttemptBody {
  id: string;
  courseId: string;
  courseVersion: string;
  purpose: AttemptPurpose;
  status: Attempt['status'];
  startedAt: string;
  deadlineAt: string;
  graceSeconds: number;
  questions: Array<Record<string, unknown>>;
  answers: Record<string, unknown>;
  result?: Record<string, unknown>;
}

export async function attemptView(db: Db, attempt: Attempt, release: CourseRelease): Promise<AttemptBody> {
  const questions = questionIndex(release);
  const saved = await answersOf(db, attempt.id);
  const view: AttemptBody = {
    id: attempt.id,
    courseId: attempt.courseId,
    courseVersion: attempt.courseVersion,
    purpose: attempt.purpose,
    status: attempt.status,
    startedAt: attempt.startedAt.toISOString(),
    deadlineAt: attempt.deadlineAt.toISOString(),
    graceSeconds: GRACE_MS / 1000,
    questions: attempt.questions.flatMap((d: DrawnQuestion) => {
      const q = questions.get(d.id);
      return q ? [questionView(q, d)] : [];
    }),
    answers: Object.fromEntries(saved.map((a) => [a.questionId, a.answer])),
  };
  if (attempt.status === 'open') return view;
  const rule = ruleFor(release, attempt.purpose);
  const result: Record<string, unknown> = {
    points: attempt.points,
    maxPoints: attempt.maxPoints,
    passMark: rule.passMark,
    passed: attempt.passed,
    pendingReview: attempt.status === 'pending_review',
  };
  if (rule.feedback === 'after-submit' || (rule.feedback === 'after-pass' && attempt.passed)) {
    result.feedback = answerableIds(attempt.questions).map((id) => {
      const q = questions.get(id)!;
      const a = saved.find((s) => s.questionId === id);
      return {
        questionId: id,
        points: a?.points ?? (q.type === 'short-answer' ? null : 0),
        maxPoints: maxPoints(q),
        explanation: 'explanation' in q ? (q.explanation ?? null) : null,
        correct:
          q.type === 'single' || q.type === 'multiple' || q.type === 'true-false'
            ? q.options.filter((o) => o.correct).map((o) => o.id)
            : q.type === 'ordering' || q.type === 'matching'
              ? q.answer
              : null,
      };
    });
  }
  view.result = result;
  return view;
}

export async function loadAttempt(db: Db, userId: string, attemptId: string, now: Date) {
  const found = await ownAttempt(db, userId, attemptId);
  const release = await publishedRelease(db, found.courseId, found.courseVersion);
  return { attempt: await closeIfLate(db, found, release, now), release };
}

/** Where a learner stands with a course's assessment, so the app can say Start, Resume or Wait. */
export async function attemptSummary(db: Db, userId: string, courseId: string, now: Date) {
  const release = await publishedRelease(db, courseId);
  const rule = release.certificate.summative;
  const all = await db.select().from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.courseId, courseId))).orderBy(desc(attempts.startedAt));
  const mine = all.filter((a) => a.purpose === 'certification');
  const done = mine.filter((a) => a.status !== 'open');
  const last = done.reduce<Date | null>((latest, a) => (a.submittedAt && (!latest || a.submittedAt > latest) ? a.submittedAt : latest), null);
  const ready = last ? new Date(last.getTime() + rule.cooldownHours * HOUR_MS) : null;
  return {
    courseId,
    attemptsAllowed: rule.attempts,
    attemptsUsed: done.length,
    passed: done.some((a) => a.passed === true),
    openAttemptId: mine.find((a) => a.status === 'open')?.id ?? null,
    nextAttemptAt: ready && ready.getTime() > now.getTime() ? ready.toISOString() : null,
    attempts: mine.map((a) => ({
      id: a.id,
      status: a.status,
      startedAt: a.startedAt.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      points: a.points,
      maxPoints: a.maxPoints,
      passed: a.passed,
    })),
  };
}
