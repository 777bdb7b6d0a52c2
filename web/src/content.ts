import type { InferResponseType } from 'hono/client';
import { api, ApiError, send, type Locale } from './api';
import { API_CACHE } from './offline/cache-names';

export type Catalogue = InferResponseType<typeof api.catalogue.$get, 200>;
export type CatalogueCourse = Catalogue['courses'][number];
export type CourseDetail = InferResponseType<(typeof api.courses)[':courseId']['$get'], 200>;
export type CourseLesson = CourseDetail['lessons'][number];

/** A lesson file under /content/: built once, named by its hash, never changed. */
export interface LessonFile {
  course: string;
  courseVersion: string;
  id: string;
  locale: Locale;
  title: string;
  minutes: number;
  outcomes: Array<{ id: string; text: string }>;
  references: Array<{ id: string; title: string; publisher: string; year: number; url: string }>;
  html: string;
  checks: Check[];
}

export interface Check {
  id: string;
  type: 'single' | 'multiple' | 'true-false';
  prompt: string;
  options: Array<{ id: string; text: string; correct?: true; feedback: string }>;
  explanation?: string;
}

export { API_CACHE, CONTENT_CACHE } from './offline/cache-names';

export const courseUrl = (courseId: string, locale: Locale) =>
  `/api/courses/${encodeURIComponent(courseId)}?locale=${locale}`;

/** A cached copy when the network fails: covers browsers where the service worker is not running yet. */
async function cached<T>(url: string, cacheName: string): Promise<T | undefined> {
  if (!('caches' in self)) return undefined;
  const hit = await caches.open(cacheName).then((c) => c.match(url));
  return hit ? ((await hit.json()) as T) : undefined;
}

async function orCached<T>(load: () => Promise<T>, url: string, cacheName: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'offline') throw err;
    const copy = await cached<T>(url, cacheName);
    if (copy) return copy;
    throw err;
  }
}

export function loadCatalogue(locale: Locale): Promise<Catalogue> {
  return orCached(() => send(api.catalogue.$get({ query: { locale } })), `/api/catalogue?locale=${locale}`, API_CACHE);
}

/** Course descriptions are small and asked for on every lesson: kept per page load. */
const courses = new Map<string, Promise<CourseDetail>>();
/** The ones that have arrived, so a lesson can be fetched by its static URL at once. */
const arrived = new Map<string, CourseDetail>();

export function loadCourse(courseId: string, locale: Locale): Promise<CourseDetail> {
  const key = `${courseId}|${locale}`;
  let found = courses.get(key);
  if (!found) {
    found = orCached(() => send(api.courses[':courseId'].$get({ param: { courseId }, query: { locale } })), courseUrl(courseId, locale), API_CACHE);
    found.then((course) => arrived.set(key, course)).catch(() => courses.delete(key));
    courses.set(key, found);
  }
  return found;
}

/** Fetches the static lesson file: cacheable forever, one round trip for the next lesson. */
async function fetchLesson(url: string): Promise<LessonFile> {
  let res: Response | undefined;
  try {
    res = await fetch(url);
  } catch {
    res = 'caches' in self ? await caches.match(url) : undefined;
    if (!res) throw new ApiError('offline', '');
  }
  if (!res.ok) throw new ApiError(`http_${res.status}`, res.statusText);
  return (await res.json()) as LessonFile;
}

/** Lesson files never change under their URL: each is fetched once per page load. */
const lessons = new Map<string, Promise<LessonFile>>();

export function loadLesson(url: string): Promise<LessonFile> {
  let found = lessons.get(url);
  if (!found) {
    found = fetchLesson(url);
    found.catch(() => lessons.delete(url));
    lessons.set(url, found);
  }
  return found;
}

export interface LessonView {
  course: CourseDetail;
  index: number;
  file: LessonFile;
}

/**
 * A lesson with its course. Once the course description is in memory (every lesson after
 * the first) this is one request for the lesson's static file. On a cold start the lesson
 * comes from the API instead, alongside the course description rather than after it: one
 * round trip saved on a 400 ms link. Offline, the downloaded static file is the fallback.
 */
export function loadLessonView(courseId: string, lessonId: string, locale: Locale): Promise<LessonView> {
  // The start-up prefetch and the reader ask for the same lesson: one request serves both.
  const key = `${courseId}|${lessonId}|${locale}`;
  let found = views.get(key);
  if (!found) {
    found = fetchLessonView(courseId, lessonId, locale);
    found.catch(() => views.delete(key));
    views.set(key, found);
  }
  return found;
}

const views = new Map<string, Promise<LessonView>>();

async function fetchLessonView(courseId: string, lessonId: string, locale: Locale): Promise<LessonView> {
  const known = arrived.get(`${courseId}|${locale}`);
  const coursePromise = loadCourse(courseId, locale);
  const byUrl = async () => {
    const entry = (known ?? (await coursePromise)).lessons.find((x) => x.id === lessonId);
    if (!entry) throw new ApiError('not_found', '');
    return loadLesson(entry.url);
  };
  const filePromise = known
    ? byUrl()
    : send(api.courses[':courseId'].lessons[':lessonId'].$get({ param: { courseId, lessonId }, query: { locale } }))
        .then((lesson) => lesson as unknown as LessonFile)
        .catch(byUrl);
  const [course, file] = await Promise.all([coursePromise, filePromise]);
  const index = course.lessons.findIndex((x) => x.id === lessonId);
  if (index < 0) throw new ApiError('not_found', '');
  return { course, index, file };
}
