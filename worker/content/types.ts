import type { Locale, Sector } from '../../db/schema/enums';

/** A compiled file as the index lists it: where it is, and what it costs to download. */
export interface PackFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface LessonFile extends PackFile {
  id: string;
  title: string;
  minutes: number;
  /** The language the file is in: English where no translation exists. */
  locale: Locale;
  /** True when the learner asked for another language and gets English. */
  fallback: boolean;
}

export interface IndexLocale {
  title: string;
  summary: string;
  fallback: boolean;
  outcomes: Array<{ id: string; text: string }>;
  lessons: LessonFile[];
  glossary: string;
  /** Everything to download to study the course offline in this language. */
  pack: { files: PackFile[]; bytes: number; gzipBytes: number };
}

/** Renewal: opens `windowMonths` before expiry; a shorter draw from the summative pool. */
export interface RefresherRule {
  windowMonths: number;
  draw: number;
  passMark: number;
  timeLimitMinutes: number;
  attempts: number;
  cooldownHours: number;
}

export interface IndexCourse {
  id: string;
  version: string;
  sectors: Sector[];
  minutes: number;
  prerequisites: string[];
  certificate: {
    lessons: 'all' | string[];
    practical: boolean;
    validityMonths?: number;
    /** Issue by itself as soon as the learner is eligible, instead of waiting for a trainer. */
    autoIssue: boolean;
    refresher?: RefresherRule;
    summative: {
      draw: number;
      passMark: number;
      timeLimitMinutes: number;
      attempts: number;
      cooldownHours: number;
      feedback: 'after-submit' | 'after-pass' | 'never';
      poolSize: number;
    };
  };
  rubric: string | null;
  locales: Record<Locale, IndexLocale>;
}

/** `content/index.json`: the catalogue, compiled from courses/ by `npm run build:courses`. */
export interface CourseIndex {
  format: 1;
  courses: IndexCourse[];
}

/**
 * One course version's private half, from dist/content-server/releases.json: the
 * summative pool with its answer key, the rubric and the certificate rule.
 */
export interface CourseRelease {
  courseId: string;
  version: string;
  contentHash: string;
  title: string;
  outcomes: Array<{ id: string; text: string }>;
  lessons: string[];
  certificate: {
    lessons: 'all' | string[];
    summative: IndexCourse['certificate']['summative'] extends infer S ? Omit<S, 'poolSize'> : never;
    practical: boolean;
    validityMonths?: number;
    autoIssue: boolean;
    refresher?: RefresherRule;
  };
  questions: ReleaseQuestion[];
  rubric: Rubric | null;
  /** The trainer pathway's extra requirements for this course. */
  pathway?: { mentoringHours?: number };
}

export interface ReleaseOption {
  id: string;
  text: string;
  correct?: boolean;
  feedback?: string;
}

export type ReleaseQuestion =
  | { type: 'single' | 'multiple' | 'true-false'; id: string; prompt: string; options: ReleaseOption[]; explanation?: string; points?: number; outcomes?: string[] }
  | { type: 'ordering'; id: string; prompt: string; items: Array<{ id: string; text: string }>; answer: string[]; explanation?: string; points?: number; outcomes?: string[] }
  | {
      type: 'matching';
      id: string;
      prompt: string;
      left: Array<{ id: string; text: string }>;
      right: Array<{ id: string; text: string }>;
      answer: Record<string, string>;
      explanation?: string;
      points?: number;
      outcomes?: string[];
    }
  | { type: 'short-answer'; id: string; prompt: string; guide: string; points?: number; outcomes?: string[] }
  | { type: 'case'; id: string; vignette: string; questions: ReleaseQuestion[]; outcomes: string[] };

export interface Rubric {
  title: string;
  task: string;
  levels: Array<{ id: string; label: string; points: number }>;
  passPoints: number;
  criteria: Array<{ id: string; title: string; required?: boolean; descriptors: Record<string, string> }>;
}
