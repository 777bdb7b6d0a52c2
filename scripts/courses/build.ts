import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LOCALES, type Locale } from '../../db/schema/enums';
import type { CourseIndex, CourseRelease, IndexCourse, IndexLocale, LessonFile, PackFile } from '../../worker/content/types';
import type { LoadedCourse } from './load';
import { renderMarkdown, type MarkdownContext } from './markdown';
import type { FormativeCheck } from './source';

/** What a build produces: public files (path → bytes) and the server-only pools. */
export interface BuildOutput {
  public: Map<string, Uint8Array>;
  server: Map<string, Uint8Array>;
}

const encoder = new TextEncoder();
const hashOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
const sizes = (bytes: Uint8Array) => ({ bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });

class Emitter {
  readonly files = new Map<string, Uint8Array>();

  /** Writes `bytes` under a name that carries their hash: a change gives a new URL. */
  hashed(dir: string, stem: string, ext: string, bytes: Uint8Array): PackFile {
    const path = `${dir}/${stem}.${hashOf(bytes)}.${ext}`;
    this.files.set(path, bytes);
    return { path, ...sizes(bytes) };
  }
}

function localisedChecks(checks: FormativeCheck[], translated?: Array<{ id: string; prompt: string; options: Array<{ id: string; text: string; feedback?: string }>; explanation?: string }>) {
  return checks.map((q) => {
    const t = translated?.find((x) => x.id === q.id);
    return {
      id: q.id,
      type: q.type,
      prompt: t?.prompt ?? q.prompt,
      options: q.options.map((o) => {
        const to = t?.options.find((x) => x.id === o.id);
        return { id: o.id, text: to?.text ?? o.text, ...(o.correct ? { correct: true } : {}), feedback: to?.feedback ?? o.feedback };
      }),
      ...(q.explanation ? { explanation: t?.explanation ?? q.explanation } : {}),
    };
  });
}

function buildCourse(c: LoadedCourse, out: Emitter): IndexCourse {
  const course = c.course.data;
  const dir = course.id;
  const media = new Map<string, { bytes: Uint8Array; url?: string }>();
  const mediaFiles: PackFile[] = [];
  for (const [name, m] of c.media) {
    const dot = name.lastIndexOf('.');
    const file = out.hashed(`${dir}/media`, name.slice(0, dot), name.slice(dot + 1), m.bytes);
    mediaFiles.push(file);
    media.set(name, { bytes: m.bytes, url: `/content/${file.path}` });
  }
  const ctx: MarkdownContext = { courseId: course.id, lessonIds: new Set(course.lessons), media };
  const references = new Map(course.references.map((r) => [r.id, r]));
  const rubric = c.rubric ? out.hashed(dir, 'rubric', 'json', json(c.rubric.data)) : null;
  const locales = {} as Record<Locale, IndexLocale>;

  for (const locale of LOCALES) {
    const t = locale === 'en' ? undefined : c.translations.get(locale);
    const outcomeText = (id: string) =>
      t?.course?.data.outcomes.find((o) => o.id === id)?.text ?? course.outcomes.find((o) => o.id === id)?.text ?? id;
    const lessons: LessonFile[] = course.lessons.map((id) => {
      const source = c.lessons.get(id)!;
      const translated = t?.lessons.get(id);
      const lessonLocale = translated ? locale : 'en';
      const body = {
        course: course.id,
        courseVersion: course.version,
        id,
        locale: lessonLocale,
        title: translated?.meta.title ?? source.meta.title,
        minutes: source.meta.minutes,
        outcomes: source.meta.outcomes.map((o) => ({ id: o, text: translated ? outcomeText(o) : course.outcomes.find((x) => x.id === o)?.text })),
        references: source.meta.references.map((r) => references.get(r)),
        html: renderMarkdown(translated?.body ?? source.body, ctx),
        checks: localisedChecks(source.checks?.data ?? [], translated ? t?.checks.get(id)?.data : undefined),
      };
      // Untranslated lessons share the English file: one copy, one hash, cached once.
      const file = out.hashed(dir, `${id}.${lessonLocale}`, 'json', json(body));
      return { id, title: body.title, minutes: body.minutes, locale: lessonLocale, fallback: lessonLocale !== locale, ...file };
    });
    const glossaryData = (c.glossary?.data ?? []).map((g) => {
      const tg = t?.glossary?.data.find((x) => x.term === g.term);
      return tg ? { term: tg.translation, english: g.term, definition: tg.definition } : { term: g.term, definition: g.definition };
    });
    const glossary = out.hashed(dir, `glossary.${t?.glossary ? locale : 'en'}`, 'json', json(glossaryData));
    const files = [...lessons.map(({ path, bytes, gzipBytes }) => ({ path, bytes, gzipBytes })), glossary, ...(rubric ? [rubric] : []), ...mediaFiles];
    locales[locale] = {
      title: t?.course?.data.title ?? course.title,
      summary: t?.course?.data.summary ?? course.summary,
      fallback: locale !== 'en' && !t?.course,
      outcomes: course.outcomes.map((o) => ({ id: o.id, text: outcomeText(o.id) })),
      lessons,
      glossary: glossary.path,
      pack: {
        files,
        bytes: files.reduce((n, f) => n + f.bytes, 0),
        gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
      },
    };
  }
  const { summative, ...rule } = course.certificate;
  return {
    id: course.id,
    version: course.version,
    sectors: course.sectors,
    minutes: course.minutes,
    prerequisites: course.prerequisites,
    certificate: { ...rule, summative: { ...summative, poolSize: c.pool?.data.questions.length ?? 0 } },
    rubric: rubric?.path ?? null,
    locales,
  };
}

/** The private half of a course version: what grading and certifying need, never sent to a browser. */
function release(c: LoadedCourse): CourseRelease {
  const course = c.course.data;
  const body = {
    courseId: course.id,
    version: course.version,
    title: course.title,
    outcomes: course.outcomes,
    lessons: course.lessons,
    certificate: course.certificate,
    questions: c.pool?.data.questions ?? [],
    rubric: c.rubric?.data ?? null,
    ...(course.pathway ? { pathway: course.pathway } : {}),
  };
  return { ...body, contentHash: hashOf(json(body)) };
}

/**
 * Compiles validated courses. Deterministic: files and keys are written in a fixed
 * order, and nothing depends on the clock or the file system's listing order.
 */
export function buildCourses(courses: readonly LoadedCourse[]): BuildOutput {
  const out = new Emitter();
  const sorted = [...courses].sort((a, b) => a.course.data.id.localeCompare(b.course.data.id));
  const index: CourseIndex = { format: 1, courses: sorted.map((c) => buildCourse(c, out)) };
  out.files.set('index.json', json(index));
  const releases = sorted.map((c) => release(c));
  return { public: out.files, server: new Map([['releases.json', json(releases)]]) };
}
