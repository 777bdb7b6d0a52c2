import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourses } from '../../scripts/courses/catalogue';

const FIXTURES = new URL('../fixtures/courses/', import.meta.url).pathname;
const made: string[] = [];
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the sample course, broken by `edit`, then checked. */
function checkBroken(edit: (dir: string) => void) {
  const root = mkdtempSync(join(tmpdir(), 'cascade-courses-'));
  made.push(root);
  cpSync(FIXTURES, join(root, 'courses'), { recursive: true });
  edit(join(root, 'courses', 'sample'));
  return loadCourses(join(root, 'courses')).problems.map((p) => `${p.file}: ${p.where}: ${p.message}`);
}

function replaceIn(file: string, from: string | RegExp, to: string) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`nothing to replace in ${file}`);
  writeFileSync(file, next);
}

describe('courses:check', () => {
  it('passes the sample course', () => {
    expect(checkBroken(() => {})).toEqual([]);
  });

  it.each<[string, (dir: string) => void, RegExp]>([
    [
      'a broken reference to an outcome',
      (d) => replaceIn(join(d, 'lessons/tracing.md'), 'outcomes: [trace]', 'outcomes: [trace, follow]'),
      /courses\/sample\/lessons\/tracing\.md: front matter\.outcomes: Unknown outcome "follow"\. Use one of: plan, trace\./,
    ],
    [
      'a lesson listed but missing',
      (d) => replaceIn(join(d, 'course.yaml'), 'lessons: [first-steps, tracing]', 'lessons: [first-steps, tracing, seizure]'),
      /course\.yaml: lessons: Lesson "seizure" is listed but lessons\/seizure\.md is missing/,
    ],
    [
      'a duplicate question id',
      (d) => replaceIn(join(d, 'assessment/summative.yaml'), '- id: s2', '- id: s1'),
      /summative\.yaml: questions: Duplicate question id "s1"/,
    ],
    [
      'a duplicate lesson id',
      (d) => replaceIn(join(d, 'course.yaml'), 'lessons: [first-steps, tracing]', 'lessons: [first-steps, tracing, tracing]'),
      /course\.yaml: lessons: Duplicate lesson id "tracing"/,
    ],
    [
      'a summative pool smaller than one attempt draws',
      (d) => replaceIn(join(d, 'course.yaml'), 'draw: 2', 'draw: 7'),
      /summative\.yaml: questions: The pool has 6 questions but one attempt draws 7 .*Add at least 1\./,
    ],
    [
      'a pool under three times the draw',
      (d) => replaceIn(join(d, 'course.yaml'), 'draw: 2', 'draw: 3'),
      /needs at least 3 × 3 = 9 so attempts differ\. Add 3\./,
    ],
    [
      'raw HTML in Markdown',
      (d) => replaceIn(join(d, 'lessons/tracing.md'), 'Money transfer', '<b onclick="x()">Money</b> transfer'),
      /lessons\/tracing\.md: line 10: This lesson contains raw HTML \(<b onclick="x\(\)">\)\. Use Markdown only\./,
    ],
    [
      'an unsafe link',
      (d) => replaceIn(join(d, 'lessons/tracing.md'), 'Money transfer', '[click](javascript:alert(1)) Money transfer'),
      /lessons\/tracing\.md: line 10: .*unsafe or unsupported link "javascript:alert\(1\)"/,
    ],
    [
      'a plain-http link',
      (d) => replaceIn(join(d, 'lessons/tracing.md'), 'Money transfer', '[site](http://example.org) Money transfer'),
      /unsafe or unsupported link "http:\/\/example\.org"\. Use https:\/\//,
    ],
    [
      'a link to a lesson that does not exist',
      (d) => replaceIn(join(d, 'lessons/first-steps.md'), 'lesson:tracing', 'lesson:tracking'),
      /links to lesson "tracking", which this course does not have/,
    ],
    [
      'a lesson reference written as plain text',
      (d) => replaceIn(join(d, 'lessons/tracing.md'), 'Money transfer', 'See lesson:first-steps. Money transfer'),
      /writes "lesson:first-steps" as plain text\. Make it a link/,
    ],
    [
      'an image that is not SVG or WebP',
      (d) => {
        writeFileSync(join(d, 'media/photo.png'), new Uint8Array([137, 80, 78, 71]));
        replaceIn(join(d, 'lessons/tracing.md'), 'Money transfer', '![A photo](media/photo.png)\n\nMoney transfer');
      },
      /shows image media\/photo\.png, which is not SVG or WebP\. Convert it/,
    ],
    [
      'an SVG without width and height',
      (d) => replaceIn(join(d, 'media/flow.svg'), 'width="200" height="80" ', ''),
      /media\/flow\.svg, which needs numeric width and height attributes/,
    ],
    [
      'an image over its size budget',
      (d) => replaceIn(join(d, 'media/flow.svg'), '</svg>', `<!--${'x'.repeat(50_000)}--></svg>`),
      /media\/flow\.svg, which is \d+ KB; images may be at most 40 KB/,
    ],
    [
      'an SVG with a script',
      (d) => replaceIn(join(d, 'media/flow.svg'), '</svg>', '<script>alert(1)</script></svg>'),
      /flow\.svg, which contains a <script>; remove it\./,
    ],
    [
      'an image without alt text',
      (d) => replaceIn(join(d, 'lessons/first-steps.md'), '![A flow of money from recruiter to controller]', '![]'),
      /shows image "media\/flow\.svg" without alt text/,
    ],
    [
      'a translation missing a question',
      (d) => replaceIn(join(d, 'locales/fr/lessons/first-steps.checks.yaml'), /- id: q2[\s\S]*$/, ''),
      /locales\/fr\/lessons\/first-steps\.checks\.yaml: q2: Missing the translation of question "q2"\./,
    ],
    [
      'a translation missing an outcome',
      (d) => replaceIn(join(d, 'locales/fr/course.yaml'), /  - id: trace[\s\S]*$/, ''),
      /locales\/fr\/course\.yaml: outcomes: Missing the translation of outcome "trace"\./,
    ],
    [
      'a translation missing a glossary term',
      (d) => replaceIn(join(d, 'locales/fr/glossary.yaml'), /- term: Remittance[\s\S]*$/, ''),
      /locales\/fr\/glossary\.yaml: terms: Missing the translation of "Remittance"\./,
    ],
    [
      'a single-choice question with two right answers',
      (d) => replaceIn(join(d, 'lessons/first-steps.checks.yaml'), 'feedback: Too late;', 'correct: true\n      feedback: Too late;'),
      /first-steps\.checks\.yaml: \[0\]: A single-choice question needs exactly one correct option; it has 2\./,
    ],
    [
      'an ordering answer that skips an item',
      (d) => replaceIn(join(d, 'assessment/summative.yaml'), 'answer: [a, b, c]', 'answer: [a, b]'),
      /summative\.yaml: questions\[3\]\.answer: The answer must list every item id exactly once: a, b, c\./,
    ],
    [
      'a field of the wrong type',
      (d) => replaceIn(join(d, 'course.yaml'), 'minutes: 30', 'minutes: thirty'),
      /course\.yaml: minutes: Invalid input: expected number, received string/,
    ],
    [
      'YAML that does not parse',
      (d) => replaceIn(join(d, 'glossary.yaml'), '- term: Remittance', '- term: [Remittance'),
      /glossary\.yaml: line \d+: This is not valid YAML/,
    ],
  ])('rejects %s, saying what to fix', (_what, edit, message) => {
    const problems = checkBroken(edit);
    expect(problems.join('\n')).toMatch(message);
  });
});
