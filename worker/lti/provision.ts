/**
 * What a verified resource-link launch does in Cascade: the person's account, their place in the
 * cohort that stands for the platform's course (context), the link and its gradebook column, and
 * a session; then the browser is sent to the course or lesson.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { cohortCourses, cohorts, ltiContexts, ltiPlatforms, ltiResourceLinks } from '../../db/schema';
import type { ContentStore } from '../content/store';
import { AppError } from '../errors';
import { normaliseCode, randomCode } from '../lib/crypto';
import { isUniqueViolation } from '../lib/db-errors';
import { placementWrites } from '../routes/cohorts/join';
import { newSession } from '../sessions';
import { accountFor, type PlatformPerson } from './accounts';
import { CLAIM, isLearner, type LaunchClaims } from './claims';
import type { Platform } from './platforms';

export interface Target {
  courseId: string;
  lessonId: string | null;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The course (and lesson) a link opens: its custom parameters, else the target link's query. */
export async function targetOf(content: ContentStore, claims: LaunchClaims): Promise<Target> {
  const custom = claims[CLAIM.custom] ?? {};
  let courseId = text(custom.course);
  let lessonId = text(custom.lesson);
  const targetLink = claims[CLAIM.targetLinkUri];
  if (!courseId && targetLink) {
    const query = new URL(targetLink).searchParams;
    courseId = text(query.get('course'));
    lessonId = text(query.get('lesson'));
  }
  if (!courseId) {
    throw new AppError(
      400,
      'lti_no_target',
      'This link does not say which Cascade course to open. Place it with Deep Linking, or set the custom parameter course=<course id> (and lesson=<lesson id>) on the link.',
    );
  }
  const course = await content.course(courseId);
  if (!course) throw new AppError(400, 'lti_unknown_course', `The link names the course "${courseId}", which this Cascade does not have. Place the link again with Deep Linking.`);
  if (lessonId && !course.locales.en.lessons.some((l) => l.id === lessonId)) {
    throw new AppError(400, 'lti_unknown_lesson', `The link names the lesson "${lessonId}", which the course "${courseId}" does not have. Place the link again with Deep Linking.`);
  }
  return { courseId, lessonId: lessonId ?? null };
}

export function personOf(claims: LaunchClaims): PlatformPerson {
  return {
    sub: claims.sub,
    name: claims.name,
    givenName: claims.given_name,
    familyName: claims.family_name,
    email: claims.email,
    locale: claims[CLAIM.launchPresentation]?.locale ?? claims.locale,
  };
}

const DAY_MS = 86_400_000;

/** A new cohort for a platform course; its join code starts expired, since the platform decides who is in it. */
function cohortRow(platform: Platform, title: string, now: Date) {
  return {
    id: crypto.randomUUID(),
    institutionId: platform.institutionId,
    name: `${title} (${platform.name})`.slice(0, 120),
    joinCode: normaliseCode(randomCode(8)),
    joinCodeExpiresAt: new Date(now.getTime() - DAY_MS),
    createdAt: now,
  };
}

/** The context row and its cohort, created on the first launch from it (and again if the cohort was deleted). */
export async function contextFor(db: Db, platform: Platform, claims: LaunchClaims, now: Date) {
  const context = claims[CLAIM.context];
  if (!context) return null;
  const title = (context.title || context.label || context.id).slice(0, 200);
  const membershipsUrl = claims[CLAIM.nrps]?.context_memberships_url ?? null;
  const where = and(eq(ltiContexts.platformId, platform.id), eq(ltiContexts.contextId, context.id));
  for (let tries = 0; tries < 2; tries++) {
    const [existing] = await db.select().from(ltiContexts).where(where);
    if (existing?.cohortId) {
      if (existing.title !== title || (membershipsUrl && existing.membershipsUrl !== membershipsUrl)) {
        await db.update(ltiContexts).set({ title, membershipsUrl: membershipsUrl ?? existing.membershipsUrl }).where(eq(ltiContexts.id, existing.id));
      }
      return { id: existing.id, cohortId: existing.cohortId };
    }
    const cohort = cohortRow(platform, title, now);
    try {
      if (existing) {
        await db.batch([db.insert(cohorts).values(cohort), db.update(ltiContexts).set({ cohortId: cohort.id, title }).where(eq(ltiContexts.id, existing.id))]);
        return { id: existing.id, cohortId: cohort.id };
      }
      const id = crypto.randomUUID();
      await db.batch([
        db.insert(cohorts).values(cohort),
        db.insert(ltiContexts).values({ id, platformId: platform.id, contextId: context.id, title, cohortId: cohort.id, membershipsUrl, createdAt: now }),
      ]);
      return { id, cohortId: cohort.id };
    } catch (err) {
      // Another launch from the same course created it a moment ago: use theirs.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new AppError(409, 'lti_busy', 'Another launch from this course is setting it up. Launch again.');
}

/**
 * Signs the launched person in. Learners get a seat in the context's cohort; everyone gets a
 * learner membership of the platform's institution. A lesson already completed before the
 * first launch is sent to the gradebook now, not never.
 */
export async function provisionLaunch(db: Db, platform: Platform, claims: LaunchClaims, target: Target, now: Date) {
  const userId = await accountFor(db, platform.id, personOf(claims), now);
  const context = await contextFor(db, platform, claims, now);
  const learner = isLearner(claims[CLAIM.roles]);
  const link = claims[CLAIM.resourceLink];
  const ags = claims[CLAIM.ags];
  const session = await newSession(db, userId, now);
  const cohortId = learner && context ? context.cohortId : null;
  const at = now.getTime();
  // What a launch says about its link: stored on the first launch, refreshed on each later one.
  const linkFields = link && {
    contextRowId: context?.id ?? null,
    title: link.title ?? null,
    courseId: target.courseId,
    lessonId: target.lessonId,
    lineItemUrl: ags?.lineitem ?? null,
    lineItemsUrl: ags?.lineitems ?? null,
    agsScopes: ags?.scope ?? [],
    updatedAt: now,
  };
  const linkWrites = link && linkFields
    ? [
        db
          .insert(ltiResourceLinks)
          .values({ id: crypto.randomUUID(), platformId: platform.id, resourceLinkId: link.id, ...linkFields, createdAt: now })
          .onConflictDoUpdate({ target: [ltiResourceLinks.platformId, ltiResourceLinks.resourceLinkId], set: linkFields }),
        ...(learner ? learnerLinkWrites(db, platform.id, link.id, userId, claims.sub, at) : []),
      ]
    : [];
  await db.batch([
    session.insert,
    ...placementWrites(db, { institutionId: platform.institutionId, cohortId, userId, role: 'learner', grantedBy: null }, now),
    ...(cohortId ? [db.insert(cohortCourses).values({ cohortId, courseId: target.courseId }).onConflictDoNothing()] : []),
    ...linkWrites,
    db.update(ltiPlatforms).set({ lastLaunchAt: now }).where(eq(ltiPlatforms.id, platform.id)),
  ]);
  return { userId, session };
}

/** The learner's platform id on the link, and any result they already have that its gradebook lacks. */
function learnerLinkWrites(db: Db, platformId: string, resourceLinkId: string, userId: string, sub: string, at: number) {
  const link = sql`SELECT id, course_id, lesson_id, line_item_url FROM lti_resource_links WHERE platform_id = ${platformId} AND resource_link_id = ${resourceLinkId}`;
  return [
    db.run(sql`INSERT INTO lti_link_learners (link_id, user_id, sub, last_launch_at) SELECT id, ${userId}, ${sub}, ${at} FROM (${link}) WHERE true
      ON CONFLICT (link_id, user_id) DO UPDATE SET sub = excluded.sub, last_launch_at = excluded.last_launch_at`),
    db.run(sql`INSERT INTO lti_scores (id, link_id, user_id, dedupe_key, score_given, score_maximum, activity_progress, grading_progress, occurred_at, created_at, attempts, next_attempt_at)
      SELECT lower(hex(randomblob(16))), l.id, ${userId}, 'lesson:' || ${userId}, 1, 1, 'Completed', 'FullyGraded', min(e.occurred_at), ${at}, 0, ${at}
      FROM (${link}) l JOIN progress_events e ON e.user_id = ${userId} AND e.course_id = l.course_id AND e.lesson_id = l.lesson_id AND e.type = 'lesson.completed'
      WHERE l.line_item_url IS NOT NULL AND NOT EXISTS (SELECT 1 FROM lti_scores s WHERE s.link_id = l.id AND s.dedupe_key = 'lesson:' || ${userId})
      GROUP BY l.id`),
    db.run(sql`INSERT INTO lti_scores (id, link_id, user_id, dedupe_key, score_given, score_maximum, activity_progress, grading_progress, occurred_at, created_at, attempts, next_attempt_at)
      SELECT lower(hex(randomblob(16))), l.id, ${userId}, 'attempt:' || a.id, a.points, a.max_points, 'Completed', 'FullyGraded', a.submitted_at, ${at}, 0, ${at}
      FROM (${link}) l JOIN attempts a ON a.user_id = ${userId} AND a.course_id = l.course_id AND a.purpose = 'certification' AND a.status = 'graded' AND a.max_points > 0
      WHERE l.lesson_id IS NULL AND l.line_item_url IS NOT NULL AND NOT EXISTS (SELECT 1 FROM lti_scores s WHERE s.link_id = l.id AND s.user_id = ${userId})
      ORDER BY a.passed DESC, a.points / a.max_points DESC LIMIT 1`),
  ];
}
