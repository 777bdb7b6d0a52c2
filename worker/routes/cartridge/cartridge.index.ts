import { eq } from 'drizzle-orm';
import { courseReleases, institutions } from '../../../db/schema';
import type { Locale } from '../../../db/schema/enums';
import { findRelease } from '../../assessments/releases';
import { audit } from '../../audit';
import type { ContentStore } from '../../content/store';
import type { CourseRelease } from '../../content/types';
import { createRouter } from '../../context';
import { AppError, notFound } from '../../errors';
import { buildCartridge, zipCartridge } from '../../interop/cartridge/build';
import { readCourseContent } from '../../interop/cartridge/content';
import { PROFILES } from '../../interop/cartridge/profile';
import { summativeRight } from '../../interop/cartridge/right';
import { catalogue } from '../../lib/catalogues';
import { authorize, requireActor } from '../../policy';
import * as routes from './cartridge.routes';

const LANGUAGE: Record<Locale, string> = { en: 'English', fr: 'French', es: 'Spanish', ru: 'Russian', ar: 'Arabic' };

/**
 * Course export for an academy's own learning system (/api/courses/{id}/cartridge). Not a
 * `signedIn` router: mounted beside the public course routes, its guard would cover them too.
 */
export function cartridgeRouter(store: ContentStore) {
  return createRouter().openapi(routes.cartridge, async (c) => {
    const { courseId } = c.req.valid('param');
    const q = c.req.valid('query');
    const actor = requireActor(c);
    if (!q.institutionId && !actor.programmeAdmin) {
      throw new AppError(400, 'validation_failed', 'Name the institution you export for.', {
        fields: { 'query.institutionId': 'Required unless you are a programme admin.' },
      });
    }
    authorize(c, 'course.export', { institutionId: q.institutionId });
    const db = c.get('db');
    const [institution] = q.institutionId ? await db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(eq(institutions.id, q.institutionId)) : [];
    if (q.institutionId && !institution) throw notFound('The institution');

    if (!(await store.index())) {
      throw new AppError(503, 'content_unavailable', 'Course content has not been built on this server. Run `npm run build:courses`.');
    }
    const course = await store.course(courseId);
    if (!course) throw notFound(`The course "${courseId}"`);
    const version = q.version ?? course.version;
    if (version !== course.version) {
      const published = await db.select({ version: courseReleases.version }).from(courseReleases).where(eq(courseReleases.courseId, courseId));
      if (published.some((r) => r.version === version)) {
        throw new AppError(
          409,
          'version_not_on_server',
          `Version ${version} of "${courseId}" was published, but this server holds the lessons of version ${course.version} only. Export ${course.version}, or export ${version} from a build of that version.`,
        );
      }
      throw new AppError(404, 'not_found', `Version ${version} of the course "${courseId}" was not found. This server has version ${course.version}.`);
    }
    if (course.locales[q.lang].fallback) {
      const available = (Object.keys(course.locales) as Locale[]).filter((l) => l === 'en' || !course.locales[l].fallback).map((l) => `${LANGUAGE[l]} (${l})`);
      throw new AppError(404, 'language_not_available', `"${courseId}" has not been translated into ${LANGUAGE[q.lang]} yet. Export it in ${available.join(', ')}.`);
    }

    let release: CourseRelease | undefined;
    if (q.include === 'summative') {
      if (!actor.programmeAdmin) {
        const right = await summativeRight(db, institution!.id, courseId, version);
        const why = `The summative pool, with its answers, goes only to an institution that runs its own exams for the course.`;
        if (!right.adopted) {
          throw new AppError(403, 'summative_not_allowed', `${why} ${institution!.name} has not recorded its adoption of "${courseId}" version ${version}: record it under Curriculum adoption, then export again.`);
        }
        if (!right.certifies) {
          throw new AppError(403, 'summative_not_allowed', `${why} ${institution!.name} has no active certified or master trainer of "${courseId}" to run those exams: qualify one first, then export again.`);
        }
        authorize(c, 'course.export_summative', { institutionId: institution!.id, runsOwnExams: true });
      }
      release = await findRelease(db, courseId, version);
      if (!release) throw new AppError(503, 'content_unavailable', `The summative pool of "${courseId}" ${version} is not published on this server yet. Restart the server after building the courses.`);
    }

    const content = await readCourseContent(store, course, q.lang);
    const strings = await catalogue('cartridge', c.env);
    const cartridge = buildCartridge({ profile: PROFILES[q.cc], locale: q.lang, course, content, strings, ...(release ? { summative: release } : {}) });
    const zip = zipCartridge(cartridge.files, c.get('now'));
    if (release) {
      // Answers leaving the platform are recorded before they go.
      await audit(db, c.get('now'), c.get('requestId'), {
        actorId: actor.userId,
        action: 'course.summative_exported',
        institutionId: institution?.id ?? null,
        subjectType: 'course',
        subjectId: `${courseId}@${version}`,
        detail: { lang: q.lang, cc: q.cc, items: cartridge.summativeItems, byHand: cartridge.byHand },
      });
    }
    const name = `cascade-${courseId}-${version}-${q.lang}${release ? '-summative' : ''}-cc${q.cc.replace('.', '')}.imscc`;
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Content-Language': q.lang,
    }) as never;
  });
}
