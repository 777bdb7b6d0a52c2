/**
 * A programme at scale for the report benches: countries, institutions, cohorts, a trainer
 * lineage 5 generations deep, learners with their progress, attempts and certificates.
 * Deterministic for a given `seed` and `now`, ids included, so two runs give the same reports.
 * Rows go in as raw SQL in large transactions: at a million rows the drizzle builder would cost
 * more than SQLite does.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { migrations } from '../db/migrate';
import { INSTITUTION_KINDS, SECTORS } from '../db/schema/enums';

/**
 * The migrations' data statements (0013 and 0014 fill the trigger-kept report tables from what is
 * already stored, and 0014 repairs 0013's fill), in order: the seed runs them once after loading.
 */
const BACKFILLS = migrations
  .flatMap((m) => m.statements)
  .filter((s) => /^(INSERT|UPDATE)\b/.test(s.replace(/^(--[^\n]*\n)+/, '')));

export interface ScaleOptions {
  countries: number;
  institutions: number;
  cohorts: number;
  trainers: number;
  learners: number;
  /** Share of learners in a second cohort. */
  secondCohort: number;
  now: Date;
  seed: number;
}

export const SCALE: ScaleOptions = {
  countries: 8,
  institutions: 60,
  cohorts: 2000,
  trainers: 400,
  learners: 100_000,
  secondCohort: 0.1,
  now: new Date(),
  seed: 2026,
};

export const SCALE_COURSES = [
  { id: 'victim-centred', lessons: 8 },
  { id: 'financial-investigation', lessons: 7 },
  { id: 'forensic-evidence', lessons: 6 },
  { id: 'training-of-trainers', lessons: 7 },
] as const;
export const SCALE_VERSION = '2.0.0';

const COUNTRIES = ['NP', 'BD', 'KE', 'NG', 'PH', 'MX', 'UA', 'JO', 'GH', 'PE'];
/** Self-described, as typed: the reports normalise case and blanks. */
const GENDERS: Array<[string | null, number]> = [
  ['female', 30], ['male', 30], ['Female', 6], ['Male', 6], ['woman', 5], ['man', 5], [' female ', 1],
  ['non-binary', 1], ['prefer not to say', 2], ['', 4], [null, 10],
];
const PROGRAMMES = ['Basic police training', 'Judicial induction', 'Prosecutor CPD', 'Labour inspector induction'];
/** The tables seedScale fills. */
const SEEDED = ['users', 'institutions', 'memberships', 'trainer_qualifications', 'course_releases', 'curriculum_adoptions', 'cohorts', 'cohort_courses', 'cohort_members', 'progress_events', 'attempts', 'certificates'];
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** mulberry32: small, fast and good enough to spread rows. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const hex8 = () => Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    weighted: <T>(xs: ReadonlyArray<[T, number]>): T => {
      let r = next() * xs.reduce((n, [, w]) => n + w, 0);
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return xs[xs.length - 1]![0];
    },
    /** Version 4 layout, like crypto.randomUUID(). */
    uuid: () => {
      const [h1, h2, h3, h4] = [hex8(), hex8(), hex8(), hex8()];
      return `${h1}-${h2.slice(0, 4)}-4${h2.slice(5)}-${'89ab'[int(4)]}${h3.slice(1, 4)}-${h3.slice(4)}${h4}`;
    },
  };
}

type Value = string | number | null;

/**
 * Buffers rows and writes them in large transactions, each table's rows as one JSON array that
 * SQLite unpacks itself (`INSERT … SELECT … FROM json_each(jsonb(?))`, parsed once): no
 * 32,766-parameter cap and no megabyte statements to parse. Tables must first appear parents
 * before children.
 */
function writer(db: Db, counts: Record<string, number>) {
  const ROWS_PER_STATEMENT = 5_000;
  const ROWS_PER_TX = 25_000;
  let pending: SQL[] = [];
  let pendingRows = 0;
  const tables = new Map<string, { insert: SQL; rows: Value[][] }>();
  const flushTable = (table: string) => {
    const t = tables.get(table)!;
    if (t.rows.length) pending.push(sql`${t.insert} FROM json_each(jsonb(${JSON.stringify(t.rows)}))`);
    pendingRows += t.rows.length;
    t.rows = [];
  };
  const commit = async () => {
    for (const table of tables.keys()) flushTable(table);
    const [first, ...rest] = pending.map((s) => db.run(s));
    if (first) await db.batch([first, ...rest]);
    pending = [];
    pendingRows = 0;
  };
  return {
    async add(table: string, row: Record<string, Value>) {
      let t = tables.get(table);
      if (!t) {
        const columns = Object.keys(row);
        t = { insert: sql.raw(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')}`), rows: [] };
        tables.set(table, t);
      }
      t.rows.push(Object.values(row));
      counts[table] = (counts[table] ?? 0) + 1;
      // All tables at once, in the order they first appeared, so foreign keys always point back.
      if (t.rows.length >= ROWS_PER_STATEMENT) for (const name of tables.keys()) flushTable(name);
      if (pendingRows >= ROWS_PER_TX) await commit();
    },
    commit,
  };
}

export interface ScaleSeed {
  counts: Record<string, number>;
  countries: string[];
  institutions: Array<{ id: string; country: string; cohorts: number }>;
  cohorts: Array<{ id: string; learners: number }>;
  trainers: Array<{ id: string; cohorts: number; international: boolean }>;
}

/** Seeds an empty, migrated database. Takes tens of seconds at the default scale. */
export async function seedScale(db: Db, options: Partial<ScaleOptions> = {}): Promise<ScaleSeed> {
  const o = { ...SCALE, ...options };
  const r = prng(o.seed);
  const now = o.now.getTime();
  const counts: Record<string, number> = {};
  // Random ids land all over each B-tree: with SQLite's 2 MB default cache nearly every insert
  // reads its pages back from the file. The settings go back afterwards, so what is timed later
  // sees the defaults the app runs with.
  const [cache] = await db.all<{ cache_size: number }>(sql`PRAGMA cache_size`);
  const [sync] = await db.all<{ synchronous: number }>(sql`PRAGMA synchronous`);
  await db.run(sql`PRAGMA cache_size = -524288`);
  await db.run(sql`PRAGMA synchronous = OFF`);
  // Bulk load: secondary indexes go before and are rebuilt from their own SQL after, which sorts
  // once instead of inserting a million random keys one by one (and re-checks every unique one).
  const indexes = await db.all<{ name: string; sql: string }>(
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${sql.join(SEEDED.map((t) => sql`${t}`), sql`, `)})`,
  );
  for (const i of indexes) await db.run(sql.raw(`DROP INDEX "${i.name}"`));
  // Without those indexes each trigger that keeps the report tables would scan its table per row:
  // they go too, and the tables are filled once at the end by the migrations' own statements.
  const triggers = await db.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${sql.join(SEEDED.map((t) => sql`${t}`), sql`, `)})`);
  for (const t of triggers) await db.run(sql.raw(`DROP TRIGGER "${t.name}"`));
  const w = writer(db, counts);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const person = (username: string, extra: Record<string, Value>) => ({
    id: r.uuid(), username, display_name: `${username.split('.')[0]!.replace(/^./, (c) => c.toUpperCase())} ${username.split('.')[1]}`,
    password_hash: 'pbkdf2-sha256$1$bench$bench', programme_admin: 0, locale: 'en', ...extra, created_at: now - 3 * YEAR, updated_at: now - 3 * YEAR,
  });

  const admin = person('programme.admin', { country: null, sector: null, region: null, in_capital: null, gender: null, international_expert: 0 });
  admin.programme_admin = 1;
  await w.add('users', admin);

  const countries = COUNTRIES.slice(0, o.countries);
  const institutions = Array.from({ length: o.institutions }, (_, i) => ({ id: r.uuid(), country: countries[i % countries.length]!, cohorts: 0 }));
  for (const [i, inst] of institutions.entries()) {
    await w.add('institutions', {
      id: inst.id, name: `${inst.country} ${INSTITUTION_KINDS[i % INSTITUTION_KINDS.length]!.replace(/_/g, ' ')} ${i + 1}`,
      kind: INSTITUTION_KINDS[i % INSTITUTION_KINDS.length]!, country: inst.country, created_by: admin.id, created_at: now - 3 * YEAR,
    });
  }

  // Trainers by generation: the first are the programme's international experts (10%), each
  // later generation qualified by masters of the one before.
  const shares = [0.1, 0.2, 0.3, 0.25, 0.15];
  const trainers: Array<{ id: string; generation: number; master: boolean; institution: number | null; cohorts: number; international: boolean }> = [];
  for (const [g, share] of shares.entries()) {
    const n = g === shares.length - 1 ? o.trainers - trainers.length : Math.round(o.trainers * share);
    for (let k = 0; k < n; k++) {
      const international = g === 0;
      const institution = international ? null : trainers.filter((t) => !t.international).length % o.institutions;
      const t = { id: '', generation: g + 1, master: g < 3 || (g === 3 && r.next() < 0.3), institution, cohorts: 0, international };
      const inst = institution === null ? null : institutions[institution]!;
      const row = person(`trainer.${trainers.length + 1}`, {
        country: inst?.country ?? 'GB', sector: r.pick(SECTORS), region: 'Capital', in_capital: 1,
        gender: r.weighted(GENDERS), international_expert: international ? 1 : 0,
      });
      t.id = row.id as string;
      trainers.push(t);
      await w.add('users', row);
      if (inst) await w.add('memberships', { id: r.uuid(), user_id: t.id, institution_id: inst.id, role: t.master ? 'master_trainer' : 'trainer', granted_by: admin.id, created_at: now - 3 * YEAR });
    }
  }
  for (const t of trainers) {
    for (const course of SCALE_COURSES) {
      const masters = trainers.filter((m) => m.generation === t.generation - 1 && m.master);
      const granter = t.generation === 1 ? admin.id : r.pick(masters).id;
      const at = now - 3 * YEAR + (t.generation - 1) * 120 * DAY + r.int(60) * DAY;
      const status = r.weighted<string>([['active', 97], ['suspended', 2], ['revoked', 1]]);
      const levels = t.master ? ['certified_trainer', 'master_trainer'] : ['certified_trainer'];
      for (const [k, level] of levels.entries()) {
        await w.add('trainer_qualifications', {
          id: r.uuid(), user_id: t.id, course_id: course.id, level, status,
          institution_id: t.institution === null ? null : institutions[t.institution]!.id, granted_by: granter,
          granted_at: at + k * 60 * DAY, evidence: JSON.stringify({ cohortIds: [] }),
        });
      }
    }
  }

  for (const course of SCALE_COURSES) {
    const lessons = (n: number) => Array.from({ length: n }, (_, i) => `lesson-${String(i + 1).padStart(2, '0')}`);
    for (const [version, n, at] of [['1.0.0', course.lessons - 1, now - 4 * YEAR], [SCALE_VERSION, course.lessons, now - 2 * YEAR]] as const) {
      await w.add('course_releases', {
        course_id: course.id, version, content_hash: `bench-${version}`, published_at: at,
        release: JSON.stringify({ courseId: course.id, version, lessons: lessons(n), certificate: { lessons: 'all', practical: false } }),
      });
    }
  }
  for (const [i, inst] of institutions.entries()) {
    if (i % 2) continue;
    for (const course of SCALE_COURSES.slice(0, 1 + r.int(2))) {
      await w.add('curriculum_adoptions', {
        id: r.uuid(), institution_id: inst.id, course_id: course.id, course_version: SCALE_VERSION, programme: r.pick(PROGRAMMES),
        year: new Date(now).getUTCFullYear() - r.int(3), note: null, created_by: admin.id, created_at: now - r.int(700) * DAY,
      });
    }
  }

  // Cohorts over three years; the share led by international experts falls as the cascade takes over.
  const national = trainers.filter((t) => !t.international);
  const experts = trainers.filter((t) => t.international);
  const cohorts = Array.from({ length: o.cohorts }, (_, c) => {
    const institution = Math.floor(r.next() ** 1.4 * o.institutions);
    const starts = now - 3 * YEAR + Math.floor(r.next() * (3 * YEAR - 14 * DAY));
    const elapsed = (starts - (now - 3 * YEAR)) / (3 * YEAR);
    const local = national.filter((t) => t.institution === institution);
    const lead = r.next() < 0.02 ? null : r.next() < 0.6 * (1 - elapsed) + 0.05 || local.length === 0 ? r.pick(experts) : r.pick(local);
    const co = local.length > 1 ? r.pick(local.filter((t) => t !== lead)) : null;
    const first = r.int(SCALE_COURSES.length);
    const courses = r.next() < 0.5 ? [first] : [first, (first + 1 + r.int(SCALE_COURSES.length - 1)) % SCALE_COURSES.length];
    const region = r.int(5);
    return { id: r.uuid(), n: c, institution, starts, lead, co, courses, region, learners: 0 };
  });
  for (const c of cohorts) {
    institutions[c.institution]!.cohorts++;
    const ends = c.starts + 60 * DAY;
    await w.add('cohorts', {
      id: c.id, institution_id: institutions[c.institution]!.id, name: `Cohort ${c.n + 1}`, join_code: `BENCH${c.n.toString(36).toUpperCase().padStart(4, '0')}`,
      join_code_expires_at: null, capacity: 80, status: ends < now ? 'closed' : 'open', region: c.region === 0 ? 'Capital' : `Region ${c.region}`,
      in_capital: c.region === 0 ? 1 : 0, starts_on: iso(c.starts), ends_on: iso(ends), lead_trainer_id: c.lead?.id ?? null,
      created_by: admin.id, created_at: c.starts - 30 * DAY,
    });
    for (const course of c.courses) await w.add('cohort_courses', { cohort_id: c.id, course_id: SCALE_COURSES[course]!.id });
    for (const t of new Set([c.lead, c.co])) {
      if (!t) continue;
      t.cohorts++;
      await w.add('cohort_members', { cohort_id: c.id, user_id: t.id, role: 'trainer', joined_at: c.starts - 30 * DAY });
    }
  }

  const revocation = new Map<number, number>();
  for (let l = 0; l < o.learners; l++) {
    const first = r.int(cohorts.length);
    const mine = r.next() < o.secondCohort ? [first, (first + 1 + r.int(cohorts.length - 1)) % cohorts.length] : [first];
    const home = cohorts[first]!;
    const inCapital = r.weighted<number | null>([[1, 35], [0, 55], [null, 10]]);
    const user = person(`learner.${l + 1}`, {
      country: institutions[home.institution]!.country, sector: r.next() < 0.05 ? null : r.pick(SECTORS),
      region: inCapital === 1 ? 'Capital' : `Region ${1 + r.int(4)}`, in_capital: inCapital, gender: r.weighted(GENDERS), international_expert: 0,
    });
    await w.add('users', user);
    const memberOf = new Set<string>();
    const studies = new Set<string>();
    for (const c of mine.map((i) => cohorts[i]!)) {
      c.learners++;
      const instId = institutions[c.institution]!.id;
      if (!memberOf.has(instId)) await w.add('memberships', { id: r.uuid(), user_id: user.id, institution_id: instId, role: 'learner', granted_by: null, created_at: c.starts - 20 * DAY });
      memberOf.add(instId);
      await w.add('cohort_members', { cohort_id: c.id, user_id: user.id, role: 'learner', joined_at: c.starts - r.int(20) * DAY });
      for (const course of c.courses.map((i) => SCALE_COURSES[i]!)) {
        // A learner in two cohorts of the same course studies it once.
        if (studies.has(course.id)) continue;
        studies.add(course.id);
        await learnerCourse(c, instId, user.id as string, course);
      }
    }
  }
  await w.commit();
  for (const i of indexes) await db.run(sql.raw(i.sql));
  for (const statement of BACKFILLS) await db.run(sql.raw(statement));
  for (const t of triggers) await db.run(sql.raw(t.sql));
  await db.run(sql.raw(`PRAGMA cache_size = ${Number(cache?.cache_size ?? -2000)}`));
  await db.run(sql.raw(`PRAGMA synchronous = ${Number(sync?.synchronous ?? 2)}`));
  return {
    counts,
    countries,
    institutions,
    cohorts: cohorts.map((c) => ({ id: c.id, learners: c.learners })),
    trainers: trainers.map((t) => ({ id: t.id, cohorts: t.cohorts, international: t.international })),
  };

  /** One learner in one course: lessons opened and completed, checks, summative attempts, a certificate. */
  async function learnerCourse(c: (typeof cohorts)[number], institutionId: string, userId: string, course: (typeof SCALE_COURSES)[number]) {
    const u = r.next();
    const done = u < 0.52 ? course.lessons : u < 0.8 ? 1 + r.int(course.lessons - 1) : 0;
    const span = Math.min(60 * DAY, now - c.starts - DAY);
    let t = c.starts;
    const event = (type: string, lesson: number, at: number, extra: Record<string, Value> = {}) =>
      w.add('progress_events', {
        id: r.uuid(), user_id: userId, type, course_id: course.id, course_version: SCALE_VERSION, lesson_id: `lesson-${String(lesson + 1).padStart(2, '0')}`,
        check_id: null, answer: null, correct: null, ...extra, occurred_at: at, received_at: at + r.int(3) * DAY,
      });
    for (let i = 0; i < Math.min(done + 1, course.lessons); i++) {
      t += Math.floor((span / course.lessons) * r.next());
      if (i === done) {
        if (r.next() < 0.5) await event('lesson.opened', i, t);
        break;
      }
      if (r.next() < 0.2) await event('lesson.opened', i, t - 3_600_000);
      if (r.next() < 0.1) await event('check.answered', i, t - 600_000, { check_id: 'check-1', answer: '["a"]', correct: r.int(2) });
      await event('lesson.completed', i, t);
      // Done again on a second device: the reports count distinct lessons.
      if (r.next() < 0.02) await event('lesson.completed', i, t + DAY);
    }
    // Some who finish every lesson never sit the summative.
    if (done < course.lessons || r.next() < 0.06) return;
    let passedAt: number | null = null;
    for (let k = 0; k < 3 && passedAt === null; k++) {
      t = Math.min(t + DAY + r.int(7) * DAY, now - 2 * DAY);
      const passed = r.next() < 0.45;
      const points = passed ? 14 + r.int(7) : r.int(14);
      await w.add('attempts', {
        id: r.uuid(), user_id: userId, course_id: course.id, course_version: SCALE_VERSION, purpose: 'certification', seed: r.int(2 ** 31), questions: '[]',
        started_at: t, deadline_at: t + 3_600_000, submitted_at: t + 2_400_000, submit_id: null, status: 'graded', points, max_points: 20, passed: passed ? 1 : 0,
      });
      if (passed) passedAt = t;
    }
    if (passedAt === null || r.next() > 0.92) return;
    const inst = c.institution;
    const index = revocation.get(inst) ?? 0;
    revocation.set(inst, index + 1);
    const issued = Math.min(passedAt + DAY + r.int(14) * DAY, now - 3_600_000);
    await w.add('certificates', {
      id: r.uuid(), learner_id: userId, institution_id: institutionId, course_id: course.id, course_version: SCALE_VERSION,
      trainer_id: c.lead?.id ?? null, kid: `bench-${inst}`, jwt: 'eyJhbGciOiJFZERTQSJ9.bench.sig', qr_proof: null, cycle: 0, renews: null,
      revocation_index: index, suspension_index: index, status: r.weighted<string>([['valid', 95], ['suspended', 3], ['revoked', 2]]),
      status_reason: null, issued_at: issued, valid_until: issued + 3 * YEAR,
    });
  }
}
