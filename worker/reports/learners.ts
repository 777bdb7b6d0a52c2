/**
 * Learner outcomes disaggregated (DESIGN.md "Reports"): by gender, sector, location,
 * institution or course. Every count column is suppressed as a breakdown, since the
 * dashboard shows its total.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { toCsv } from './csv';
import { completedAll, inScope, lessonCounts, summative, type ReportScope } from './handover';
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
  // As in the dashboard: pairs sorted by learner, then one look-up a pair into each covering index,
  // materialized once. Without statistics (no ANALYZE) SQLite guesses two plans badly here, so
  // they are fixed: CROSS JOIN keeps cohorts first (else it walks every membership by learner and
  // reads the table for each), and INDEXED BY reads users from the index that holds the grouping
  // columns, in learner order (else it takes the primary key and reads each row at random).
  const rows = await db.all<{ grp: string; learners: number; enrolments: number; completed: number; attempted: number; passed: number; certified: number }>(sql`
    WITH pairs AS (
      SELECT cm.user_id, cc.course_id, c.institution_id FROM cohorts c
      CROSS JOIN cohort_members cm ON cm.cohort_id = c.id AND cm.role = 'learner'
      JOIN cohort_courses cc ON cc.cohort_id = c.id
      WHERE ${inScope(sql`c.institution_id`, scope)}
      GROUP BY cm.user_id, cc.course_id, c.institution_id
    ),
    each AS MATERIALIZED (
      SELECT p.user_id, p.course_id, p.institution_id,
             ${completedAll(sql`p`, counts)} AS completed,
             ${summative(sql`p`)} AS passed,
             EXISTS (SELECT 1 FROM certificates ce WHERE ce.learner_id = p.user_id AND ce.course_id = p.course_id AND ce.status = 'valid') AS certified
      FROM pairs p
    )
    SELECT ${GROUP[by]} AS grp,
           COUNT(DISTINCT p.user_id) AS learners,
           COUNT(*) AS enrolments,
           SUM(p.completed) AS completed,
           COUNT(p.passed) AS attempted,
           SUM(COALESCE(p.passed, 0)) AS passed,
           SUM(p.certified) AS certified
    FROM each p
    JOIN users u INDEXED BY users_report_idx ON u.id = p.user_id
    JOIN institutions i ON i.id = p.institution_id
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
