/**
 * Deep Linking 2.0: an instructor in the academy's platform picks a Cascade course or lesson, and
 * Cascade answers with an LtiDeepLinkingResponse, a JWT signed with the tool key, that the
 * browser posts back to the platform. Each placed link carries its target as custom parameters
 * and asks for a gradebook column (line item).
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { Db } from '../../db/client';
import { ltiDeepLinks } from '../../db/schema';
import type { ContentStore } from '../content/store';
import { AppError, notFound } from '../errors';
import { newSession } from '../sessions';
import { accountFor } from './accounts';
import { CLAIM, isInstructor, type LaunchClaims } from './claims';
import { personOf } from './provision';
import type { Platform } from './platforms';
import { TOOL_ALG, type ToolKey } from './tool-keys';

const TTL_MS = 60 * 60_000;
export type DeepLink = typeof ltiDeepLinks.$inferSelect;

/** Checks the request and remembers it until the instructor has chosen; signs the instructor in. */
export async function startDeepLinking(db: Db, platform: Platform, claims: LaunchClaims, now: Date) {
  const settings = claims[CLAIM.deepLinkingSettings];
  if (!settings) throw new AppError(400, 'lti_bad_message', 'The deep-linking request carries no deep_linking_settings claim.');
  if (!isInstructor(claims[CLAIM.roles])) {
    throw new AppError(403, 'lti_not_instructor', 'Only instructors and administrators of the platform can choose Cascade content to place.');
  }
  if (settings.accept_types.length && !settings.accept_types.includes('ltiResourceLink')) {
    throw new AppError(400, 'lti_unsupported_type', `The platform accepts only ${settings.accept_types.join(', ')} here; Cascade places LTI resource links.`);
  }
  const userId = await accountFor(db, platform.id, personOf(claims), now);
  const id = crypto.randomUUID();
  const session = await newSession(db, userId, now);
  await db.batch([
    session.insert,
    // Selections nobody finished are of no use after their hour.
    db.delete(ltiDeepLinks).where(lt(ltiDeepLinks.expiresAt, now)),
    db.insert(ltiDeepLinks).values({
      id,
      platformId: platform.id,
      deploymentId: claims[CLAIM.deploymentId],
      userId,
      returnUrl: settings.deep_link_return_url,
      data: settings.data ?? null,
      acceptMultiple: settings.accept_multiple ?? false,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TTL_MS),
    }),
  ]);
  return { id, session };
}

/** The open request, for the person who started it. */
export async function openDeepLink(db: Db, id: string, userId: string, now: Date): Promise<DeepLink> {
  const [row] = await db
    .select()
    .from(ltiDeepLinks)
    .where(and(eq(ltiDeepLinks.id, id), eq(ltiDeepLinks.userId, userId)));
  if (!row) throw notFound('This content selection');
  if (row.usedAt) throw new AppError(409, 'lti_selection_done', 'This selection was already sent to your platform. Start again from the platform to place more.');
  if (row.expiresAt.getTime() <= now.getTime()) throw new AppError(410, 'lti_selection_expired', 'This selection is more than an hour old. Start again from your platform.');
  return row;
}

export interface Choice {
  courseId: string;
  lessonId: string | null;
}

/** `course` or `course/lesson`, as the picker's form sends them; only what the content has. */
export async function parseChoices(content: ContentStore, values: readonly string[], acceptMultiple: boolean): Promise<Array<Choice & { title: string }>> {
  if (values.length === 0) throw new AppError(400, 'validation_failed', 'Choose a course or a lesson to place.', { fields: { 'body.item': 'Choose one.' } });
  if (values.length > 1 && !acceptMultiple) {
    throw new AppError(400, 'validation_failed', 'Your platform accepts one item here: choose only one.', { fields: { 'body.item': 'Choose only one.' } });
  }
  const index = await content.index();
  return values.slice(0, 50).map((value) => {
    const [courseId = '', lessonId] = value.split('/');
    const course = index?.courses.find((c) => c.id === courseId);
    const lesson = lessonId ? course?.locales.en.lessons.find((l) => l.id === lessonId) : undefined;
    if (!course || (lessonId && !lesson)) throw new AppError(400, 'validation_failed', `There is no course or lesson "${value}".`, { fields: { 'body.item': 'Not known.' } });
    const title = lesson ? `${course.locales.en.title}: ${lesson.title}` : course.locales.en.title;
    return { courseId, lessonId: lessonId ?? null, title };
  });
}

/** The signed LtiDeepLinkingResponse; the request is spent. */
export async function deepLinkingResponse(
  db: Db,
  key: ToolKey,
  input: { link: DeepLink; platform: Platform; choices: ReadonlyArray<Choice & { title: string }>; origin: string; now: Date },
): Promise<string> {
  const { link, platform, origin, now } = input;
  const items = input.choices.map((c) => ({
    type: 'ltiResourceLink',
    title: c.title,
    url: `${origin}/lti/launch`,
    custom: c.lessonId ? { course: c.courseId, lesson: c.lessonId } : { course: c.courseId },
    // A lesson scores 1 when completed; a course scores its summative assessment, which the platform scales.
    lineItem: { scoreMaximum: c.lessonId ? 1 : 100, label: c.title, resourceId: c.lessonId ? `${c.courseId}/${c.lessonId}` : c.courseId, tag: 'cascade' },
  }));
  const spent = await db
    .update(ltiDeepLinks)
    .set({ usedAt: now })
    .where(and(eq(ltiDeepLinks.id, link.id), isNull(ltiDeepLinks.usedAt), gt(ltiDeepLinks.expiresAt, now)))
    .returning({ id: ltiDeepLinks.id });
  if (spent.length === 0) throw new AppError(409, 'lti_selection_done', 'This selection was already sent to your platform. Start again from the platform to place more.');
  const iat = Math.floor(now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    nonce: crypto.randomUUID(),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: link.deploymentId,
    [CLAIM.contentItems]: items,
    [CLAIM.deepLinkingMessage]: items.length === 1 ? `Placed ${items[0]!.title}` : `Placed ${items.length} items`,
  };
  if (link.data !== null) claims[CLAIM.deepLinkingData] = link.data;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: TOOL_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(key.key);
}
