import { z } from '@hono/zod-openapi';
import { Locale, Sector, Slug } from '../../schemas';

export const LocaleQuery = z.object({
  locale: Locale.optional().openapi({ description: "The learner's language; else Accept-Language; else English." }),
});

export const CourseParams = z.object({ courseId: Slug.openapi({ param: { name: 'courseId', in: 'path' } }) });
export const LessonParams = CourseParams.extend({ lessonId: Slug.openapi({ param: { name: 'lessonId', in: 'path' } }) });

const Download = z.object({ url: z.string(), bytes: z.number(), gzipBytes: z.number() });

export const CatalogueEntry = z
  .object({
    id: z.string(),
    version: z.string(),
    title: z.string(),
    summary: z.string(),
    fallback: z.boolean(),
    sectors: z.array(Sector),
    minutes: z.number(),
    lessons: z.number(),
    pack: z.object({ bytes: z.number(), gzipBytes: z.number() }),
  })
  .openapi('CatalogueEntry');

export const Catalogue = z.object({ locale: Locale, courses: z.array(CatalogueEntry) }).openapi('Catalogue');

export const CourseDetail = z
  .object({
    id: z.string(),
    version: z.string(),
    locale: Locale,
    title: z.string(),
    summary: z.string(),
    fallback: z.boolean(),
    sectors: z.array(Sector),
    minutes: z.number(),
    prerequisites: z.array(z.string()),
    outcomes: z.array(z.object({ id: z.string(), text: z.string() })),
    certificate: z.object({
      lessons: z.union([z.literal('all'), z.array(z.string())]),
      practical: z.boolean(),
      validityMonths: z.number().optional(),
      summative: z.object({
        draw: z.number(),
        passMark: z.number(),
        timeLimitMinutes: z.number(),
        attempts: z.number(),
        cooldownHours: z.number(),
        feedback: z.enum(['after-submit', 'after-pass', 'never']),
        poolSize: z.number(),
      }),
    }),
    lessons: z.array(
      Download.extend({ id: z.string(), title: z.string(), minutes: z.number(), locale: Locale, fallback: z.boolean() }),
    ),
    glossary: z.string(),
    rubric: z.string().nullable(),
    pack: z.object({ files: z.array(Download), bytes: z.number(), gzipBytes: z.number() }),
  })
  .openapi('CourseDetail');

export const Lesson = z
  .object({
    course: z.string(),
    courseVersion: z.string(),
    id: z.string(),
    locale: Locale,
    requestedLocale: Locale,
    fallback: z.boolean().openapi({ description: 'True when the lesson is not yet translated and comes in English.' }),
    title: z.string(),
    minutes: z.number(),
    html: z.string().openapi({ description: 'Rendered at build time from Markdown without raw HTML.' }),
    outcomes: z.array(z.object({ id: z.string(), text: z.string() })),
    references: z.array(z.object({ id: z.string(), title: z.string(), publisher: z.string(), year: z.number(), url: z.string() })),
    checks: z.array(z.object({ id: z.string(), type: z.string(), prompt: z.string() }).passthrough()),
  })
  .openapi('Lesson');
