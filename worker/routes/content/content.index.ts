import type { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import { LOCALES, type Locale } from '../../../db/schema/enums';
import type { ContentStore } from '../../content/store';
import type { CourseIndex, IndexCourse } from '../../content/types';
import { createRouter, type AppEnv } from '../../context';
import { AppError, notFound } from '../../errors';
import * as routes from './content.routes';
import type { Catalogue, Lesson } from './content.schemas';

const decoder = new TextDecoder();
const url = (path: string) => `/content/${path}`;

/** The asked-for language, else the browser's first supported one, else English. */
function localeOf(c: Context<AppEnv>, asked: Locale | undefined): Locale {
  if (asked) return asked;
  for (const part of (c.req.header('accept-language') ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    const found = LOCALES.find((l) => l === tag);
    if (found) return found;
  }
  return 'en';
}

/** A JSON body serialised already, typed as the route documents it. */
function jsonText<T>(c: Context<AppEnv>, text: string) {
  c.header('Content-Type', 'application/json');
  return c.body(text, 200) as unknown as Response & TypedResponse<T, 200, 'json'>;
}

async function courseOrThrow(store: ContentStore, id: string): Promise<IndexCourse> {
  if (!(await store.index())) {
    throw new AppError(503, 'content_unavailable', 'Course content has not been built on this server. Run `npm run build:courses`.');
  }
  const course = await store.course(id);
  if (!course) throw notFound(`The course "${id}"`);
  return course;
}

/** Public course content: lessons and formative checks are practice material, open to all. */
export function contentRouter(store: ContentStore) {
  const catalogues = new WeakMap<CourseIndex, Partial<Record<Locale, string>>>();
  return createRouter()
    .openapi(routes.catalogue, async (c) => {
      const locale = localeOf(c, c.req.valid('query').locale);
      const index = await store.index();
      c.header('Cache-Control', 'no-cache');
      // The same index gives the same catalogue: serialised once per language and build.
      const kept = index && catalogues.get(index)?.[locale];
      if (kept) {
        return jsonText<z.output<typeof Catalogue>>(c, kept);
      }
      const courses = (index?.courses ?? []).map((course) => {
        const l = course.locales[locale];
        return {
          id: course.id,
          version: course.version,
          title: l.title,
          summary: l.summary,
          fallback: l.fallback,
          sectors: course.sectors,
          minutes: course.minutes,
          lessons: l.lessons.length,
          pack: { bytes: l.pack.bytes, gzipBytes: l.pack.gzipBytes },
        };
      });
      const body = { locale, courses };
      if (index) catalogues.set(index, { ...catalogues.get(index), [locale]: JSON.stringify(body) });
      return c.json(body, 200);
    })
    .openapi(routes.course, async (c) => {
      const { courseId } = c.req.valid('param');
      const locale = localeOf(c, c.req.valid('query').locale);
      const course = await courseOrThrow(store, courseId);
      const l = course.locales[locale];
      c.header('Cache-Control', 'no-cache');
      return c.json(
        {
          id: course.id,
          version: course.version,
          locale,
          title: l.title,
          summary: l.summary,
          fallback: l.fallback,
          sectors: course.sectors,
          minutes: course.minutes,
          prerequisites: course.prerequisites,
          outcomes: l.outcomes,
          certificate: course.certificate,
          lessons: l.lessons.map(({ path, ...lesson }) => ({ ...lesson, url: url(path) })),
          glossary: url(l.glossary),
          rubric: course.rubric ? url(course.rubric) : null,
          pack: {
            files: l.pack.files.map(({ path, ...f }) => ({ ...f, url: url(path) })),
            bytes: l.pack.bytes,
            gzipBytes: l.pack.gzipBytes,
          },
        },
        200,
      );
    })
    .openapi(routes.lesson, async (c) => {
      const { courseId, lessonId } = c.req.valid('param');
      const locale = localeOf(c, c.req.valid('query').locale);
      const course = await courseOrThrow(store, courseId);
      const entry = course.locales[locale].lessons.find((l) => l.id === lessonId);
      if (!entry) throw notFound(`The lesson "${lessonId}" of "${courseId}"`);
      // The file name carries the content hash, so it is the ETag.
      const etag = `"${entry.path.split('.').at(-2)}-${locale}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'no-cache');
      c.header('Content-Location', url(entry.path));
      c.header('Content-Language', entry.locale);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      const bytes = await store.read(entry.path);
      if (!bytes) throw new AppError(503, 'content_unavailable', 'This lesson’s file is missing on the server. Rebuild the course content.');
      // The file is the lesson's JSON object as built: two fields are added to its text rather
      // than parsing and serialising 10 to 30 KB on every request.
      const lesson = decoder.decode(bytes).trimEnd();
      if (!lesson.endsWith('}')) throw new AppError(503, 'content_unavailable', 'This lesson’s file is damaged on the server. Rebuild the course content.');
      const extra = JSON.stringify({ requestedLocale: locale, fallback: entry.fallback }).slice(1);
      return jsonText<z.output<typeof Lesson>>(c, `${lesson.slice(0, -1)}${lesson.length > 2 ? ',' : ''}${extra}`);
    });
}
