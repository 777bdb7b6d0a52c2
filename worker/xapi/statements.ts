/**
 * xAPI 1.0.3 statements for what learners achieve in Cascade. Verbs are ADL's `completed` and
 * `passed` and the TinCan registry's `earned` (its definition: the actor achieved a badge or
 * certification). Activity ids are built from the course id and version, under the deployment's
 * origin, so an LRS can tell two versions of a course apart:
 *   <origin>/xapi/activities/courses/<course>/versions/<version>[/lessons/<lesson> | /assessment | /certificate]
 * Actors are accounts on that origin, named by their Cascade user id, never by an e-mail address.
 */
import type { xapiStatements } from '../../db/schema';

export const XAPI_VERSION = '1.0.3';

export const VERBS = {
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
  earned: { id: 'http://id.tincanapi.com/verb/earned', display: { 'en-US': 'earned' } },
} as const;

export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  badge: 'http://activitystrea.ms/schema/1.0/badge',
} as const;

export const STATEMENT_KINDS = ['lesson.completed', 'assessment.passed', 'certificate.issued'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

type Row = typeof xapiStatements.$inferSelect;

export interface StatementContext {
  homePage: string;
  learnerName: string;
  courseTitle?: string | undefined;
  lessonTitle?: string | undefined;
}

const seg = (s: string) => encodeURIComponent(s);

export function courseActivityId(homePage: string, courseId: string, version: string): string {
  return `${homePage.replace(/\/+$/, '')}/xapi/activities/courses/${seg(courseId)}/versions/${seg(version)}`;
}

const named = (name: string | undefined) => (name ? { name: { en: name } } : {});

/** The statement for one outbox row; the row's id is the statement's id. */
export function buildStatement(row: Row, ctx: StatementContext): Record<string, unknown> {
  const course = courseActivityId(ctx.homePage, row.courseId, row.courseVersion);
  const parent = { objectType: 'Activity', id: course, definition: { type: ACTIVITY_TYPES.course, ...named(ctx.courseTitle) } };
  let verb: (typeof VERBS)[keyof typeof VERBS];
  let object: Record<string, unknown>;
  let result: Record<string, unknown>;
  const extensions: Record<string, unknown> = {};
  if (row.kind === 'lesson.completed') {
    verb = VERBS.completed;
    object = { objectType: 'Activity', id: `${course}/lessons/${seg(row.lessonId ?? '')}`, definition: { type: ACTIVITY_TYPES.lesson, ...named(ctx.lessonTitle) } };
    result = { completion: true };
  } else if (row.kind === 'assessment.passed') {
    verb = VERBS.passed;
    object = { objectType: 'Activity', id: `${course}/assessment`, definition: { type: ACTIVITY_TYPES.assessment, ...named(ctx.courseTitle && `${ctx.courseTitle}: assessment`) } };
    const raw = row.scoreRaw ?? 0;
    const max = row.scoreMax ?? 0;
    result = {
      success: true,
      completion: true,
      ...(max > 0 ? { score: { raw, min: 0, max, scaled: Math.max(-1, Math.min(1, Math.round((raw / max) * 10_000) / 10_000)) } } : {}),
    };
  } else {
    verb = VERBS.earned;
    object = { objectType: 'Activity', id: `${course}/certificate`, definition: { type: ACTIVITY_TYPES.badge, ...named(ctx.courseTitle && `${ctx.courseTitle}: certificate`) } };
    result = { success: true, completion: true };
    // Where anyone can check the credential itself.
    extensions[`${ctx.homePage.replace(/\/+$/, '')}/xapi/extensions/certificate`] = `${ctx.homePage.replace(/\/+$/, '')}/verify?id=${seg(row.refId)}`;
  }
  return {
    id: row.id,
    actor: { objectType: 'Agent', name: ctx.learnerName, account: { homePage: ctx.homePage, name: row.userId } },
    verb,
    object,
    result,
    context: {
      platform: 'Cascade',
      contextActivities: { parent: [parent] },
      ...(Object.keys(extensions).length ? { extensions } : {}),
    },
    timestamp: row.occurredAt.toISOString(),
  };
}
