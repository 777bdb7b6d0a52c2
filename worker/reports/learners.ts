/**
 * Learner outcomes disaggregated (DESIGN.md "Reports"): by gender, sector, location,
 * institution or course. Every count column is suppressed as a breakdown, since the
 * dashboard shows its total.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { toCsv } from './csv';
import { completedAll, enrolmentsWithStatus, lessonCounts, type ReportScope } from './handover';
import { breakdown, rate } from './suppress';

export const DIMENSIONS = ['gender', 'sector', 'location', 'institution', 'course'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const GROUP: Record<Dimension, SQL> = {
  gender: sql`COALESCE(NULLIF(lower(trim(u.gender)), ''), 'not stated')`,
  sector: sql`COALESCE(u.sector, 'not stated')`,
  location: sql`CASE u.in_capital WHEN 1 THEN 'capital' WHEN 0 THEN 'outside the capital' ELSE 'not stated' END`,
  institution: sql`p.institution_id`,
  course: sql`p.course_id`,
};

export async function learnerReport(db: Db, scope: ReportScope, by: Dimension) {
  const counts = await lessonCounts(db);
  // As in the dashboard: each enrolment with its status. A learner's own columns (gender, sector,
  // location) come from the users index that holds them (INDEXED BY: without statistics SQLite
  // takes the primary key and reads each row at random); the institution from
  // institution_enrolments, named only after counting; the course needs neither.
  const ofLearner = by === 'gender' || by === 'sector' || by === 'location';
  const counted = sql`
    SELECT ${GROUP[by]} AS grp,
           COUNT(DISTINCT p.user_id) AS learners,
           COUNT(*) AS enrolments,
           COUNT(CASE WHEN ${completedAll(counts)} THEN 1 END) AS completed,
           SUM(p.attempted) AS attempted,
           SUM(p.passed) AS passed,
           SUM(p.certified) AS certified
    FROM ${enrolmentsWithStatus(scope, by === 'institution')}
    ${ofLearner ? sql`JOIN users u INDEXED BY users_report_idx ON u.id = p.user_id` : sql``}
    GROUP BY 1`;
  const rows = await db.all<{ grp: string; learners: number; enrolments: number; completed: number; attempted: number; passed: number; certified: number }>(
    by === 'institution'
      ? sql`SELECT i.name AS grp, x.learners, x.enrolments, x.completed, x.attempted, x.passed, x.certified FROM (${counted}) x JOIN institutions i ON i.id = x.grp ORDER BY 1`
      : sql`${counted} ORDER BY 1`,
  );
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
