/** Reads the built course files a cartridge is made of: lessons, glossary and their images. */
import type { Locale } from '../../../db/schema/enums';
import type { ContentStore } from '../../content/store';
import type { IndexCourse } from '../../content/types';
import { AppError } from '../../errors';
import type { Reference } from './html';

export interface Check {
  id: string;
  type: 'single' | 'multiple' | 'true-false';
  prompt: string;
  options: Array<{ id: string; text: string; correct?: boolean; feedback?: string }>;
  explanation?: string;
}

export interface LessonContent {
  id: string;
  locale: Locale;
  /** English in place of a translation that does not exist yet. */
  fallback: boolean;
  title: string;
  minutes: number;
  html: string;
  outcomes: Array<{ id: string; text: string }>;
  references: Reference[];
  checks: Check[];
}

export interface GlossaryEntry {
  term: string;
  english?: string;
  definition: string;
}

export interface CourseContent {
  lessons: LessonContent[];
  glossary: GlossaryEntry[];
  /** Built images by their path under content/. */
  media: Map<string, Uint8Array>;
}

const decoder = new TextDecoder();

async function readFile(store: ContentStore, path: string): Promise<Uint8Array> {
  const bytes = await store.read(path);
  if (!bytes) throw new AppError(503, 'content_unavailable', `The course file ${path} is missing on the server. Rebuild the course content (npm run build:courses).`);
  return bytes;
}

const readJson = async <T>(store: ContentStore, path: string) => JSON.parse(decoder.decode(await readFile(store, path))) as T;

export async function readCourseContent(store: ContentStore, course: IndexCourse, locale: Locale): Promise<CourseContent> {
  const l = course.locales[locale];
  const lessons = await Promise.all(
    l.lessons.map(async (entry) => ({ ...(await readJson<Omit<LessonContent, 'fallback'>>(store, entry.path)), fallback: entry.fallback })),
  );
  const glossary = await readJson<GlossaryEntry[]>(store, l.glossary);
  const media = new Map<string, Uint8Array>();
  for (const lesson of lessons) {
    for (const [, path] of lesson.html.matchAll(/ src="\/content\/([^"]+)"/g)) {
      if (path && !media.has(path)) media.set(path, await readFile(store, path));
    }
  }
  return { lessons, glossary, media };
}
