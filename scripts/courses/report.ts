/**
 * `npm run courses:report`: the figures a reviewer asks for. Words per lesson, pool
 * size by question type, and each course's offline pack per language, compressed.
 */
import { fileURLToPath } from 'node:url';
import { LOCALES } from '../../db/schema/enums';
import { buildCourses } from './build';
import { loadCourses } from './catalogue';

const words = (markdown: string) =>
  markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/[#>*_`|[\]()-]+/g, ' ')
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w)).length;

const { courses, problems } = loadCourses(fileURLToPath(new URL('../../courses/', import.meta.url)));
if (problems.length) {
  console.error('Fix the content first: npm run courses:check');
  process.exit(1);
}
const index = JSON.parse(new TextDecoder().decode(buildCourses(courses).public.get('index.json')));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

for (const c of courses) {
  const id = c.course.data.id;
  const lessonWords = c.course.data.lessons.map((l) => [l, words(c.lessons.get(l)?.body ?? '')] as const);
  const total = lessonWords.reduce((n, [, w]) => n + w, 0);
  console.log(`\n## ${id} ${c.course.data.version}: ${total} words in ${lessonWords.length} lessons`);
  for (const [l, w] of lessonWords) console.log(`  ${l.padEnd(34)} ${String(w).padStart(5)} words, ${c.lessons.get(l)?.checks?.data.length ?? 0} checks`);
  const questions = c.pool?.data.questions ?? [];
  const byType = new Map<string, number>();
  for (const q of questions) byType.set(q.type, (byType.get(q.type) ?? 0) + 1);
  console.log(`  summative pool: ${questions.length} (draw ${c.course.data.certificate.summative.draw}): ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}`);
  const course = index.courses.find((x: { id: string }) => x.id === id);
  for (const locale of LOCALES) {
    const l = course.locales[locale];
    const translated = l.lessons.filter((x: { fallback: boolean }) => !x.fallback).length;
    console.log(`  offline pack ${locale}: ${kb(l.pack.gzipBytes)} gzip (${kb(l.pack.bytes)} raw), ${translated}/${l.lessons.length} lessons in ${locale}`);
  }
}
