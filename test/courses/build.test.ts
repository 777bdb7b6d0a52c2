import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCourses, type BuildOutput } from '../../scripts/courses/build';
import { loadCourses } from '../../scripts/courses/catalogue';
import type { SummativeQuestion } from '../../scripts/courses/source';
import type { CourseIndex } from '../../worker/content/types';

const FIXTURES = new URL('../fixtures/courses/', import.meta.url).pathname;
const REAL = new URL('../../courses/', import.meta.url).pathname;
const decoder = new TextDecoder();

function build(dir: string): BuildOutput {
  const { courses, problems } = loadCourses(dir);
  expect(problems).toEqual([]);
  return buildCourses(courses);
}
const indexOf = (out: BuildOutput) => JSON.parse(decoder.decode(out.public.get('index.json'))) as CourseIndex;

/** Every string in a summative pool that would give an answer away if it were public. */
function secrets(questions: SummativeQuestion[]): string[] {
  const out: string[] = [];
  for (const q of questions) {
    const all = q.type === 'case' ? [q, ...q.questions] : [q];
    for (const x of all) {
      if ('prompt' in x) out.push(x.prompt);
      if ('vignette' in x) out.push(x.vignette);
      if ('guide' in x) out.push(x.guide);
      if ('options' in x) out.push(...x.options.filter((o) => o.correct && o.text.length >= 12).map((o) => o.text));
      if ('explanation' in x && x.explanation) out.push(x.explanation);
    }
  }
  return out.filter((s) => s.length >= 12);
}

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the course build', () => {
  it('is deterministic: the same input gives byte-identical output, whatever the copy', () => {
    const copy = mkdtempSync(join(tmpdir(), 'cascade-build-'));
    made.push(copy);
    cpSync(FIXTURES, copy, { recursive: true });
    const a = build(FIXTURES);
    const b = build(copy);
    expect([...b.public.keys()]).toEqual([...a.public.keys()]);
    for (const [path, bytes] of a.public) expect(Buffer.from(b.public.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
    expect(Buffer.from(b.server.get('releases.json')!).equals(Buffer.from(a.server.get('releases.json')!))).toBe(true);
  });

  it('names every file but the index by its content hash', () => {
    const out = build(FIXTURES);
    for (const path of out.public.keys()) {
      if (path !== 'index.json') expect(path).toMatch(/\.[0-9a-f]{12}\.(json|svg|webp)$/);
    }
  });

  it('falls back per lesson to English, and says so', () => {
    const index = indexOf(build(FIXTURES));
    const fr = index.courses[0]!.locales.fr;
    expect(fr.title).toBe("Cours d'exemple pour les tests");
    expect(fr.lessons.map((l) => [l.id, l.locale, l.fallback])).toEqual([
      ['first-steps', 'fr', false],
      ['tracing', 'en', true],
    ]);
    const ar = index.courses[0]!.locales.ar;
    expect(ar.fallback).toBe(true);
    expect(ar.lessons.every((l) => l.fallback && l.locale === 'en')).toBe(true);
    // The English file is shared, not copied.
    expect(ar.lessons[1]!.path).toBe(index.courses[0]!.locales.en.lessons[1]!.path);
  });

  it('lists an offline pack per course and language with true byte counts', () => {
    const out = build(FIXTURES);
    const pack = indexOf(out).courses[0]!.locales.fr.pack;
    expect(pack.files.length).toBeGreaterThanOrEqual(5);
    for (const f of pack.files) {
      const bytes = out.public.get(f.path)!;
      expect(f.bytes).toBe(bytes.length);
      expect(f.gzipBytes).toBe(gzipSync(bytes, { level: 9 }).length);
    }
    expect(pack.bytes).toBe(pack.files.reduce((n, f) => n + f.bytes, 0));
  });

  it('renders Markdown to HTML with course links resolved and images sized', () => {
    const out = build(FIXTURES);
    const en = indexOf(out).courses[0]!.locales.en.lessons[0]!;
    const lesson = JSON.parse(decoder.decode(out.public.get(en.path)));
    expect(lesson.html).toContain('<a href="/courses/sample/lessons/tracing">');
    expect(lesson.html).toContain('rel="noopener noreferrer"');
    expect(lesson.html).toMatch(/<img src="\/content\/sample\/media\/flow\.[0-9a-f]{12}\.svg" alt="A flow of money[^"]*" width="200" height="80" loading="lazy"/);
    expect(lesson.checks[0].options[0]).toEqual({ id: 'a', text: 'On day one.', correct: true, feedback: expect.any(String) });
  });

  it.each([
    ['the sample course', FIXTURES],
    ['the real courses', REAL],
  ])('puts no summative question or answer key in the public output: %s', (_what, dir) => {
    const out = build(dir);
    const releases = JSON.parse(decoder.decode(out.server.get('releases.json'))) as Array<{ questions: SummativeQuestion[] }>;
    const keys = releases.flatMap((r) => secrets(r.questions));
    expect(keys.length).toBeGreaterThan(dir === FIXTURES ? 8 : 0);
    const everything = [...out.public.values()].map((b) => decoder.decode(b)).join('\n');
    // Compare against the JSON-escaped form too, since that is how text sits in the files.
    const leaked = keys.filter((k) => everything.includes(k) || everything.includes(JSON.stringify(k).slice(1, -1)));
    expect(leaked).toEqual([]);
  });

  it('builds every real course in courses/', () => {
    const index = indexOf(build(REAL));
    const folders = readdirSync(REAL, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_'));
    expect(index.courses.map((c) => c.id).sort()).toEqual(folders.map((d) => d.name).sort());
  });
});
