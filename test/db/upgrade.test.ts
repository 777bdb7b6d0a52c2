import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { dbFromLibsql } from '../../db/client';
import { migrate, migrations } from '../../db/migrate';
import { certificateWorld } from '../helpers/certificates';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const { issued } = certificateWorld(setup, built);

/** What learner_course_status sums. */
const FEEDS_STATUS = ['progress_events', 'attempts', 'certificates', 'cohort_members', 'cohort_courses'];

const tables = async (client: Client) =>
  (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name")).rows.map((r) =>
    String(r.name),
  );
const columns = async (client: Client, table: string) => (await client.execute(`SELECT name FROM pragma_table_info('${table}')`)).rows.map((r) => String(r.name));
const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const rowsOf = async (client: Client, table: string, cols: string[]) =>
  (await client.execute(`SELECT ${quoted(cols)} FROM "${table}" ORDER BY ${quoted(cols)}`)).rows.map((r) => cols.map((c) => r[c]));

/**
 * A database in use: accounts, a cohort, progress, attempts, a practical, a certificate and its
 * status lists, an endorsement-free course release, a mentorship with a session, a consultation,
 * community posts, notifications and the audit log, all written through the API.
 */
async function busyDatabase() {
  const s = await issued();
  const mentor = await s.world.signIn('mentor');
  const mentorId: string = (await mentor.get('/api/me')).body.id;
  await mentor.call('PUT', '/api/mentors/me', {
    bio: 'Twelve years on labour-exploitation cases; now trains inspectors.',
    expertise: ['labour-inspection'],
    languages: ['en'],
    jurisdictions: ['NP'],
    capacity: 2,
  });
  await s.admin.post(`/api/mentors/${mentorId}/review`, { decision: 'approve' });
  const request = await s.learner.post('/api/mentorships/requests', { mentorId, needs: 'Preparing my first inspection of a brick kiln.' });
  const accepted = await mentor.post(`/api/mentorships/requests/${request.body.id}/response`, {
    decision: 'accept',
    agreement: { goals: 'Plan and debrief one inspection.', startsOn: '2026-12-01', cadence: 'weekly' },
  });
  await mentor.post(`/api/mentorships/${accepted.body.mentorshipId}/sessions`, { heldOn: '2026-12-02', minutes: 60, notes: 'Walked through the inspection plan.' });
  const consultation = await s.learner.post('/api/consultations', {
    jurisdiction: 'NP',
    offenceType: 'trafficking_labour',
    stage: 'investigation',
    question: 'How do you document debts that workers owe to the kiln owner?',
    mentorIds: [mentorId],
  });
  expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
  await mentor.get(`/api/consultations/${consultation.body.id}`);
  const spaces = (await s.learner.get('/api/spaces')).body.spaces as Array<{ id: string; kind: string }>;
  const course = spaces.find((x) => x.kind === 'course')!;
  await s.learner.post(`/api/spaces/${course.id}/posts`, { clientId: crypto.randomUUID(), title: 'Kiln inspections', body: 'Who has inspected a kiln?' });
  // A lesson of a course that none of the learner's cohorts teaches (studied on their own): the
  // learner is not enrolled in it, which 0013's fill once got wrong and 0014 repairs.
  await s.t.client.execute({
    sql: "INSERT INTO progress_events (id, user_id, type, course_id, course_version, lesson_id, occurred_at, received_at) VALUES (?, ?, 'lesson.completed', 'self-study', '1.0.0', 'one', 0, 0)",
    args: [crypto.randomUUID(), s.learnerId],
  });
  return s;
}

describe('upgrading a database in use', () => {
  it('from every earlier schema version, migrating loses nothing, and the reports table is filled from what is there', async () => {
    const s = await busyDatabase();
    const source = s.t.client;
    const dir = mkdtempSync(join(tmpdir(), 'cascade-upgrade-'));
    let checkedStatus = 0;
    try {
      for (let version = 1; version < migrations.length; version++) {
        // The schema as it was after `version` migrations, holding every row and column it had then.
        const old = createClient({ url: `file:${dir}/v${version}.db` });
        await migrate(dbFromLibsql(old), migrations.slice(0, version));
        const present = await tables(old);
        await old.execute('PRAGMA foreign_keys = OFF');
        const copied: Array<{ table: string; cols: string[] }> = [];
        for (const table of present) {
          const cols = await columns(old, table);
          const sourceCols = new Set(await columns(source, table));
          const shared = cols.filter((c) => sourceCols.has(c));
          if (shared.length === 0) continue;
          const rows = await source.execute(`SELECT ${quoted(shared)} FROM "${table}"`);
          for (const row of rows.rows) {
            await old.execute({ sql: `INSERT INTO "${table}" (${quoted(shared)}) VALUES (${shared.map(() => '?').join(', ')})`, args: shared.map((c) => row[c] ?? null) });
          }
          copied.push({ table, cols: shared });
        }
        await old.execute('PRAGMA foreign_keys = ON');

        const applied = await migrate(dbFromLibsql(old));
        expect(applied).toEqual(migrations.slice(version).map((m) => m.tag));
        for (const { table, cols } of copied) {
          expect(await rowsOf(old, table, cols), `${table} after upgrading from ${migrations[version - 1]!.tag}`).toEqual(await rowsOf(source, table, cols));
        }
        // learner_course_status did not exist before 0013: the migration fills it from what it
        // sums, to exactly what the triggers kept in the database it was copied from.
        // Nor institution_enrolments before 0014, which is filled from the cohorts likewise.
        const enrolments = ['institution_id', 'user_id', 'course_id'];
        if (['cohorts', 'cohort_members', 'cohort_courses'].every((t) => present.includes(t))) expect(await rowsOf(old, 'institution_enrolments', enrolments), `institution_enrolments from ${migrations[version - 1]!.tag}`).toEqual(
          await rowsOf(source, 'institution_enrolments', enrolments),
        );
        if (FEEDS_STATUS.every((t) => present.includes(t))) {
          checkedStatus++;
          const status = await columns(source, 'learner_course_status');
          expect(await rowsOf(old, 'learner_course_status', status), `learner_course_status from ${migrations[version - 1]!.tag}`).toEqual(
            await rowsOf(source, 'learner_course_status', status),
          );
        }
        old.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(checkedStatus).toBeGreaterThan(0);
    expect(await rowsOf(source, 'learner_course_status', ['user_id'])).not.toEqual([]); // the world has something to sum
    expect(await rowsOf(source, 'learner_course_status', ['course_id', 'enrolled'])).toContainEqual(['self-study', 0]);
    expect(await rowsOf(source, 'institution_enrolments', ['course_id'])).toContainEqual(['sample']);
  }, 120_000);
});
