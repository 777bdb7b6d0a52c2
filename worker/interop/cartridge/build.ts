/**
 * A course as an IMS Common Cartridge: each lesson a web page in its own module with its
 * formative check as a QTI quiz, an overview and a glossary page, and, for those who hold
 * it, the summative pool as the cartridge's question bank with an instructors' page.
 */
import { zipSync, type Zippable } from 'fflate';
import type { Locale } from '../../../db/schema/enums';
import type { CourseRelease, IndexCourse } from '../../content/types';
import type { CourseContent, LessonContent } from './content';
import { escapeHtml, footer, list, page, referencesSection, relinkLesson, type Reference } from './html';
import { manifestXml, type Module, type Resource } from './manifest';
import type { Profile } from './profile';
import { assessmentXml, questionBankXml, type QtiQuestion } from './qti';
import { labeller, type CartridgeStrings, type Label } from './strings';
import { examRulesPage, splitPool } from './summative';

export interface CartridgeInput {
  profile: Profile;
  locale: Locale;
  course: IndexCourse;
  content: CourseContent;
  /** The private release, only when the summative pool goes in. */
  summative?: CourseRelease;
  /** The words the cartridge adds around the course's text, every language (a lesson may fall back to English). */
  strings: CartridgeStrings;
}

export interface Cartridge {
  files: Map<string, Uint8Array>;
  /** Summative questions that had to go on the instructors' page (ordering, matching). */
  byHand: string[];
  summativeItems: number;
}

const encoder = new TextEncoder();
const WEB = 'web_resources';
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Every reference cited in the course, once, in the order first cited. */
function allReferences(lessons: LessonContent[]): Reference[] {
  const seen = new Map<string, Reference>();
  for (const l of lessons) for (const r of l.references) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

const checkQuestions = (lesson: LessonContent): QtiQuestion[] =>
  lesson.checks.map((q) => ({
    kind: q.type,
    ident: `${lesson.id}-${q.id}`,
    title: `${q.id}: ${q.prompt.length > 60 ? `${q.prompt.slice(0, 59).trimEnd()}…` : q.prompt}`,
    prompt: [q.prompt],
    options: q.options,
    points: 1,
    ...(q.explanation ? { explanation: q.explanation } : {}),
  }));

function lessonPage(input: CartridgeInput, label: Label, lesson: LessonContent, title: string): { html: string; media: string[] } {
  const { locale, course } = input;
  const body = relinkLesson(lesson.html, course.id, basename);
  const parts = [
    lesson.fallback ? `<p role="note"><strong>${escapeHtml(label(locale, 'fallback'))}</strong></p>` : '',
    `<p>${escapeHtml(label(locale, 'minutes', { n: lesson.minutes }))}</p>`,
    lesson.outcomes.length ? `<h2>${escapeHtml(label(locale, 'outcomes'))}</h2>\n${list(lesson.outcomes.map((o) => escapeHtml(o.text)))}` : '',
    body.html.trim(),
    referencesSection(label, lesson.locale, lesson.references),
    footer(label, locale, title, course.version),
  ].filter(Boolean);
  return { html: page(lesson.locale, lesson.title, parts), media: body.media };
}

export function buildCartridge(input: CartridgeInput): Cartridge {
  const { profile, locale, course, content } = input;
  const label = labeller(input.strings);
  const l = course.locales[locale];
  const files = new Map<string, Uint8Array>();
  const put = (path: string, text: string) => files.set(path, encoder.encode(text));
  const resources: Resource[] = [];
  const modules: Module[] = [];
  const references = allReferences(content.lessons);

  put(
    `${WEB}/index.html`,
    page(locale, l.title, [
      `<p>${escapeHtml(l.summary)}</p>`,
      `<p>${escapeHtml(label(locale, 'version', { version: course.version }))}. ${escapeHtml(label(locale, 'minutes', { n: course.minutes }))}.</p>`,
      `<h2>${escapeHtml(label(locale, 'outcomes'))}</h2>\n${list(l.outcomes.map((o) => escapeHtml(o.text)))}`,
      `<h2>${escapeHtml(label(locale, 'lessons'))}</h2>\n${list(
        content.lessons.map((x) => `<a href="lessons/${x.id}.html">${escapeHtml(x.title)}</a>`),
        'ol',
      )}`,
      `<p><a href="glossary.html">${escapeHtml(label(locale, 'glossary'))}</a></p>`,
      referencesSection(label, locale, references),
      footer(label, locale, l.title, course.version),
    ]),
  );
  put(
    `${WEB}/glossary.html`,
    page(locale, label(locale, 'glossary'), [
      `<dl>\n${content.glossary
        .map((g) => `<dt>${escapeHtml(g.term)}${g.english && g.english !== g.term ? ` (<span lang="en">${escapeHtml(g.english)}</span>)` : ''}</dt>\n<dd>${escapeHtml(g.definition)}</dd>`)
        .join('\n')}\n</dl>`,
    ]),
  );
  resources.push(
    { identifier: 'res-overview', type: profile.types.webcontent, href: `${WEB}/index.html`, files: [`${WEB}/index.html`] },
    { identifier: 'res-glossary', type: profile.types.webcontent, href: `${WEB}/glossary.html`, files: [`${WEB}/glossary.html`] },
  );
  modules.push({
    identifier: 'module-about',
    title: label(locale, 'about'),
    items: [
      { identifier: 'item-overview', title: label(locale, 'overview'), resource: 'res-overview' },
      { identifier: 'item-glossary', title: label(locale, 'glossary'), resource: 'res-glossary' },
    ],
  });

  const mediaUsed = new Set<string>();
  content.lessons.forEach((lesson, n) => {
    const href = `${WEB}/lessons/${lesson.id}.html`;
    const built = lessonPage(input, label, lesson, l.title);
    put(href, built.html);
    built.media.forEach((m) => mediaUsed.add(m));
    resources.push({ identifier: `res-lesson-${lesson.id}`, type: profile.types.webcontent, href, files: [href], ...(built.media.length ? { dependencies: ['res-media'] } : {}) });
    const mod: Module = {
      identifier: `module-${lesson.id}`,
      title: `${n + 1}. ${lesson.title}`,
      items: [{ identifier: `item-lesson-${lesson.id}`, title: lesson.title, resource: `res-lesson-${lesson.id}` }],
    };
    if (lesson.checks.length) {
      const id = `res-check-${lesson.id}`;
      const title = label(locale, 'check', { title: lesson.title });
      put(`${id}/assessment_qti.xml`, assessmentXml(profile, `check-${lesson.id}`, title, checkQuestions(lesson)));
      resources.push({ identifier: id, type: profile.types.assessment, files: [`${id}/assessment_qti.xml`] });
      mod.items.push({ identifier: `item-check-${lesson.id}`, title, resource: id });
    }
    modules.push(mod);
  });

  if (mediaUsed.size) {
    const mediaFiles = [...mediaUsed].map((path) => {
      files.set(`${WEB}/media/${basename(path)}`, content.media.get(path)!);
      return `${WEB}/media/${basename(path)}`;
    });
    resources.push({ identifier: 'res-media', type: profile.types.webcontent, files: mediaFiles });
  }

  let byHand: string[] = [];
  let summativeItems = 0;
  if (input.summative) {
    const pool = splitPool(input.summative);
    byHand = pool.byHand.map((b) => b.id);
    summativeItems = pool.questions.length;
    const guide = (g: string) => label(locale, 'markingGuide', { guide: g });
    put('res-question-bank/question_bank.xml', questionBankXml(profile, 'summative-pool', pool.questions, guide));
    put(`${WEB}/instructor/exam-rules.html`, examRulesPage(label, locale, input.summative, pool.byHand));
    resources.push(
      { identifier: 'res-question-bank', type: profile.types.questionBank, files: ['res-question-bank/question_bank.xml'] },
      { identifier: 'res-exam-rules', type: profile.types.webcontent, href: `${WEB}/instructor/exam-rules.html`, files: [`${WEB}/instructor/exam-rules.html`], instructorOnly: true },
    );
    modules.push({ identifier: 'module-summative', title: label(locale, 'summative'), items: [{ identifier: 'item-exam-rules', title: label(locale, 'examRules'), resource: 'res-exam-rules' }] });
  }

  put(
    'imsmanifest.xml',
    manifestXml(
      profile,
      {
        identifier: `cascade-${course.id}-${course.version}-${locale}`,
        catalogueEntry: `${course.id}@${course.version}`,
        title: l.title,
        summary: l.summary,
        language: locale,
        version: course.version,
        versionLabel: label(locale, 'version', { version: course.version }),
        keywords: course.sectors.map((s) => s.replace(/_/g, ' ')),
        licence: label(locale, 'licenceText'),
        references,
      },
      modules,
      resources,
    ),
  );
  return { files, byHand, summativeItems };
}

/** The zip an LMS imports. Images are stored as they are: they are compressed already, or tiny. */
export function zipCartridge(files: Map<string, Uint8Array>, mtime: Date): Uint8Array {
  // The manifest first: some importers look for it at the start of the archive.
  const entries: Zippable = { 'imsmanifest.xml': files.get('imsmanifest.xml')! };
  for (const [path, bytes] of files) entries[path] = path.endsWith('.webp') ? [bytes, { level: 0 }] : bytes;
  return zipSync(entries, { level: 6, mtime });
}
