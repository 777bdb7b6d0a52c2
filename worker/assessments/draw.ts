import type { DrawnQuestion } from '../../db/schema';
import type { CourseRelease, ReleaseQuestion } from '../content/types';

/** A small seeded generator (mulberry32): the same seed always draws the same attempt. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function drawOne(q: ReleaseQuestion, random: () => number): DrawnQuestion {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'true-false':
      // True and false keep their natural order; shuffling them only confuses.
      return { id: q.id, order: q.type === 'true-false' ? ['true', 'false'] : shuffle(q.options.map((o) => o.id), random) };
    case 'ordering':
      return { id: q.id, order: shuffle(q.items.map((i) => i.id), random) };
    case 'matching':
      return { id: q.id, order: shuffle(q.right.map((i) => i.id), random) };
    case 'short-answer':
      return { id: q.id };
    case 'case':
      return { id: q.id, parts: q.questions.map((p) => drawOne(p, random)) };
  }
}

/** Draws `draw` questions from the pool and shuffles what each shows, all from `seed`. */
export function drawAttempt(release: CourseRelease, seed: number, draw: number = release.certificate.summative.draw): DrawnQuestion[] {
  const random = seeded(seed);
  const picked = shuffle(release.questions, random).slice(0, draw);
  return picked.map((q) => drawOne(q, random));
}

const byId = <T extends { id: string }>(list: readonly T[], ids: readonly string[]) =>
  ids.map((id) => list.find((x) => x.id === id)).filter((x): x is T => x !== undefined);

/** What the learner sees of a drawn question: the text and choices, never the key. */
export function questionView(q: ReleaseQuestion, drawn: DrawnQuestion): Record<string, unknown> {
  const order = drawn.order ?? [];
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'true-false':
      return { id: q.id, type: q.type, prompt: q.prompt, points: q.points ?? 1, options: byId(q.options, order).map((o) => ({ id: o.id, text: o.text })) };
    case 'ordering':
      return { id: q.id, type: q.type, prompt: q.prompt, points: q.points ?? 1, items: byId(q.items, order) };
    case 'matching':
      return { id: q.id, type: q.type, prompt: q.prompt, points: q.points ?? 1, left: q.left, right: byId(q.right, order) };
    case 'short-answer':
      return { id: q.id, type: q.type, prompt: q.prompt, points: q.points ?? 1 };
    case 'case':
      return {
        id: q.id,
        type: q.type,
        vignette: q.vignette,
        questions: (drawn.parts ?? []).map((p) => {
          const part = q.questions.find((x) => x.id === p.id);
          return part ? questionView(part, p) : null;
        }).filter(Boolean),
      };
  }
}

/** Every question in a release by id, linked questions of cases included. */
export function questionIndex(release: CourseRelease): Map<string, ReleaseQuestion> {
  const map = new Map<string, ReleaseQuestion>();
  for (const q of release.questions) {
    map.set(q.id, q);
    if (q.type === 'case') for (const p of q.questions) map.set(p.id, p);
  }
  return map;
}

/** The ids of the questions a learner answers in an attempt (a case's linked questions, not the case). */
export function answerableIds(drawn: readonly DrawnQuestion[]): string[] {
  return drawn.flatMap((d) => (d.parts ? d.parts.map((p) => p.id) : [d.id]));
}
