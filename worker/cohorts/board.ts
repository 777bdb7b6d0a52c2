/**
 * The trainer's cohort progress board: for each learner and course, where they are, whether
 * they are stuck, and whether they can be certified. A fixed number of grouped queries, whatever
 * the size of the cohort.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { lessonCounts } from '../reports/handover';

const DAY_MS = 86_400_000;
/** No progress for this long, with the course unfinished: the trainer should call. */
export const STUCK_AFTER_DAYS = 14;

type Summative = 'not_started' | 'open' | 'pending_review' | 'not_passed' | 'passed';

export async function cohortBoard(db: Db, cohortId: string, now: Date) {
  const counts = await lessonCounts(db);
  const [courses, learners, lessons, attempts, practicals, certs] = await Promise.all([
    db.all<{ course_id: string }>(sql`SELECT course_id FROM cohort_courses WHERE cohort_id = ${cohortId} ORDER BY course_id`),
    db.all<{ id: string; username: string; display_name: string; joined_at: number; last_active: number | null }>(sql`
      SELECT u.id, u.username, u.display_name, cm.joined_at,
             (SELECT MAX(e.occurred_at) FROM progress_events e WHERE e.user_id = u.id
                AND e.course_id IN (SELECT course_id FROM cohort_courses WHERE cohort_id = ${cohortId})) AS last_active
      FROM cohort_members cm JOIN users u ON u.id = cm.user_id
      WHERE cm.cohort_id = ${cohortId} AND cm.role = 'learner'
      ORDER BY u.display_name`),
    db.all<{ user_id: string; course_id: string; n: number }>(sql`
      SELECT e.user_id, e.course_id, COUNT(DISTINCT e.lesson_id) AS n FROM progress_events e
      JOIN cohort_members cm ON cm.user_id = e.user_id AND cm.cohort_id = ${cohortId} AND cm.role = 'learner'
      WHERE e.type = 'lesson.completed' AND e.course_id IN (SELECT course_id FROM cohort_courses WHERE cohort_id = ${cohortId})
      GROUP BY e.user_id, e.course_id`),
    db.all<{ user_id: string; course_id: string; passed: number; open: number; pending: number; done: number }>(sql`
      SELECT a.user_id, a.course_id, MAX(COALESCE(a.passed, 0)) AS passed,
             SUM(a.status = 'open') AS open, SUM(a.status = 'pending_review') AS pending, SUM(a.status <> 'open') AS done
      FROM attempts a JOIN cohort_members cm ON cm.user_id = a.user_id AND cm.cohort_id = ${cohortId} AND cm.role = 'learner'
      WHERE a.purpose = 'certification'
      GROUP BY a.user_id, a.course_id`),
    db.all<{ learner_id: string; course_id: string; passed: number | null }>(sql`
      SELECT p.learner_id, p.course_id,
             COALESCE(p.moderated_passed, p.passed) AS passed
      FROM practical_assessments p JOIN cohort_members cm ON cm.user_id = p.learner_id AND cm.cohort_id = ${cohortId} AND cm.role = 'learner'
      WHERE p.created_at = (SELECT MAX(x.created_at) FROM practical_assessments x WHERE x.learner_id = p.learner_id AND x.course_id = p.course_id)`),
    db.all<{ learner_id: string; course_id: string; id: string; status: string }>(sql`
      SELECT c.learner_id, c.course_id, c.id, c.status FROM certificates c
      JOIN cohort_members cm ON cm.user_id = c.learner_id AND cm.cohort_id = ${cohortId} AND cm.role = 'learner'
      WHERE c.issued_at = (SELECT MAX(x.issued_at) FROM certificates x WHERE x.learner_id = c.learner_id AND x.course_id = c.course_id)`),
  ]);
  const key = (u: string, c: string) => `${u} ${c}`;
  const done = new Map(lessons.map((l) => [key(l.user_id, l.course_id), Number(l.n)]));
  const tried = new Map(attempts.map((a) => [key(a.user_id, a.course_id), a]));
  const scored = new Map(practicals.map((p) => [key(p.learner_id, p.course_id), p]));
  const issued = new Map(certs.map((c) => [key(c.learner_id, c.course_id), c]));
  const rows = learners.map((l) => {
    const perCourse = courses.map(({ course_id: courseId }) => {
      const total = counts.get(courseId) ?? 0;
      const completed = done.get(key(l.id, courseId)) ?? 0;
      const a = tried.get(key(l.id, courseId));
      const summative: Summative = !a
        ? 'not_started'
        : a.passed
          ? 'passed'
          : Number(a.open) > 0
            ? 'open'
            : Number(a.pending) > 0
              ? 'pending_review'
              : 'not_passed';
      const p = scored.get(key(l.id, courseId));
      const practical = p ? (p.passed ? ('passed' as const) : ('not_passed' as const)) : ('not_scored' as const);
      const certificate = issued.get(key(l.id, courseId));
      return {
        courseId,
        lessonsCompleted: completed,
        lessons: total,
        summative,
        practical,
        // The practical counts only where the course asks for one; the issue endpoint checks exactly.
        readyToCertify: !certificate && total > 0 && completed >= total && summative === 'passed',
        certificate: certificate ? { id: certificate.id, status: certificate.status } : null,
      };
    });
    const lastActive = l.last_active === null ? null : new Date(Number(l.last_active));
    const since = lastActive ?? new Date(Number(l.joined_at));
    const finished = perCourse.every((c) => c.certificate !== null || (c.lessons > 0 && c.lessonsCompleted >= c.lessons));
    return {
      userId: l.id,
      username: l.username,
      displayName: l.display_name,
      joinedAt: new Date(Number(l.joined_at)).toISOString(),
      lastActiveAt: lastActive?.toISOString() ?? null,
      stuck: !finished && now.getTime() - since.getTime() > STUCK_AFTER_DAYS * DAY_MS,
      courses: perCourse,
    };
  });
  return {
    cohortId,
    courses: courses.map((c) => ({ courseId: c.course_id, lessons: counts.get(c.course_id) ?? 0 })),
    learners: rows,
    summary: {
      learners: rows.length,
      stuck: rows.filter((r) => r.stuck).length,
      readyToCertify: rows.filter((r) => r.courses.some((c) => c.readyToCertify)).length,
      certified: rows.filter((r) => r.courses.some((c) => c.certificate?.status === 'valid')).length,
    },
  };
}
