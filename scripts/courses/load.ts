import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type * as z from 'zod';
import type { Problems } from './problems';
import {
  CheckTranslations,
  Course,
  CourseTranslation,
  FormativeChecks,
  Glossary,
  GlossaryTranslation,
  LessonMeta,
  LessonTranslationMeta,
  Rubric,
  SummativePool,
  TRANSLATED_LOCALES,
  type FormativeCheck,
} from './source';

export interface SourceFile<T> {
  file: string;
  data: T;
}

export interface Lesson {
  file: string;
  meta: LessonMeta;
  body: string;
  /** Line of the body's first line in the file, for messages. */
  bodyLine: number;
  checks: SourceFile<FormativeCheck[]> | null;
}

export interface Translation {
  course: SourceFile<z.infer<typeof CourseTranslation>> | null;
  lessons: Map<string, { file: string; meta: z.infer<typeof LessonTranslationMeta>; body: string; bodyLine: number }>;
  checks: Map<string, SourceFile<z.infer<typeof CheckTranslations>>>;
  glossary: SourceFile<z.infer<typeof GlossaryTranslation>> | null;
}

export interface Media {
  file: string;
  name: string;
  bytes: Uint8Array;
}

export interface LoadedCourse {
  dir: string;
  folder: string;
  course: SourceFile<Course>;
  lessons: Map<string, Lesson>;
  pool: SourceFile<z.infer<typeof SummativePool>> | null;
  rubric: SourceFile<Rubric> | null;
  glossary: SourceFile<z.infer<typeof Glossary>> | null;
  media: Map<string, Media>;
  translations: Map<string, Translation>;
}

/** Paths in messages are relative to the repository, as an author sees them. */
const shown = (root: string, path: string) => relative(root, path) || path;

function readYaml<T>(root: string, path: string, schema: z.ZodType<T>, problems: Problems): SourceFile<T> | null {
  const file = shown(root, path);
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    const line = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : 'YAML';
    problems.add(file, line, `This is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.fromZod(file, parsed.error);
    return null;
  }
  return { file, data: parsed.data };
}

/** Splits `---` front matter from the Markdown body. */
function frontMatter(text: string): { meta: unknown; body: string; bodyLine: number } | string {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return 'Start the file with front matter between two "---" lines (id, title, minutes, outcomes).';
  try {
    return { meta: parseYaml(match[1] ?? ''), body: text.slice(match[0].length), bodyLine: match[0].split('\n').length };
  } catch (err) {
    return `The front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`;
  }
}

function readMarkdown<T>(root: string, path: string, schema: z.ZodType<T>, problems: Problems) {
  const file = shown(root, path);
  const parts = frontMatter(readFileSync(path, 'utf8'));
  if (typeof parts === 'string') {
    problems.add(file, 'front matter', parts);
    return null;
  }
  const meta = schema.safeParse(parts.meta);
  if (!meta.success) {
    problems.fromZod(file, meta.error, 'front matter');
    return null;
  }
  return { file, meta: meta.data, body: parts.body, bodyLine: parts.bodyLine };
}

const listFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

function loadTranslation(root: string, dir: string, problems: Problems): Translation {
  const lessonsDir = join(dir, 'lessons');
  const t: Translation = {
    course: readYaml(root, join(dir, 'course.yaml'), CourseTranslation, problems),
    lessons: new Map(),
    checks: new Map(),
    glossary: readYaml(root, join(dir, 'glossary.yaml'), GlossaryTranslation, problems),
  };
  for (const name of listFiles(lessonsDir)) {
    const path = join(lessonsDir, name);
    if (name.endsWith('.checks.yaml')) {
      const checks = readYaml(root, path, CheckTranslations, problems);
      if (checks) t.checks.set(name.slice(0, -'.checks.yaml'.length), checks);
    } else if (name.endsWith('.md')) {
      const lesson = readMarkdown(root, path, LessonTranslationMeta, problems);
      if (lesson) t.lessons.set(basename(name, '.md'), lesson);
    } else {
      problems.add(shown(root, path), 'file', 'Unexpected file: translations hold only <lesson>.md and <lesson>.checks.yaml.');
    }
  }
  return t;
}

/** Reads one course folder; every problem found on the way goes to `problems`. */
export function loadCourse(root: string, dir: string, problems: Problems): LoadedCourse | null {
  const folder = basename(dir);
  const course = readYaml(root, join(dir, 'course.yaml'), Course, problems);
  if (!course) {
    if (!existsSync(join(dir, 'course.yaml'))) problems.add(shown(root, dir), 'course.yaml', 'Every course folder needs a course.yaml.');
    return null;
  }
  const lessons = new Map<string, Lesson>();
  const lessonsDir = join(dir, 'lessons');
  for (const name of listFiles(lessonsDir)) {
    const path = join(lessonsDir, name);
    if (name.endsWith('.checks.yaml')) continue;
    if (!name.endsWith('.md')) {
      problems.add(shown(root, path), 'file', 'Unexpected file: lessons/ holds only <lesson>.md and <lesson>.checks.yaml.');
      continue;
    }
    const lesson = readMarkdown(root, path, LessonMeta, problems);
    if (!lesson) continue;
    const checksPath = join(lessonsDir, `${basename(name, '.md')}.checks.yaml`);
    lessons.set(basename(name, '.md'), { ...lesson, checks: readYaml(root, checksPath, FormativeChecks, problems) });
  }
  const media = new Map<string, Media>();
  for (const name of listFiles(join(dir, 'media'))) {
    const path = join(dir, 'media', name);
    if (statSync(path).isFile()) media.set(name, { file: shown(root, path), name, bytes: readFileSync(path) });
  }
  const translations = new Map<string, Translation>();
  for (const locale of listFiles(join(dir, 'locales'))) {
    if (!(TRANSLATED_LOCALES as readonly string[]).includes(locale)) {
      problems.add(shown(root, join(dir, 'locales', locale)), 'folder', `Unknown locale "${locale}". Use one of: ${TRANSLATED_LOCALES.join(', ')}.`);
      continue;
    }
    translations.set(locale, loadTranslation(root, join(dir, 'locales', locale), problems));
  }
  return {
    dir,
    folder,
    course,
    lessons,
    pool: readYaml(root, join(dir, 'assessment', 'summative.yaml'), SummativePool, problems),
    rubric: readYaml(root, join(dir, 'assessment', 'rubric.yaml'), Rubric, problems),
    glossary: readYaml(root, join(dir, 'glossary.yaml'), Glossary, problems),
    media,
    translations,
  };
}

/** Every course folder under `coursesDir`, skipping `_`-prefixed ones and plain files. */
export function courseFolders(coursesDir: string): string[] {
  return listFiles(coursesDir)
    .filter((name) => !name.startsWith('_') && !name.startsWith('.'))
    .map((name) => join(coursesDir, name))
    .filter((path) => statSync(path).isDirectory());
}
