import type { LoadedCourse } from './load';
import { lintMarkdown, type MarkdownContext } from './markdown';
import type { Problems } from './problems';
import type { FormativeCheck, LinkedQuestion, SummativeQuestion } from './source';

/** Pools must be this many times what one attempt draws, so that attempts differ. */
export const POOL_FACTOR = 3;

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}

function noDuplicates(problems: Problems, file: string, where: string, ids: string[], what: string) {
  for (const id of duplicates(ids)) problems.add(file, where, `Duplicate ${what} id "${id}". Ids must be unique.`);
}

function known(problems: Problems, file: string, where: string, ids: readonly string[], valid: ReadonlySet<string>, what: string) {
  for (const id of ids) {
    if (!valid.has(id)) {
      problems.add(file, where, `Unknown ${what} "${id}". Use one of: ${[...valid].join(', ') || '(none defined)'}.`);
    }
  }
}

type Choice = Extract<FormativeCheck, { options: unknown }>;

/** The rules of each question type that a schema cannot state. */
function checkQuestion(problems: Problems, file: string, where: string, q: LinkedQuestion | FormativeCheck, formative: boolean) {
  if ('options' in q) {
    const c = q as Choice;
    noDuplicates(problems, file, `${where}.options`, c.options.map((o) => o.id), 'option');
    const correct = c.options.filter((o) => o.correct).length;
    if (c.type === 'single' && correct !== 1) problems.add(file, where, `A single-choice question needs exactly one correct option; it has ${correct}.`);
    if (c.type === 'multiple' && correct < 1) problems.add(file, where, 'A multiple-choice question needs at least one correct option.');
    if (c.type === 'true-false') {
      const ids = c.options.map((o) => o.id).sort().join(',');
      if (ids !== 'false,true' || correct !== 1) {
        problems.add(file, where, 'A true-false question has exactly two options, ids "true" and "false", one of them correct.');
      }
    }
    if (formative) {
      c.options.forEach((o, i) => {
        if (!o.feedback) problems.add(file, `${where}.options[${i}]`, 'Give every option feedback that explains why it is right or wrong.');
      });
    }
  } else if (q.type === 'ordering') {
    const items = q.items.map((i) => i.id);
    noDuplicates(problems, file, `${where}.items`, items, 'item');
    if ([...q.answer].sort().join() !== [...items].sort().join()) {
      problems.add(file, `${where}.answer`, `The answer must list every item id exactly once: ${items.join(', ')}.`);
    }
  } else if (q.type === 'matching') {
    const left = q.left.map((i) => i.id);
    const right = new Set(q.right.map((i) => i.id));
    noDuplicates(problems, file, `${where}.left`, left, 'item');
    if (Object.keys(q.answer).sort().join() !== [...left].sort().join()) {
      problems.add(file, `${where}.answer`, `The answer must match every left item exactly once: ${left.join(', ')}.`);
    }
    known(problems, file, `${where}.answer`, Object.values(q.answer), right, 'right item');
  }
}

function checkPool(problems: Problems, c: LoadedCourse, outcomes: ReadonlySet<string>) {
  const { draw } = c.course.data.certificate.summative;
  if (!c.pool) {
    problems.add(`${c.course.file.replace(/course\.yaml$/, '')}assessment/summative.yaml`, 'file', 'Every course needs a summative pool.');
    return;
  }
  const { file, data } = c.pool;
  const questions = data.questions;
  const allIds = questions.flatMap((q) => [q.id, ...(q.type === 'case' ? q.questions.map((l) => l.id) : [])]);
  noDuplicates(problems, file, 'questions', allIds, 'question');
  questions.forEach((q: SummativeQuestion, i) => {
    const where = `questions[${i}]`;
    known(problems, file, `${where}.outcomes`, q.outcomes, outcomes, 'outcome');
    if (q.type === 'case') q.questions.forEach((l, j) => checkQuestion(problems, file, `${where}.questions[${j}]`, l, false));
    else checkQuestion(problems, file, where, q, false);
  });
  if (questions.length < draw) {
    problems.add(file, 'questions', `The pool has ${questions.length} questions but one attempt draws ${draw} (course.yaml certificate.summative.draw). Add at least ${draw - questions.length}.`);
  } else if (questions.length < POOL_FACTOR * draw) {
    problems.add(file, 'questions', `The pool has ${questions.length} questions; it needs at least ${POOL_FACTOR} × ${draw} = ${POOL_FACTOR * draw} so attempts differ. Add ${POOL_FACTOR * draw - questions.length}.`);
  }
  const refresher = c.course.data.certificate.refresher;
  if (refresher && refresher.draw > draw) {
    problems.add(c.course.file, 'certificate.refresher.draw', `A refresher draws ${refresher.draw} questions, more than the summative's ${draw}. Make it shorter.`);
  }
  const assessed = new Set(questions.flatMap((q) => q.outcomes));
  for (const o of outcomes) if (!assessed.has(o)) problems.add(file, 'questions', `No question assesses outcome "${o}". Add one, or drop the outcome.`);
}

function checkRubric(problems: Problems, c: LoadedCourse) {
  if (!c.rubric) {
    if (c.course.data.certificate.practical) {
      problems.add(`${c.course.file.replace(/course\.yaml$/, '')}assessment/rubric.yaml`, 'file', 'The certificate requires a practical assessment, so the course needs a rubric.');
    }
    return;
  }
  const { file, data } = c.rubric;
  const levels = data.levels.map((l) => l.id);
  noDuplicates(problems, file, 'levels', levels, 'level');
  noDuplicates(problems, file, 'criteria', data.criteria.map((k) => k.id), 'criterion');
  data.criteria.forEach((k, i) => {
    const given = Object.keys(k.descriptors);
    for (const l of levels) if (!given.includes(l)) problems.add(file, `criteria[${i}].descriptors`, `Describe level "${l}".`);
    known(problems, file, `criteria[${i}].descriptors`, given, new Set(levels), 'level');
  });
  const max = data.criteria.length * Math.max(...data.levels.map((l) => l.points));
  if (data.passPoints > max) problems.add(file, 'passPoints', `The pass mark ${data.passPoints} is above the most points possible (${max}).`);
}

function lint(problems: Problems, file: string, body: string, bodyLine: number, ctx: MarkdownContext) {
  for (const f of lintMarkdown(body, ctx)) problems.add(file, `line ${bodyLine + f.line - 1}`, `This lesson ${f.message}`);
}

function checkTranslations(problems: Problems, c: LoadedCourse, ctx: MarkdownContext) {
  const course = c.course.data;
  for (const [locale, t] of c.translations) {
    if (t.course) {
      const ids = t.course.data.outcomes.map((o) => o.id);
      for (const o of course.outcomes) if (!ids.includes(o.id)) problems.add(t.course.file, 'outcomes', `Missing the translation of outcome "${o.id}".`);
      known(problems, t.course.file, 'outcomes', ids, new Set(course.outcomes.map((o) => o.id)), 'outcome');
    }
    for (const [id, lesson] of t.lessons) {
      const source = c.lessons.get(id);
      if (!source) {
        problems.add(lesson.file, 'file', `There is no English lesson "${id}" to translate.`);
        continue;
      }
      if (lesson.meta.id !== id) problems.add(lesson.file, 'front matter.id', `The id must be "${id}", as in the file name.`);
      lint(problems, lesson.file, lesson.body, lesson.bodyLine, ctx);
      if (source.checks && !t.checks.has(id)) {
        problems.add(lesson.file, 'checks', `Translate the formative checks too: locales/${locale}/lessons/${id}.checks.yaml.`);
      }
    }
    for (const [id, checks] of t.checks) {
      const source = c.lessons.get(id)?.checks?.data ?? [];
      for (const q of source) {
        const tq = checks.data.find((x) => x.id === q.id);
        if (!tq) {
          problems.add(checks.file, q.id, `Missing the translation of question "${q.id}".`);
          continue;
        }
        for (const o of q.options) {
          const to = tq.options.find((x) => x.id === o.id);
          if (!to) problems.add(checks.file, `${q.id}.options`, `Missing the translation of option "${o.id}".`);
          else if (o.feedback && !to.feedback) problems.add(checks.file, `${q.id}.options.${o.id}`, 'Missing the translated feedback.');
        }
        if (q.explanation && !tq.explanation) problems.add(checks.file, q.id, 'Missing the translated explanation.');
      }
      known(problems, checks.file, '(questions)', checks.data.map((x) => x.id), new Set(source.map((q) => q.id)), 'question');
    }
    if (t.glossary && c.glossary) {
      const terms = t.glossary.data.map((g) => g.term);
      for (const g of c.glossary.data) if (!terms.includes(g.term)) problems.add(t.glossary.file, 'terms', `Missing the translation of "${g.term}".`);
    }
  }
}

/** Cross-file rules for one course; `allCourseIds` resolves prerequisites. */
export function validateCourse(problems: Problems, c: LoadedCourse, allCourseIds: ReadonlySet<string>) {
  const { file, data: course } = c.course;
  if (course.id !== c.folder) problems.add(file, 'id', `The id "${course.id}" must equal the folder name "${c.folder}".`);
  noDuplicates(problems, file, 'lessons', course.lessons, 'lesson');
  noDuplicates(problems, file, 'outcomes', course.outcomes.map((o) => o.id), 'outcome');
  noDuplicates(problems, file, 'references', course.references.map((r) => r.id), 'reference');
  for (const p of course.prerequisites) {
    if (p === course.id || !allCourseIds.has(p)) problems.add(file, 'prerequisites', `Unknown prerequisite course "${p}".`);
  }
  const lessonIds = new Set(course.lessons);
  const outcomes = new Set(course.outcomes.map((o) => o.id));
  const references = new Set(course.references.map((r) => r.id));
  if (course.certificate.lessons !== 'all') known(problems, file, 'certificate.lessons', course.certificate.lessons, lessonIds, 'lesson');
  for (const id of course.lessons) {
    if (!c.lessons.has(id)) problems.add(file, 'lessons', `Lesson "${id}" is listed but lessons/${id}.md is missing or invalid.`);
  }
  const ctx: MarkdownContext = { courseId: course.id, lessonIds, media: c.media };
  for (const [id, lesson] of c.lessons) {
    if (!lessonIds.has(id)) problems.add(lesson.file, 'file', `This lesson is not listed in course.yaml lessons. Add "${id}" there, or delete the file.`);
    if (lesson.meta.id !== id) problems.add(lesson.file, 'front matter.id', `The id must be "${id}", as in the file name.`);
    known(problems, lesson.file, 'front matter.outcomes', lesson.meta.outcomes, outcomes, 'outcome');
    known(problems, lesson.file, 'front matter.references', lesson.meta.references, references, 'reference');
    lint(problems, lesson.file, lesson.body, lesson.bodyLine, ctx);
    if (!lesson.checks) {
      problems.add(lesson.file, 'checks', `Every lesson needs formative checks: add lessons/${id}.checks.yaml.`);
      continue;
    }
    noDuplicates(problems, lesson.checks.file, '(questions)', lesson.checks.data.map((q) => q.id), 'question');
    lesson.checks.data.forEach((q, i) => checkQuestion(problems, lesson.checks!.file, `[${i}]`, q, true));
  }
  checkPool(problems, c, outcomes);
  checkRubric(problems, c);
  if (c.glossary) noDuplicates(problems, c.glossary.file, 'terms', c.glossary.data.map((g) => g.term), 'term');
  else problems.add(`${file.replace(/course\.yaml$/, '')}glossary.yaml`, 'file', 'Every course needs a glossary of its key terms.');
  checkTranslations(problems, c, ctx);
}
