import { api } from '../api';
import { userDb } from './outbox';
import { checkStates, lessonStates, mergeServerProgress, type CheckState, type LessonState, type ServerProgress } from './store';

/** This person's progress through a course's lessons, from this device. */
export async function courseProgress(courseId: string): Promise<Map<string, LessonState>> {
  const states = await lessonStates(await userDb(), courseId);
  return new Map(states.map((s) => [s.lessonId, s]));
}

export interface LessonLocal {
  lesson: LessonState | undefined;
  checks: Map<string, CheckState>;
}

export async function lessonLocal(courseId: string, lessonId: string): Promise<LessonLocal> {
  const db = await userDb();
  const [lessons, checks] = await Promise.all([lessonStates(db, courseId), checkStates(db, courseId, lessonId)]);
  return { lesson: lessons.find((l) => l.lessonId === lessonId), checks: new Map(checks.map((c) => [c.checkId, c])) };
}

/**
 * Folds in what the server holds (work done on another phone). Best effort: offline or
 * signed out, the local progress is all there is, and it is enough.
 */
export async function catchUp(courseId: string): Promise<boolean> {
  try {
    const res = await api.progress.$get({ query: { courseId } });
    if (res.status !== 200) return false;
    await mergeServerProgress(await userDb(), (await res.json()) as ServerProgress);
    return true;
  } catch {
    return false;
  }
}
