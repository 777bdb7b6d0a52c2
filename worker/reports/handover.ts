/**
 * The handover dashboard (DESIGN.md "The cascade", "Reports"): is the programme leaving national
 * trainers and academies that carry on without it? One function computes every figure, and the
 * JSON and the CSV are both rendered from its result, so they cannot disagree.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { breakdown, cell, rate } from './suppress';
import { toCsv, type CsvValue } from './csv';

export interface ReportScope {
  institutionId?: string | undefined;
  country?: string | undefined;
}

const wholeProgramme = (scope: ReportScope) => !scope.institutionId && !scope.country;

/** The SQL condition "column is one of the scope's institutions" (true for the whole programme). */
export function inScope(column: SQL, scope: ReportScope): SQL {
  if (scope.institutionId) return sql`${column} = ${scope.institutionId}`;
  if (scope.country) return sql`${column} IN (SELECT id FROM institutions WHERE country = ${scope.country})`;
  return sql`1 = 1`;
}

/** "2026-Q4" from a timestamp in milliseconds. */
const quarter = (ms: SQL) =>
  sql`strftime('%Y', ${ms} / 1000, 'unixepoch') || '-Q' || ((CAST(strftime('%m', ${ms} / 1000, 'unixepoch') AS INTEGER) + 2) / 3)`;
/** The quarter of an ISO date, or of a timestamp when the date is not set. */
const quarterOfDate = (date: SQL, fallbackMs: SQL) =>
  sql`CASE WHEN ${date} IS NOT NULL THEN substr(${date}, 1, 4) || '-Q' || ((CAST(substr(${date}, 6, 2) AS INTEGER) + 2) / 3) ELSE ${quarter(fallbackMs)} END`;

/** Lessons to complete per course, from the latest published release of each. */
export async function lessonCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ course_id: string; lessons: number }>(
    sql`SELECT course_id, json_array_length(release, '$.lessons') AS lessons FROM course_releases r
        WHERE published_at = (SELECT MAX(published_at) FROM course_releases x WHERE x.course_id = r.course_id)`,
  );
  return new Map(rows.map((r) => [r.course_id, Number(r.lessons)]));
}

/** A CASE expression giving each course's lesson count (0 for a course with no release). */
export function lessonsCase(courseId: SQL, counts: Map<string, number>): SQL {
  if (counts.size === 0) return sql`0`;
  const whens = [...counts].map(([id, n]) => sql`WHEN ${id} THEN ${n}`);
  return sql`CASE ${courseId} ${sql.join(whens, sql` `)} ELSE 0 END`;
}

/**
 * Each learner and course of the scope's cohorts, as `p`, with where the learner stands in it
 * (lessons_completed, attempted, passed, certified, from learner_course_status, which triggers
 * keep). For the whole programme that is the status table's enrolled rows alone. A scope reads
 * institution_enrolments (also kept by triggers) for its institutions, in key order; with
 * `byInstitution`, each institution's learners count for it, so `p` has `institution_id` and a
 * learner in two institutions appears in both.
 */
export function enrolmentsWithStatus(scope: ReportScope, byInstitution = false): SQL {
  if (wholeProgramme(scope) && !byInstitution) {
    return sql`(SELECT user_id, course_id, lessons_completed, attempted, passed, certified FROM learner_course_status WHERE enrolled = 1) p`;
  }
  const enrolments = byInstitution
    ? sql`SELECT institution_id, user_id, course_id FROM institution_enrolments WHERE ${inScope(sql`institution_id`, scope)}`
    : sql`SELECT DISTINCT user_id, course_id FROM institution_enrolments WHERE ${inScope(sql`institution_id`, scope)}`;
  return sql`(
    SELECT e.*, ${sql.join(['lessons_completed', 'attempted', 'passed', 'certified'].map((c) => sql.raw(`COALESCE(s.${c}, 0) AS ${c}`)), sql`, `)}
    FROM (${enrolments}) e
    LEFT JOIN learner_course_status s ON s.user_id = e.user_id AND s.course_id = e.course_id) p`;
}

/** Whether the enrolment `p` has every lesson of its course completed (and at least one). */
export function completedAll(counts: Map<string, number>): SQL {
  return sql`p.lessons_completed >= max(${lessonsCase(sql`p.course_id`, counts)}, 1)`;
}

export async function handoverDashboard(db: Db, scope: ReportScope) {
  const counts = await lessonCounts(db);
  const cohortsInScope = sql`SELECT id FROM cohorts WHERE ${inScope(sql`institution_id`, scope)}`;
  const [trainers, cohorts, certificates, learners, outcomes, adoption] = await Promise.all([
    // Certified and master trainers who belong to the scope, national or not, by self-described gender.
    db.all<{ international: number; gender: string; n: number }>(sql`
      SELECT u.international_expert AS international, COALESCE(NULLIF(lower(trim(u.gender)), ''), 'not stated') AS gender, COUNT(*) AS n
      FROM users u
      WHERE u.id IN (
        SELECT q.user_id FROM trainer_qualifications q
        WHERE q.status = 'active' AND q.level IN ('certified_trainer', 'master_trainer')
          AND (${inScope(sql`q.institution_id`, scope)} OR q.user_id IN (
            SELECT m.user_id FROM memberships m WHERE m.role IN ('trainer', 'master_trainer') AND ${inScope(sql`m.institution_id`, scope)})))
      GROUP BY 1, 2 ORDER BY 2`),
    // Cohorts by quarter and by who led them.
    db.all<{ period: string; lead: 'national' | 'international' | 'none'; n: number }>(sql`
      SELECT ${quarterOfDate(sql`c.starts_on`, sql`c.created_at`)} AS period,
             CASE WHEN u.id IS NULL THEN 'none' WHEN u.international_expert = 1 THEN 'international' ELSE 'national' END AS lead,
             COUNT(*) AS n
      FROM cohorts c LEFT JOIN users u ON u.id = c.lead_trainer_id
      WHERE ${inScope(sql`c.institution_id`, scope)}
      GROUP BY 1, 2 ORDER BY 1`),
    // Certificates by quarter and by whether a national trainer issued them (automatic issues have
    // no trainer): counted per trainer first, so each trainer is looked up once, not per certificate.
    db.all<{ period: string; national: number; international: number }>(sql`
      SELECT x.period,
             SUM(CASE WHEN u.international_expert = 0 THEN x.n ELSE 0 END) AS national,
             SUM(CASE WHEN u.international_expert = 1 THEN x.n ELSE 0 END) AS international
      FROM (SELECT ${quarter(sql`c.issued_at`)} AS period, c.trainer_id, COUNT(*) AS n FROM certificates c
            WHERE ${inScope(sql`c.institution_id`, scope)} GROUP BY 1, 2) x
      JOIN users u ON u.id = x.trainer_id
      GROUP BY 1 ORDER BY 1`),
    // Learners of the scope's cohorts, and how many work outside the capital: one pass over the
    // users index that holds in_capital, checked against the list (`+u.id` keeps SQLite from
    // looking each learner up by id instead, in random order).
    db.all<{ total: number; outside: number }>(sql`
      SELECT COUNT(*) AS total, SUM(CASE WHEN u.in_capital = 0 THEN 1 ELSE 0 END) AS outside
      FROM users u INDEXED BY users_report_idx WHERE +u.id IN (
        SELECT user_id FROM cohort_members WHERE role = 'learner'${wholeProgramme(scope) ? sql`` : sql` AND cohort_id IN (${cohortsInScope})`})`),
    // Each learner and course of their cohorts: every lesson completed? the summative passed?
    db.all<{ pairs: number; completed: number; attempted: number; passed: number }>(sql`
      SELECT COUNT(*) AS pairs, COUNT(CASE WHEN ${completedAll(counts)} THEN 1 END) AS completed,
             COALESCE(SUM(p.attempted), 0) AS attempted, COALESCE(SUM(p.passed), 0) AS passed
      FROM ${enrolmentsWithStatus(scope)}`),
    db.all<{ institution: string; country: string; course_id: string; course_version: string; programme: string; year: number }>(sql`
      SELECT i.name AS institution, i.country, a.course_id, a.course_version, a.programme, a.year
      FROM curriculum_adoptions a JOIN institutions i ON i.id = a.institution_id
      WHERE ${inScope(sql`a.institution_id`, scope)}
      ORDER BY a.year DESC, i.name, a.course_id`),
  ]);

  const national = trainers.filter((t) => !t.international);
  const nationalTotal = national.reduce((n, t) => n + Number(t.n), 0);
  const byPeriod = new Map<string, { national: number; international: number; none: number }>();
  for (const c of cohorts) {
    const row = byPeriod.get(c.period) ?? { national: 0, international: 0, none: 0 };
    row[c.lead] += Number(c.n);
    byPeriod.set(c.period, row);
  }
  const certNational = certificates.reduce((n, c) => n + Number(c.national), 0);
  const certInternational = certificates.reduce((n, c) => n + Number(c.international), 0);
  const l = learners[0] ?? { total: 0, outside: 0 };
  const o = outcomes[0] ?? { pairs: 0, completed: 0, attempted: 0, passed: 0 };
  return {
    scope: { institutionId: scope.institutionId ?? null, country: scope.country ?? null },
    trainers: {
      national: cell(nationalTotal),
      international: cell(trainers.filter((t) => t.international).reduce((n, t) => n + Number(t.n), 0)),
      byGender: breakdown(national.map((t) => ({ key: t.gender, n: Number(t.n) }))).map((g) => ({ gender: g.key, trainers: g.n })),
    },
    cohorts: [...byPeriod].map(([period, r]) => ({ period, ledByNational: r.national, ledByInternational: r.international, noLead: r.none })),
    handover: {
      // The share of trainer-issued certificates that a national trainer issued.
      index: rate(certNational, certNational + certInternational),
      national: cell(certNational),
      international: cell(certInternational),
      byPeriod: certificates.map((c) => ({
        period: c.period,
        national: cell(Number(c.national)),
        international: cell(Number(c.international)),
        index: rate(Number(c.national), Number(c.national) + Number(c.international)),
      })),
    },
    learners: { total: cell(Number(l.total)), outsideCapital: cell(Number(l.outside ?? 0)), outsideCapitalShare: rate(Number(l.outside ?? 0), Number(l.total)) },
    outcomes: {
      enrolments: cell(Number(o.pairs)),
      completed: cell(Number(o.completed)),
      completionRate: rate(Number(o.completed), Number(o.pairs)),
      attempted: cell(Number(o.attempted)),
      passed: cell(Number(o.passed)),
      passRate: rate(Number(o.passed), Number(o.attempted)),
    },
    adoption: adoption.map((a) => ({ institution: a.institution, country: a.country, courseId: a.course_id, courseVersion: a.course_version, programme: a.programme, year: Number(a.year) })),
  };
}

export type HandoverDashboard = Awaited<ReturnType<typeof handoverDashboard>>;
export const HANDOVER_TABLES = ['summary', 'trainers', 'cohorts', 'handover', 'adoption'] as const;
export type HandoverTable = (typeof HANDOVER_TABLES)[number];

/** One table of the dashboard as CSV: the same numbers, suppressed the same way. */
export function handoverCsv(d: HandoverDashboard, table: HandoverTable): string {
  const tables: Record<HandoverTable, [string[], CsvValue[][]]> = {
    summary: [
      ['figure', 'value'],
      [
        ['national certified trainers', d.trainers.national],
        ['international certified trainers', d.trainers.international],
        ['handover index', d.handover.index],
        ['certificates issued by national trainers', d.handover.national],
        ['certificates issued by international experts', d.handover.international],
        ['learners', d.learners.total],
        ['learners outside the capital', d.learners.outsideCapital],
        ['share of learners outside the capital', d.learners.outsideCapitalShare],
        ['enrolments (learner × course)', d.outcomes.enrolments],
        ['completion rate', d.outcomes.completionRate],
        ['pass rate', d.outcomes.passRate],
      ],
    ],
    trainers: [['gender', 'national certified trainers'], d.trainers.byGender.map((g) => [g.gender, g.trainers])],
    cohorts: [['quarter', 'led by national trainers', 'led by international experts', 'no lead trainer'], d.cohorts.map((c) => [c.period, c.ledByNational, c.ledByInternational, c.noLead])],
    handover: [['quarter', 'by national trainers', 'by international experts', 'handover index'], d.handover.byPeriod.map((p) => [p.period, p.national, p.international, p.index])],
    adoption: [['institution', 'country', 'course', 'version', 'programme', 'year'], d.adoption.map((a) => [a.institution, a.country, a.courseId, a.courseVersion, a.programme, a.year])],
  };
  const [columns, rows] = tables[table];
  return toCsv(columns, rows);
}
