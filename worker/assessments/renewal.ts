/**
 * Expiry and renewal. A course with `validityMonths` and a `refresher` lets a certified
 * learner renew: the refresher opens `windowMonths` before the certificate expires (and stays
 * open after it has expired), and passing it issues the renewed certificate.
 */
import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attempts, certificates } from '../../db/schema';
import type { AttemptPurpose } from '../../db/schema/enums';
import type { CourseRelease, RefresherRule } from '../content/types';
import { AppError } from '../errors';

export const MONTH_MS = 30.44 * 86_400_000;

export type AssessmentRule = Omit<RefresherRule, 'windowMonths'> & { feedback: CourseRelease['certificate']['summative']['feedback'] };

/** The draw, pass mark, time and attempt limits an attempt of this purpose runs under. */
export function ruleFor(release: CourseRelease, purpose: AttemptPurpose): AssessmentRule {
  const summative = release.certificate.summative;
  if (purpose === 'certification') return summative;
  const refresher = release.certificate.refresher;
  if (!refresher) throw new AppError(409, 'no_refresher', `The course "${release.courseId}" has no refresher assessment; its certificates do not expire or are renewed by retaking the course.`);
  const { windowMonths: _, ...rule } = refresher;
  return { ...rule, feedback: summative.feedback };
}

type Certificate = typeof certificates.$inferSelect;

/** The learner's most recent certificate for the course, in any version. */
export async function latestCertificate(db: Db, learnerId: string, courseId: string): Promise<Certificate | undefined> {
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.learnerId, learnerId), eq(certificates.courseId, courseId)))
    .orderBy(desc(certificates.issuedAt))
    .limit(1);
  return row;
}

export function renewalOpensAt(certificate: Pick<Certificate, 'validUntil'>, release: CourseRelease): Date | null {
  const refresher = release.certificate.refresher;
  if (!refresher || !certificate.validUntil) return null;
  return new Date(certificate.validUntil.getTime() - refresher.windowMonths * MONTH_MS);
}

export interface Renewal {
  certificate: Certificate;
  opensAt: Date;
  /** A refresher passed since the window opened: the renewal can be issued. */
  passedAttemptId: string | null;
}

/**
 * Where the learner stands with renewing, or a 409 saying why they cannot (yet). Revoked
 * certificates are not renewed (the learner certifies afresh); suspended ones wait for the
 * issuer's decision.
 */
export async function renewalFor(db: Db, learnerId: string, courseId: string, release: CourseRelease, now: Date, known?: Certificate): Promise<Renewal> {
  const certificate = known ?? (await latestCertificate(db, learnerId, courseId));
  if (!certificate) throw new AppError(409, 'no_certificate', 'You hold no certificate for this course to renew. Take the course assessment instead.');
  if (certificate.status !== 'valid') {
    throw new AppError(409, 'not_renewable', `Your certificate is ${certificate.status}, so it cannot be renewed. Ask your institution.`);
  }
  const opensAt = renewalOpensAt(certificate, release);
  if (!opensAt) throw new AppError(409, 'no_refresher', 'This certificate does not expire, or the course has no refresher assessment.');
  if (now < opensAt) {
    throw new AppError(409, 'renewal_not_open', `Renewal opens on ${opensAt.toISOString().slice(0, 10)}, ${release.certificate.refresher!.windowMonths} months before your certificate expires.`);
  }
  const [passed] = await db
    .select({ id: attempts.id })
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, learnerId),
        eq(attempts.courseId, courseId),
        eq(attempts.purpose, 'refresher'),
        eq(attempts.passed, true),
        gte(attempts.startedAt, certificate.issuedAt > opensAt ? certificate.issuedAt : opensAt),
      ),
    )
    .limit(1);
  return { certificate, opensAt, passedAttemptId: passed?.id ?? null };
}

/** Attempts that count against this purpose's limit: refreshers only within the current window. */
export function countsToward(purpose: AttemptPurpose, since: Date | null) {
  return (a: { purpose: AttemptPurpose; startedAt: Date; status: string }) =>
    a.purpose === purpose && a.status !== 'open' && (!since || a.startedAt >= since);
}

