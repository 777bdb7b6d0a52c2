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
