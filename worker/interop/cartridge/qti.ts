/**
 * Questions as QTI 1.2.1 in the Common Cartridge profile: multiple choice, multiple response,
 * true/false and essay. The patterns are the ones Moodle's and Canvas's cartridge importers
 * read: the correct answer sets SCORE to 100 (multiple response: all correct options and none
 * of the others, each `varequal` with case="Yes"); option feedback follows in its own
 * condition, and the explanation is the general feedback of a continue="Yes" condition.
 */
import type { Profile } from './profile';
import { QTI_NAMESPACE, XSI_NAMESPACE } from './profile';
import { el, xmlDocument, type Xml } from './xml';

export interface ChoiceQuestion {
  kind: 'single' | 'multiple' | 'true-false';
  ident: string;
  title: string;
  /** Paragraphs of plain text: a case's vignette, then the question. */
  prompt: string[];
  options: Array<{ id: string; text: string; correct?: boolean; feedback?: string }>;
  explanation?: string;
  points: number;
}

export interface EssayQuestion {
  kind: 'essay';
  ident: string;
  title: string;
  prompt: string[];
  /** What a good answer contains, for the person who marks it. */
  guide: string;
  points: number;
}

export type QtiQuestion = ChoiceQuestion | EssayQuestion;

const PROFILE_OF = { single: 'cc.multiple_choice.v0p1', multiple: 'cc.multiple_response.v0p1', 'true-false': 'cc.true_false.v0p1', essay: 'cc.essay.v0p1' } as const;
const RESPONSE = 'response1';
const GENERAL = 'general_fb';

const field = (label: string, entry: string | number) => el('qtimetadatafield', null, el('fieldlabel', null, label), el('fieldentry', null, entry));
const metadata = (fields: Record<string, string | number>) => el('qtimetadata', null, Object.entries(fields).map(([k, v]) => field(k, v)));
const plain = (text: string) => el('material', null, el('mattext', { texttype: 'text/plain' }, text));
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** The prompt as HTML paragraphs, so a vignette keeps its line breaks in every importer. */
const html = (paragraphs: string[]) =>
  el('material', null, el('mattext', { texttype: 'text/html' }, paragraphs.flatMap((p) => p.split(/\n{2,}/)).map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`).join('')));
const feedback = (ident: string, text: string) => el('itemfeedback', { ident }, el('flow_mat', null, plain(text)));
const score = el('outcomes', null, el('decvar', { varname: 'SCORE', vartype: 'Decimal', minvalue: 0, maxvalue: 100 }));
const setScore = el('setvar', { varname: 'SCORE', action: 'Set' }, 100);
const show = (linkrefid: string) => el('displayfeedback', { feedbacktype: 'Response', linkrefid });
const equal = (id: string) => el('varequal', { respident: RESPONSE, case: 'Yes' }, id);
const general = (text: string | undefined) =>
  text ? el('respcondition', { continue: 'Yes' }, el('conditionvar', null, el('other', null)), show(GENERAL)) : null;

function choiceItem(q: ChoiceQuestion): Xml {
  const correct = q.options.filter((o) => o.correct);
  const wrong = q.options.filter((o) => !o.correct);
  const rightWhen =
    q.kind === 'multiple' ? el('and', null, correct.map((o) => equal(o.id)), wrong.map((o) => el('not', null, equal(o.id)))) : equal(correct[0]?.id ?? '');
  return el(
    'item',
    { ident: q.ident, title: q.title },
    el('itemmetadata', null, metadata({ cc_profile: PROFILE_OF[q.kind], cc_weighting: q.points })),
    el(
      'presentation',
      null,
      html(q.prompt),
      el(
        'response_lid',
        { ident: RESPONSE, rcardinality: q.kind === 'multiple' ? 'Multiple' : 'Single' },
        el('render_choice', null, q.options.map((o) => el('response_label', { ident: o.id }, plain(o.text)))),
      ),
    ),
    el(
      'resprocessing',
      null,
      score,
      general(q.explanation),
      el('respcondition', { continue: 'Yes' }, el('conditionvar', null, rightWhen), setScore),
      q.options
        .filter((o) => o.feedback)
        .map((o) => el('respcondition', { continue: 'No' }, el('conditionvar', null, equal(o.id)), show(`${o.id}_fb`))),
    ),
    q.explanation ? feedback(GENERAL, q.explanation) : null,
    q.options.filter((o) => o.feedback).map((o) => feedback(`${o.id}_fb`, o.feedback!)),
  );
}

function essayItem(q: EssayQuestion, guide: string): Xml {
  return el(
    'item',
    { ident: q.ident, title: q.title },
    el('itemmetadata', null, metadata({ cc_profile: PROFILE_OF.essay, cc_weighting: q.points, qmd_computerscored: 'No' })),
    el(
      'presentation',
      null,
      html(q.prompt),
      el('response_str', { ident: RESPONSE, rcardinality: 'Single' }, el('render_fib', null, el('response_label', { ident: 'answer1', rshuffle: 'No' }))),
    ),
    el('resprocessing', null, score, general(guide)),
    feedback(GENERAL, guide),
  );
}

const item = (q: QtiQuestion, markingGuide: (guide: string) => string) => (q.kind === 'essay' ? essayItem(q, markingGuide(q.guide)) : choiceItem(q));

const root = (profile: Profile, body: Xml) =>
  xmlDocument(el('questestinterop', { xmlns: QTI_NAMESPACE, 'xmlns:xsi': XSI_NAMESPACE, 'xsi:schemaLocation': profile.qtiSchemaLocation }, body));

/** A practice quiz: unlimited attempts, feedback and solutions shown. */
export function assessmentXml(profile: Profile, ident: string, title: string, questions: QtiQuestion[]): string {
  const settings = {
    cc_profile: 'cc.exam.v0p1',
    qmd_assessmenttype: 'Examination',
    qmd_scoretype: 'Percentage',
    qmd_feedbackpermitted: 'Yes',
    qmd_hintspermitted: 'No',
    qmd_solutionspermitted: 'Yes',
    cc_maxattempts: 'unlimited',
  };
  const items = questions.map((q) => item(q, (g) => g));
  return root(profile, el('assessment', { ident, title }, metadata(settings), el('section', { ident: `${ident}-section` }, items)));
}

/** The summative pool as the cartridge's question bank, from which an academy builds its own exams. */
export function questionBankXml(profile: Profile, ident: string, questions: QtiQuestion[], markingGuide: (guide: string) => string): string {
  return root(profile, el('objectbank', { ident }, questions.map((q) => item(q, markingGuide))));
}
