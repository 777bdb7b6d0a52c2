/**
 * Explained matching: every suggestion says why it was made, so a mentee can judge it and an
 * admin can audit it. Pure: the caller loads approved, available mentors with their load.
 */

export interface MentorCandidate {
  userId: string;
  name: string;
  gender: string | null;
  expertise: readonly string[];
  languages: readonly string[];
  jurisdictions: readonly string[];
  capacity: number;
  /** Active mentorships now. */
  load: number;
}

export interface MenteeNeeds {
  expertise: readonly string[];
  languages: readonly string[];
  jurisdiction?: string | undefined;
  preferWoman: boolean;
}

export type Reason =
  | { kind: 'expertise'; values: string[] }
  | { kind: 'language'; values: string[] }
  | { kind: 'jurisdiction'; value: string }
  | { kind: 'woman' }
  | { kind: 'room'; load: number; capacity: number };

export interface Suggestion {
  mentor: MentorCandidate;
  score: number;
  reasons: Reason[];
}

/** Self-described genders read as "woman", in the five UI languages; anything else is not assumed. */
const WOMAN = new Set(['woman', 'female', 'f', 'femme', 'mujer', 'женщина', 'ж', 'امرأة', 'أنثى']);
export const isWoman = (gender: string | null) => gender !== null && WOMAN.has(gender.trim().toLowerCase());

const WEIGHTS = { expertise: 3, language: 2, jurisdiction: 2, woman: 2 } as const;

const shared = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(b.map((x) => x.toLowerCase()));
  return a.filter((x) => set.has(x.toLowerCase()));
};

/**
 * Ranks mentors for a mentee: shared expertise counts most, then a common language and the same
 * jurisdiction, then a woman mentor when asked for; among equals, the less loaded first. Mentors
 * with no room, or who share neither expertise nor a language, are not suggested.
 */
export function rankMentors(needs: MenteeNeeds, mentors: readonly MentorCandidate[], menteeId: string, limit = 10): Suggestion[] {
  const out: Suggestion[] = [];
  for (const mentor of mentors) {
    if (mentor.userId === menteeId || mentor.load >= mentor.capacity) continue;
    const expertise = shared(needs.expertise, mentor.expertise);
    const languages = shared(needs.languages, mentor.languages);
    if (expertise.length === 0 && languages.length === 0) continue;
    const reasons: Reason[] = [];
    let score = 0;
    if (expertise.length) {
      reasons.push({ kind: 'expertise', values: expertise });
      score += WEIGHTS.expertise * expertise.length;
    }
    if (languages.length) {
      reasons.push({ kind: 'language', values: languages });
      score += WEIGHTS.language;
    }
    if (needs.jurisdiction && mentor.jurisdictions.some((j) => j.toUpperCase() === needs.jurisdiction!.toUpperCase())) {
      reasons.push({ kind: 'jurisdiction', value: needs.jurisdiction.toUpperCase() });
      score += WEIGHTS.jurisdiction;
    }
    if (needs.preferWoman && isWoman(mentor.gender)) {
      reasons.push({ kind: 'woman' });
      score += WEIGHTS.woman;
    }
    reasons.push({ kind: 'room', load: mentor.load, capacity: mentor.capacity });
    // The share of capacity in use breaks ties: a mentor with room gets the next mentee.
    out.push({ mentor, score: score - mentor.load / mentor.capacity, reasons });
  }
  return out
    .sort((a, b) => b.score - a.score || a.mentor.load - b.mentor.load || a.mentor.name.localeCompare(b.mentor.name))
    .slice(0, limit);
}

/** A reason in plain English, for the API and for logs; the web app translates from `kind`. */
export function describe(reason: Reason): string {
  switch (reason.kind) {
    case 'expertise':
      return `Shares your expertise: ${reason.values.join(', ')}`;
    case 'language':
      return `Speaks ${reason.values.join(', ')}`;
    case 'jurisdiction':
      return `Works in ${reason.value}`;
    case 'woman':
      return 'A woman mentor, as you asked';
    case 'room':
      return `Has room: ${reason.load} of ${reason.capacity} mentees`;
  }
}
