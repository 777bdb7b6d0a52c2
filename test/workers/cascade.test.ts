import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher, Person } from '../helpers/client';
import { seedWorld } from '../helpers/world';

// The real Workers entry on D1: the report SQL (row values, JSON functions, strftime) and the
// roster import's many-rows-per-statement inserts must hold within D1's limits too.
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);

async function upload(person: Person, cohortId: string, csv: string, commit: boolean) {
  const res = await fetcher(
    new Request(`${person.origin}/api/cohorts/${cohortId}/roster${commit ? '?commit=true' : ''}`, {
      method: 'POST',
      headers: { origin: person.origin, cookie: person.cookie ?? '', 'content-type': 'text/csv' },
      body: csv,
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

it('imports a roster, shows the board, the lineage and the handover report, with the CSV matching the JSON; D1 runs the triggers that keep the status reports read', async () => {
  expect((await fetcher(new Request('http://localhost/api/health'))).status).toBe(200);
  const world = await seedWorld(dbFromD1((env as unknown as { DB: D1Database }).DB), fetcher, new Date());
  const trainer = await world.signIn('trainer');
  const admin = await world.signIn('academy.admin');
  const me = (await trainer.get('/api/me')).body;
  const cohortId: string = me.cohorts[0].id;
  const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;

  const rows = Array.from({ length: 120 }, (_, i) => `d1.learner${i};Learner ${i};${i % 3 ? 'woman' : 'man'};border;no`);
  const csv = ['username;display_name;gender;sector;in_capital', ...rows].join('\r\n');
  await admin.call('PATCH', `/api/cohorts/${cohortId}`, { capacity: null });
  const done = await upload(trainer, cohortId, csv, true);
  expect(done.status, JSON.stringify(done.body).slice(0, 400)).toBe(200);
  expect(done.body.summary).toMatchObject({ create: 120, rejected: 0 });
  expect(done.body.setupCodes).toHaveLength(120);

  const board = (await trainer.get(`/api/cohorts/${cohortId}/board`)).body;
  expect(board.summary.learners).toBe(121);

  const lineage = (await trainer.get('/api/cascade/sample/lineage')).body;
  expect(lineage.people.find((p: { id: string }) => p.id === me.id)).toMatchObject({ generation: 1, level: 'certified_trainer' });

  const dashboard = (await admin.get(`/api/reports/handover?institutionId=${institutionId}`)).body;
  expect(dashboard.learners).toMatchObject({ total: 121, outsideCapital: 121, outsideCapitalShare: 1 });
  const summary = await fetcher(
    new Request(`http://localhost/api/reports/handover?institutionId=${institutionId}&format=csv&table=summary`, { headers: { cookie: admin.cookie ?? '' } }),
  );
  expect(await summary.text()).toContain('\r\nlearners,121\r\n');
  const byGender = (await admin.get(`/api/reports/learners?by=gender&institutionId=${institutionId}`)).body.rows;
  expect(byGender.map((r: { group: string; learners: number }) => [r.group, r.learners])).toEqual([
    ['man', 41],
    ['woman', 80],
  ]);

  // D1 runs the triggers that keep learner_course_status, which the reports read.
  const d1 = (env as unknown as { DB: D1Database }).DB;
  const { results: three } = await d1.prepare(`SELECT id FROM users WHERE username LIKE 'd1.learner%' ORDER BY username LIMIT 3`).all<{ id: string }>();
  const at = Date.now();
  const events = three.flatMap((u) => ['one', 'two', 'two'].map((lesson) =>
    d1.prepare(`INSERT INTO progress_events (id, user_id, type, course_id, course_version, lesson_id, occurred_at, received_at) VALUES (?, ?, 'lesson.completed', 'sample', '1.0.0', ?, ?, ?)`)
      .bind(crypto.randomUUID(), u.id, lesson, at, at)));
  await d1.batch(events);
  const { results: status } = await d1
    .prepare(`SELECT lessons_completed FROM learner_course_status WHERE course_id = 'sample' AND user_id IN (?, ?, ?)`)
    .bind(...three.map((u) => u.id))
    .all<{ lessons_completed: number }>();
  expect(status.map((r) => r.lessons_completed)).toEqual([2, 2, 2]);

  // And those that keep institution_enrolments: the 121 learners joined through the API are there,
  // and leaving the cohort takes one out.
  const enrolled = async () =>
    (await d1.prepare(`SELECT COUNT(*) AS n FROM institution_enrolments WHERE institution_id = ? AND course_id = 'sample'`).bind(institutionId).first<{ n: number }>())!.n;
  expect(await enrolled()).toBe(121);
  await d1.prepare(`DELETE FROM cohort_members WHERE user_id = ? AND role = 'learner'`).bind(three[0]!.id).run();
  expect(await enrolled()).toBe(120);
});
