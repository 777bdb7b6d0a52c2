/**
 * The summative pool in a cartridge: what QTI's Common Cartridge profile can carry goes into
 * the question bank; ordering and matching questions, which it cannot, are written out with
 * their answers on the instructors' exam-rules page, so nothing of the pool is lost.
 */
import type { Locale } from '../../../db/schema/enums';
import type { CourseRelease, ReleaseQuestion } from '../../content/types';
import { escapeHtml, list, page } from './html';
import type { QtiQuestion } from './qti';
import type { Label } from './strings';

type Leaf = Exclude<ReleaseQuestion, { type: 'case' }>;
export interface ByHand {
  id: string;
  vignette?: string;
  question: Extract<Leaf, { type: 'ordering' | 'matching' }>;
}

const snippet = (text: string) => (text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text);
const points = (q: Leaf) => ('points' in q && q.points) || 1;

function convert(q: Leaf, id: string, vignette: string | undefined): QtiQuestion | null {
  const prompt = vignette ? [vignette, q.prompt] : [q.prompt];
  const base = { ident: `summative-${id}`, title: `${id}: ${snippet(q.prompt)}`, prompt, points: points(q) };
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'true-false':
      return { ...base, kind: q.type, options: q.options, ...(q.explanation ? { explanation: q.explanation } : {}) };
    case 'short-answer':
      return { ...base, kind: 'essay', guide: q.guide };
    default:
      return null;
  }
}

/** The pool split into QTI items and questions to set up by hand, in pool order. */
export function splitPool(release: CourseRelease): { questions: QtiQuestion[]; byHand: ByHand[] } {
  const questions: QtiQuestion[] = [];
  const byHand: ByHand[] = [];
  const take = (q: Leaf, id: string, vignette?: string) => {
    const converted = convert(q, id, vignette);
    if (converted) questions.push(converted);
    else if (q.type === 'ordering' || q.type === 'matching') byHand.push({ id, question: q, ...(vignette ? { vignette } : {}) });
  };
  for (const q of release.questions) {
    if (q.type === 'case') for (const part of q.questions) take(part as Leaf, `${q.id}-${part.id}`, q.vignette);
    else take(q, q.id);
  }
  return { questions, byHand };
}

function byHandHtml(label: Label, locale: Locale, b: ByHand): string {
  const q = b.question;
  const text = (items: Array<{ id: string; text: string }>, id: string) => escapeHtml(items.find((i) => i.id === id)?.text ?? id);
  const answer =
    q.type === 'ordering'
      ? `<p>${escapeHtml(label(locale, 'correctOrder'))}:</p>\n${list(q.answer.map((id) => text(q.items, id)), 'ol')}`
      : `<p>${escapeHtml(label(locale, 'correctPairs'))}:</p>\n${list(Object.entries(q.answer).map(([l, r]) => `${text(q.left, l)} → ${text(q.right, r)}`))}`;
  return [`<h3>${escapeHtml(b.id)}</h3>`, b.vignette ? `<blockquote><p>${escapeHtml(b.vignette)}</p></blockquote>` : '', `<p>${escapeHtml(q.prompt)}</p>`, answer]
    .filter(Boolean)
    .join('\n');
}

/** The instructors' page: how Cascade runs the exam, what to set up by hand, and the practical rubric. */
export function examRulesPage(label: Label, locale: Locale, release: CourseRelease, byHand: ByHand[]): string {
  const s = release.certificate.summative;
  const percent = (x: number) => Math.round(x * 100);
  const rules = [
    label(locale, 'draw', { n: s.draw }),
    label(locale, 'passMark', { percent: percent(s.passMark) }),
    label(locale, 'timeLimit', { n: s.timeLimitMinutes }),
    label(locale, 'attempts', { n: s.attempts, hours: s.cooldownHours }),
  ];
  const r = release.certificate.refresher;
  if (r) rules.push(label(locale, 'refresher', { n: r.draw, percent: percent(r.passMark), minutes: r.timeLimitMinutes, months: r.windowMonths }));
  if (release.certificate.practical) rules.push(label(locale, 'practical'));
  const rubric = release.rubric;
  const body = [
    `<p>${escapeHtml(label(locale, 'examRulesIntro'))}</p>`,
    list(rules.map(escapeHtml)),
    `<h2>${escapeHtml(label(locale, 'byHand'))}</h2>`,
    byHand.length ? `<p>${escapeHtml(label(locale, 'byHandIntro'))}</p>\n${byHand.map((b) => byHandHtml(label, locale, b)).join('\n')}` : `<p>${escapeHtml(label(locale, 'none'))}</p>`,
  ];
  if (rubric) {
    const head = `<tr><th></th>${rubric.levels.map((l) => `<th>${escapeHtml(l.label)} (${l.points})</th>`).join('')}</tr>`;
    const rows = rubric.criteria.map(
      (c) =>
        `<tr><th>${escapeHtml(c.title)}${c.required ? ` (${escapeHtml(label(locale, 'required'))})` : ''}</th>${rubric.levels.map((l) => `<td>${escapeHtml(c.descriptors[l.id] ?? '')}</td>`).join('')}</tr>`,
    );
    body.push(
      `<h2>${escapeHtml(label(locale, 'rubric'))}: ${escapeHtml(rubric.title)}</h2>`,
      `<p>${escapeHtml(rubric.task)}</p>`,
      `<table>\n${head}\n${rows.join('\n')}\n</table>`,
      `<p>${escapeHtml(label(locale, 'passPoints', { points: rubric.passPoints }))}</p>`,
    );
  }
  return page(locale, label(locale, 'examRules'), body);
}
