/**
 * Learner outcomes disaggregated (DESIGN.md "Reports"): by gender, sector, location,
 * institution or course. Every count column is suppressed as a breakdown, since the
 * dashboard shows its total.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { toCsv } from './csv';
import { inScope, lessonCounts, lessonsCase, type ReportScope } from './handover';
import { breakdown, rate } from './suppress';

export const DIMENSIONS = ['gender', 'sector', 'location', 'institution', 'course'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const GROUP: Record<Dimension, SQL> = {
  gender: sql`COALESCE(NULLIF(lower(trim(u.gender)), ''), 'not stated')`,
  sector: sql`COALESCE(u.sector, 'not stated')`,
  location: sql`CASE u.in_capital WHEN 1 THEN 'capital' WHEN 0 THEN 'outside the capital' ELSE 'not stated' END`,
  institution: sql`i.name`,
  course: sql`p.course_id`,
};

export async function learnerReport(db: Db, scope: ReportScope, by: Dimension) {
  const counts = await lessonCounts(db);
  const rows = await db.all<{ grp: string; learners: number; enrolments: number; completed: number; attempted: number; passed: number; certified: number }>(sql`
    WITH pairs AS (
      SELECT DISTINCT cm.user_id, cc.course_id, c.institution_id FROM cohort_members cm
      JOIN cohorts c ON c.id = cm.cohort_id
      JOIN cohort_courses cc ON cc.cohort_id = c.id
      WHERE cm.role = 'learner' AND ${inScope(sql`c.institution_id`, scope)}
    ),
    done AS (
      SELECT p.user_id, p.course_id, COUNT(DISTINCT e.lesson_id) AS lessons FROM (SELECT DISTINCT user_id, course_id FROM pairs) p
      JOIN progress_events e ON e.user_id = p.user_id AND e.course_id = p.course_id AND e.type = 'lesson.completed'
      GROUP BY p.user_id, p.course_id
    ),
    tried AS (
      SELECT a.user_id, a.course_id, MAX(COALESCE(a.passed, 0)) AS passed FROM attempts a
      WHERE a.purpose = 'certification' AND a.status <> 'open' AND (a.user_id, a.course_id) IN (SELECT user_id, course_id FROM pairs)
      GROUP BY a.user_id, a.course_id
    ),
    cert AS (SELECT DISTINCT learner_id AS user_id, course_id FROM certificates WHERE status = 'valid')
    SELECT ${GROUP[by]} AS grp,
           COUNT(DISTINCT p.user_id) AS learners,
           COUNT(*) AS enrolments,
           SUM(CASE WHEN d.lessons > 0 AND d.lessons >= ${lessonsCase(sql`p.course_id`, counts)} THEN 1 ELSE 0 END) AS completed,
           SUM(CASE WHEN t.user_id IS NULL THEN 0 ELSE 1 END) AS attempted,
           SUM(COALESCE(t.passed, 0)) AS passed,
           SUM(CASE WHEN ce.user_id IS NULL THEN 0 ELSE 1 END) AS certified
    FROM pairs p
    JOIN users u ON u.id = p.user_id
    JOIN institutions i ON i.id = p.institution_id
    LEFT JOIN done d ON d.user_id = p.user_id AND d.course_id = p.course_id
    LEFT JOIN tried t ON t.user_id = p.user_id AND t.course_id = p.course_id
    LEFT JOIN cert ce ON ce.user_id = p.user_id AND ce.course_id = p.course_id
    GROUP BY 1 ORDER BY 1`);
  const column = (name: 'learners' | 'enrolments' | 'completed' | 'passed' | 'certified') =>
    breakdown(rows.map((r) => ({ key: r.grp, n: Number(r[name]) })));
  const [learners, enrolments, completed, passed, certified] = (['learners', 'enrolments', 'completed', 'passed', 'certified'] as const).map(column);
  return {
    by,
    rows: rows.map((r, i) => {
      // Rates only where the group itself may be shown.
      const shown = learners![i]!.n !== null;
      return {
        group: r.grp,
        learners: learners![i]!.n,
        enrolments: enrolments![i]!.n,
        completed: completed![i]!.n,
        passed: passed![i]!.n,
        certified: certified![i]!.n,
        completionRate: shown ? rate(Number(r.completed), Number(r.enrolments)) : null,
        passRate: shown ? rate(Number(r.passed), Number(r.attempted)) : null,
      };
    }),
  };
}

export type LearnerReport = Awaited<ReturnType<typeof learnerReport>>;

export function learnerReportCsv(report: LearnerReport): string {
  return toCsv(
    [report.by, 'learners', 'enrolments', 'completed', 'completion rate', 'passed', 'pass rate', 'certified'],
    report.rows.map((r) => [r.group, r.learners, r.enrolments, r.completed, r.completionRate, r.passed, r.passRate, r.certified]),
  );
}
