/**
 * The shape of course source files (courses/README.md is the guide for authors).
 * Build-time only: nothing here ships to a browser.
 */
import * as z from 'zod';
import { LOCALES, SECTORS } from '../../db/schema/enums';

export const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case kebab-case, e.g. "follow-the-money".');
const Text = z.string().trim().min(1, 'Write some text here.');

export const TRANSLATED_LOCALES = LOCALES.filter((l) => l !== 'en');

export const Reference = z.strictObject({
  id: Id,
  title: Text,
  publisher: Text,
  year: z.number().int().min(1900).max(2100),
  url: z.url().startsWith('https://', 'Reference links must use https.'),
});

export const Summative = z.strictObject({
  draw: z.number().int().min(1),
  passMark: z.number().gt(0).max(1),
  timeLimitMinutes: z.number().int().min(1).max(600),
  attempts: z.number().int().min(1).max(20),
  cooldownHours: z.number().min(0).max(24 * 30),
  feedback: z.enum(['after-submit', 'after-pass', 'never']),
});

/** A shorter assessment that renews an expiring certificate, drawn from the same pool. */
export const Refresher = z.strictObject({
  windowMonths: z.number().int().min(1).max(24),
  draw: z.number().int().min(1),
  passMark: z.number().gt(0).max(1),
  timeLimitMinutes: z.number().int().min(1).max(600),
  attempts: z.number().int().min(1).max(20),
  cooldownHours: z.number().min(0).max(24 * 30),
});

export const Course = z.strictObject({
  // "mentor" is the mentor Open Badge's achievement (worker/mentorship/badge.ts), not a course.
  id: Id.refine((id) => id !== 'mentor', 'The id "mentor" is kept for the mentor badge: choose another.'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'Use a semantic version, e.g. 1.0.0.'),
  title: Text,
  summary: Text,
  sectors: z.array(z.enum(SECTORS)).min(1),
  minutes: z.number().int().min(1),
  prerequisites: z.array(Id).default([]),
  outcomes: z.array(z.strictObject({ id: Id, text: Text })).min(1),
  lessons: z.array(Id).min(1),
  certificate: z.strictObject({
    lessons: z.union([z.literal('all'), z.array(Id).min(1)]),
    summative: Summative,
    practical: z.boolean(),
    validityMonths: z.number().int().min(1).max(240).optional(),
    autoIssue: z.boolean().default(false),
    refresher: Refresher.optional(),
  }).refine((c) => !c.refresher || c.validityMonths, {
    message: 'A refresher renews a certificate before it expires: set validityMonths as well.',
    path: ['refresher'],
  }),
  references: z.array(Reference).default([]),
  /** What the trainer pathway asks beyond cohorts co-delivered, e.g. hours spent mentoring. */
  pathway: z
    .strictObject({
      /** Hours logged as a mentor before becoming a certified (and then master) trainer of this course. */
      mentoringHours: z.number().min(0).max(500).optional(),
    })
    .optional(),
});
export type Course = z.infer<typeof Course>;

export const LessonMeta = z.strictObject({
  id: Id,
  title: Text,
  minutes: z.number().int().min(1).max(240),
  outcomes: z.array(Id).min(1, 'Name the course outcomes this lesson serves.'),
  references: z.array(Id).default([]),
});
export type LessonMeta = z.infer<typeof LessonMeta>;

const Option = z.strictObject({ id: Id, text: Text, correct: z.boolean().optional(), feedback: Text.optional() });
const Choice = {
  id: Id,
  prompt: Text,
  options: z.array(Option).min(2),
  explanation: Text.optional(),
};

export const FormativeCheck = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('single'), ...Choice }),
  z.strictObject({ type: z.literal('multiple'), ...Choice }),
  z.strictObject({ type: z.literal('true-false'), ...Choice }),
]);
export type FormativeCheck = z.infer<typeof FormativeCheck>;
export const FormativeChecks = z.array(FormativeCheck).min(1, 'Give every lesson at least one formative check.');

const Scored = { points: z.number().int().min(1).max(20).optional() };
const Item = z.strictObject({ id: Id, text: Text });

const choice = <T extends 'single' | 'multiple' | 'true-false'>(type: T) =>
  z.strictObject({ type: z.literal(type), ...Choice, ...Scored });

const Ordering = z.strictObject({
  type: z.literal('ordering'),
  id: Id,
  prompt: Text,
  items: z.array(Item).min(2),
  answer: z.array(Id).min(2),
  explanation: Text.optional(),
  ...Scored,
});
const Matching = z.strictObject({
  type: z.literal('matching'),
  id: Id,
  prompt: Text,
  left: z.array(Item).min(2),
  right: z.array(Item).min(2),
  answer: z.record(Id, Id),
  explanation: Text.optional(),
  ...Scored,
});
const ShortAnswer = z.strictObject({ type: z.literal('short-answer'), id: Id, prompt: Text, guide: Text, ...Scored });

export const LinkedQuestion = z.discriminatedUnion('type', [
  choice('single'),
  choice('multiple'),
  choice('true-false'),
  Ordering,
  Matching,
  ShortAnswer,
]);
export type LinkedQuestion = z.infer<typeof LinkedQuestion>;

const withOutcomes = { outcomes: z.array(Id).min(1, 'Name the outcomes this question assesses.') };
export const SummativeQuestion = z.discriminatedUnion('type', [
  choice('single').extend(withOutcomes),
  choice('multiple').extend(withOutcomes),
  choice('true-false').extend(withOutcomes),
  Ordering.extend(withOutcomes),
  Matching.extend(withOutcomes),
  ShortAnswer.extend(withOutcomes),
  z.strictObject({ type: z.literal('case'), id: Id, vignette: Text, questions: z.array(LinkedQuestion).min(1), ...withOutcomes }),
]);
export type SummativeQuestion = z.infer<typeof SummativeQuestion>;
export const SummativePool = z.strictObject({ questions: z.array(SummativeQuestion).min(1) });

export const Rubric = z.strictObject({
  title: Text,
  task: Text,
  levels: z.array(z.strictObject({ id: Id, label: Text, points: z.number().int().min(0) })).min(2),
  passPoints: z.number().int().min(0),
  criteria: z
    .array(
      z.strictObject({
        id: Id,
        title: Text,
        /** Must be met (above the lowest level) whatever the total: safety and integrity. */
        required: z.boolean().optional(),
        descriptors: z.record(Id, Text),
      }),
    )
    .min(1),
});
export type Rubric = z.infer<typeof Rubric>;

export const Glossary = z.array(z.strictObject({ term: Text, definition: Text })).min(1);

export const CourseTranslation = z.strictObject({
  title: Text,
  summary: Text,
  outcomes: z.array(z.strictObject({ id: Id, text: Text })),
});

export const LessonTranslationMeta = z.strictObject({
  id: Id,
  title: Text,
  minutes: z.number().int().min(1).max(240).optional(),
  outcomes: z.array(Id).optional(),
  references: z.array(Id).optional(),
});

const TranslatedOption = z.strictObject({ id: Id, text: Text, feedback: Text.optional() });
export const CheckTranslations = z.array(
  z.strictObject({ id: Id, prompt: Text, options: z.array(TranslatedOption), explanation: Text.optional() }),
);

export const GlossaryTranslation = z.array(z.strictObject({ term: Text, translation: Text, definition: Text }));
