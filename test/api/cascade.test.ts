import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { expectError, Person } from '../helpers/client';
import { certificateWorld, passAttempt } from '../helpers/certificates';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const { stack } = certificateWorld(setup, built);
type Stack = Awaited<ReturnType<typeof stack>>;

let n = 0;
/** A new account in the cohort behind `joinCode`, with a self-described gender. */
async function join(s: Stack, joinCode: string, gender: string) {
  const username = `person${n++}`;
  const person = new Person(s.t.fetcher);
  const res = await person.post('/api/auth/register', { username, password: 'long enough pass', displayName: `Person ${username}`, joinCode });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await person.call('PATCH', '/api/me', { gender, inCapital: n % 2 === 0 });
  const id: string = (await person.get('/api/me')).body.id;
  return { person, username, id };
}

/** Lessons completed and the summative passed; the practical is scored by `scorer`. */
async function studyAndPass(s: Stack, learner: Person, learnerId: string, scorer: Person) {
  const events = ['first-steps', 'tracing'].map((lessonId) => ({
    id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId, at: new Date().toISOString(),
  }));
  expect((await learner.post('/api/progress/events', { events })).status).toBe(200);
  const attempt = (await learner.post('/api/attempts', { courseId: 'sample' })).body;
  expect((await passAttempt(s.release, learner, attempt)).body.result.passed).toBe(true);
  const scored = await scorer.post('/api/assessments/practicals', { learnerId, courseId: 'sample', institutionId: s.institutionId, levels: { sources: 'meets' } });
  expect(scored.status, JSON.stringify(scored.body)).toBe(201);
}

async function newCohort(s: Stack, name: string, lead: string, trainers: string[] = []) {
  const res = await s.admin.post(`/api/institutions/${s.institutionId}/cohorts`, { name, courses: ['sample'], leadTrainer: lead, trainers, startsOn: '2026-11-02' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; joinCode: string };
}

/** Five learners who join, study and pass, then the cohort's lead issues to all of them at once. */
async function deliver(s: Stack, lead: Person, cohort: { id: string; joinCode: string }, genders: string[]) {
  const learners = [];
  for (const gender of genders) {
    const l = await join(s, cohort.joinCode, gender);
    await studyAndPass(s, l.person, l.id, lead);
    learners.push(l);
  }
  const bulk = await lead.post('/api/certificates/bulk', { cohortId: cohort.id, courseId: 'sample' });
  expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
  expect(bulk.body.issued).toHaveLength(genders.length);
  return learners;
}

const signIn = (s: Stack, username: string) => new Person(s.t.fetcher).login(username, 'long enough pass');
const handover = async (s: Stack) => (await s.admin.get(`/api/reports/handover?institutionId=${s.institutionId}`)).body;

describe('the cascade, end to end', () => {
  it('one master trainer trains two national trainers, each certifies a cohort: lineage, handover index and CSV agree', async () => {
    const s = await stack();
    const programme = await s.world.signIn('programme.admin');
    const grantRole = async (username: string) =>
      expect((await s.admin.post(`/api/institutions/${s.institutionId}/members`, { username, role: 'trainer' })).status).toBe(201);

    // The master trainer: an international expert, qualified by the programme.
    const first = await newCohort(s, 'Cohort zero', 'trainer');
    const master = await join(s, first.joinCode, 'man');
    await grantRole(master.username);
    expect((await programme.call('PATCH', `/api/trainers/${master.id}`, { internationalExpert: true })).body.internationalExpert).toBe(true);
    const top = await programme.post('/api/qualifications', { userId: master.id, courseId: 'sample', level: 'master_trainer', evidence: { cohortIds: [] } });
    expect(top.status).toBe(201);
    const masterPerson = await signIn(s, master.username);

    // The master trainer leads a practitioner cohort: the two future trainers earn their certificates there.
    const practitioners = await newCohort(s, 'Practitioners', master.username);
    const [amina, farid] = await deliver(s, masterPerson, practitioners, ['woman', 'man', 'woman', 'woman', 'man']);
    expect((await handover(s)).handover).toMatchObject({ index: 0, national: 0, international: 5 });

    // The institution nominates them; they co-facilitate a cohort the master trainer leads; the master trainer signs them off and certifies them.
    for (const t of [amina!, farid!]) {
      await grantRole(t.username);
      const nominated = await s.admin.post('/api/qualifications', { userId: t.id, courseId: 'sample', level: 'candidate', institutionId: s.institutionId });
      expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
    }
    const practice = await newCohort(s, 'Co-delivered cohort', master.username, [amina!.username, farid!.username]);
    for (const t of [amina!, farid!]) {
      const early = expectError(
        await masterPerson.post('/api/qualifications', { userId: t.id, courseId: 'sample', level: 'certified_trainer', evidence: { cohortIds: [practice.id], observation: 'Ran the tracing exercise well.' } }),
        409,
        'prerequisites_missing',
      );
      expect(early.message).toContain('co-facilitator');
      const co = await masterPerson.post('/api/qualifications', { userId: t.id, courseId: 'sample', level: 'co_facilitator', evidence: { cohortIds: [practice.id] } });
      expect(co.status, JSON.stringify(co.body)).toBe(201);
      const certified = await masterPerson.post('/api/qualifications', {
        userId: t.id,
        courseId: 'sample',
        level: 'certified_trainer',
        evidence: { cohortIds: [practice.id], observation: 'Led the remittance-records exercise; clear and victim-centred.' },
      });
      expect(certified.status, JSON.stringify(certified.body)).toBe(201);
    }

    // Each leads and certifies a cohort of their own.
    const aminaPerson = await signIn(s, amina!.username);
    const faridPerson = await signIn(s, farid!.username);
    await deliver(s, aminaPerson, await newCohort(s, 'Pokhara cohort', amina!.username), ['man', 'woman', 'man', 'woman', 'man']);
    await deliver(s, faridPerson, await newCohort(s, 'Biratnagar cohort', farid!.username), ['woman', 'man', 'woman', 'man', 'woman']);

    // Lineage: the programme → the master trainer (generation 1) → the two national trainers (generation 2).
    const lineage = (await s.trainer.get('/api/cascade/sample/lineage')).body;
    const person = (id: string) => lineage.people.find((p: { id: string }) => p.id === id);
    expect(person(master.id)).toMatchObject({ generation: 1, level: 'master_trainer', internationalExpert: true, certificatesIssued: 5, cohortsLed: 2 });
    expect(person(amina!.id)).toMatchObject({ generation: 2, level: 'certified_trainer', internationalExpert: false, certificatesIssued: 5, cohortsLed: 1 });
    expect(person(farid!.id)).toMatchObject({ generation: 2, certificatesIssued: 5 });
    expect(lineage.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: master.id, to: amina!.id, level: 'certified_trainer' }),
        expect.objectContaining({ from: master.id, to: farid!.id, level: 'certified_trainer' }),
      ]),
    );

    // The handover index moves: 10 of 15 trainer-issued certificates are now national.
    const dashboard = await handover(s);
    expect(dashboard.handover).toMatchObject({ index: 0.667, national: 10, international: 5 });
    // Three certified trainers: the demo trainer and the two new ones (the master trainer is international).
    expect(dashboard.trainers.national).toBe(null); // 3 people: suppressed
    expect(dashboard.trainers.international).toBe(null);
    // The demo cohort and cohort zero (the demo trainer), and the two new trainers' cohorts.
    expect(dashboard.cohorts).toEqual([{ period: '2026-Q4', ledByNational: 4, ledByInternational: 2, noLead: 0 }]);
    expect(dashboard.outcomes).toMatchObject({ enrolments: 17, completed: 15, passed: 15, passRate: 1 });

    // The CSV says exactly what the dashboard says.
    const csv = await s.admin.get(`/api/reports/handover?institutionId=${s.institutionId}&format=csv&table=summary`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    const value = (figure: string) => lines.find((l) => l.startsWith(`${figure},`))?.split(',')[1];
    expect(value('handover index')).toBe(String(dashboard.handover.index));
    expect(value('certificates issued by national trainers')).toBe(String(dashboard.handover.national));
    expect(value('national certified trainers')).toBe('<5');
    expect(value('pass rate')).toBe(String(dashboard.outcomes.passRate));
    const byQuarter = String((await s.admin.get(`/api/reports/handover?institutionId=${s.institutionId}&format=csv&table=handover`)).body);
    expect(byQuarter).toContain(`${dashboard.handover.byPeriod[0].period},10,5,0.667`);

    // The trainer page: what Amina delivered, and how her learners did.
    const page = (await s.admin.get(`/api/trainers/${amina!.id}`)).body;
    expect(page.certificatesIssued).toBe(5);
    expect(page.cohorts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Pokhara cohort', role: 'lead', learners: 5, certified: 5, certifiedShare: 1 }),
        expect.objectContaining({ name: 'Co-delivered cohort', role: 'co-facilitator', learners: 0 }),
      ]),
    );
    expect(page.qualifications.map((q: { level: string }) => q.level)).toEqual(['candidate', 'co_facilitator', 'certified_trainer']);

    // Each step is in the audit log.
    const granted = await s.t.db.select().from(auditLog).where(eq(auditLog.action, 'qualification.granted'));
    expect(granted).toHaveLength(7);
  });
});

describe('qualifications', () => {
  it('only the right people grant each level, and suspending stops a trainer issuing until reinstated', async () => {
    const s = await stack();
    const programme = await s.world.signIn('programme.admin');
    const learnerId: string = (await (await s.world.signIn('learner')).get('/api/me')).body.id;
    const trainerId: string = (await s.trainer.get('/api/me')).body.id;
    // A certified trainer signs off co-facilitators but cannot certify trainers.
    expectError(await s.trainer.post('/api/qualifications', { userId: learnerId, courseId: 'sample', level: 'certified_trainer' }), 403, 'forbidden');
    // Candidates are nominated by an admin of their own institution.
    expectError(await s.trainer.post('/api/qualifications', { userId: learnerId, courseId: 'sample', level: 'candidate', institutionId: s.institutionId }), 403, 'forbidden');
    const noCertificate = expectError(await s.admin.post('/api/qualifications', { userId: learnerId, courseId: 'sample', level: 'candidate', institutionId: s.institutionId }), 409, 'prerequisites_missing');
    expect(noCertificate.message).toContain('practitioner certificate');
    expect(expectError(await s.admin.post('/api/qualifications', { userId: learnerId, courseId: 'Sample!', level: 'boss' }), 400, 'validation_failed').fields).toEqual(
      expect.objectContaining({ 'body.courseId': expect.any(String), 'body.level': expect.any(String) }),
    );
    expectError(await s.admin.post('/api/qualifications', { userId: crypto.randomUUID(), courseId: 'sample', level: 'candidate', institutionId: s.institutionId }), 404, 'not_found');

    // Suspension, by the programme: the trainer can no longer issue for this course.
    const [q] = (await programme.get(`/api/qualifications?userId=${trainerId}&courseId=sample`)).body.qualifications;
    expect(q.name).toBe('Bikash Thapa'); // names come with the list: screens need no look-up per person
    expectError(await s.trainer.post(`/api/qualifications/${q.id}/status`, { action: 'suspend', reason: 'Own' }), 403, 'forbidden');
    expect((await programme.post(`/api/qualifications/${q.id}/status`, { action: 'suspend', reason: 'Complaint under review' })).body.status).toBe('suspended');
    expectError(await s.trainer.post('/api/certificates', { learnerId, courseId: 'sample', institutionId: s.institutionId }), 403, 'not_qualified');
    expectError(await programme.post(`/api/qualifications/${q.id}/status`, { action: 'suspend', reason: 'Again' }), 409, 'status_conflict');
    expect((await programme.post(`/api/qualifications/${q.id}/status`, { action: 'reinstate', reason: 'Cleared' })).body.status).toBe('active');
    expectError(await s.trainer.post('/api/certificates', { learnerId, courseId: 'sample', institutionId: s.institutionId }), 409, 'not_eligible');
    const actions = await s.t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, q.id));
    expect(actions.map((a) => a.action)).toEqual(['qualification.suspended', 'qualification.reinstated']);
  });
});

describe('mentoring hours on the pathway', () => {
  it('a course that asks for mentoring hours gets them before a certified trainer is made', async () => {
    const s = await stack({ release: (r) => ({ ...r, pathway: { mentoringHours: 1 } }) });
    const programme = await s.world.signIn('programme.admin');
    const cohortId: string = (await s.trainer.get('/api/me')).body.cohorts[0].id;
    const master = await join(s, (await s.trainer.get(`/api/institutions/${s.institutionId}/cohorts`)).body.cohorts[0].joinCode, 'woman');
    const trainee = await join(s, (await s.trainer.get(`/api/institutions/${s.institutionId}/cohorts`)).body.cohorts[0].joinCode, 'man');
    for (const p of [master, trainee]) await s.admin.post(`/api/institutions/${s.institutionId}/members`, { username: p.username, role: 'trainer' });
    await programme.post('/api/qualifications', { userId: master.id, courseId: 'sample', level: 'master_trainer' });
    for (const level of ['candidate', 'co_facilitator']) await programme.post('/api/qualifications', { userId: trainee.id, courseId: 'sample', level });
    await s.admin.call('PUT', `/api/cohorts/${cohortId}/trainers/${trainee.id}`);
    const masterPerson = await signIn(s, master.username);
    const grant = () =>
      masterPerson.post('/api/qualifications', { userId: trainee.id, courseId: 'sample', level: 'certified_trainer', evidence: { cohortIds: [cohortId], observation: 'Ran two sessions well.' } });
    expect(expectError(await grant(), 409, 'prerequisites_missing').message).toContain('1 hours of mentoring');

    // The trainee mentors someone for an hour.
    const traineePerson = await signIn(s, trainee.username);
    await traineePerson.call('PUT', '/api/mentors/me', { bio: 'Police investigator, eight years on labour cases.', expertise: ['police'], languages: ['en'], capacity: 2 });
    await s.admin.post(`/api/mentors/${trainee.id}/review`, { decision: 'approve' });
    const mentee = await join(s, (await s.trainer.get(`/api/institutions/${s.institutionId}/cohorts`)).body.cohorts[0].joinCode, 'woman');
    const request = (await mentee.person.post('/api/mentorships/requests', { mentorId: trainee.id, needs: 'Interviewing a frightened witness.' })).body;
    const { mentorshipId } = (await traineePerson.post(`/api/mentorships/requests/${request.id}/response`, { decision: 'accept', agreement: { goals: 'Interview practice.', startsOn: '2026-11-28', cadence: 'weekly' } })).body;
    await traineePerson.post(`/api/mentorships/${mentorshipId}/sessions`, { heldOn: '2026-11-28', minutes: 60, notes: 'Role-played a first interview.' });
    expect((await grant()).status).toBe(201);
    expect((await s.admin.get(`/api/trainers/${trainee.id}`)).body.mentoringHours).toBe(1);
  });
});

describe('running a cohort', () => {
  it('the board shows who is where and who is stuck; announcements reach the cohort; join codes rotate', async () => {
    const s = await stack();
    const cohortId: string = (await s.trainer.get('/api/me')).body.cohorts[0].id;
    const learner = await s.world.signIn('learner');
    const before = (await s.trainer.get(`/api/cohorts/${cohortId}/board`)).body;
    expect(before.courses).toEqual([{ courseId: 'sample', lessons: 2 }]);
    expect(before.learners).toHaveLength(1);
    expect(before.learners[0].courses[0]).toMatchObject({ lessonsCompleted: 0, lessons: 2, summative: 'not_started', practical: 'not_scored', readyToCertify: false });
    await learner.post('/api/progress/events', {
      events: [{ id: crypto.randomUUID(), type: 'lesson.completed', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: s.t.now().toISOString() }],
    });
    s.t.advance(15 * 86_400_000);
    const trainer = await s.world.signIn('trainer');
    const board = (await trainer.get(`/api/cohorts/${cohortId}/board`)).body;
    expect(board.learners[0]).toMatchObject({ stuck: true, courses: [expect.objectContaining({ lessonsCompleted: 1 })] });
    expect(board.summary).toMatchObject({ learners: 1, stuck: 1, readyToCertify: 0, certified: 0 });

    const posted = await trainer.post(`/api/cohorts/${cohortId}/announcements`, { body: 'Thursday session moves to the district court training room.' });
    expect(posted.status).toBe(201);
    const seen = (await (await s.world.signIn('learner')).get(`/api/cohorts/${cohortId}/announcements`)).body.announcements;
    expect(seen).toEqual([expect.objectContaining({ body: 'Thursday session moves to the district court training room.', author: 'Bikash Thapa' })]);
    expectError(await (await s.world.signIn('mentor')).get(`/api/cohorts/${cohortId}/announcements`), 403, 'forbidden');
    expect(expectError(await trainer.post(`/api/cohorts/${cohortId}/announcements`, { body: '' }), 400, 'validation_failed').fields).toHaveProperty(['body.body']);

    const oldCode = s.world.seed.joinCode;
    const rotated = await trainer.post(`/api/cohorts/${cohortId}/join-code`, { validDays: 14 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.joinCode.replace('-', '')).not.toBe(oldCode.replace('-', ''));
    const late = await new Person(s.t.fetcher).post('/api/auth/register', { username: 'late.comer', password: 'long enough pass', displayName: 'Late', joinCode: oldCode });
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect(late.status).toBeLessThan(500);
  });

  it("a trainer sees only the cohorts they deliver, and cannot open another cohort's board", async () => {
    const s = await stack();
    const other = await s.admin.post(`/api/institutions/${s.institutionId}/cohorts`, { name: 'Someone else’s cohort', courses: ['sample'] });
    const listed = (await s.trainer.get(`/api/institutions/${s.institutionId}/cohorts`)).body.cohorts.map((c: { name: string }) => c.name);
    expect(listed).not.toContain('Someone else’s cohort');
    expect(listed).toHaveLength(1);
    expect((await s.admin.get(`/api/institutions/${s.institutionId}/cohorts`)).body.cohorts).toHaveLength(2);
    expectError(await s.trainer.get(`/api/cohorts/${other.body.id}/board`), 403, 'forbidden');
    expectError(await s.trainer.post(`/api/cohorts/${other.body.id}/roster`, 'username,display_name\nx.y,X Y\n'), 403, 'forbidden');
  });

  it('records curriculum adoption, refuses duplicates, and changes a cohort only with a qualified lead', async () => {
    const s = await stack();
    const adoption = { courseId: 'sample', courseVersion: '1.2.0', programme: 'Basic investigator training', year: 2027 };
    expect((await s.admin.post(`/api/institutions/${s.institutionId}/adoptions`, adoption)).status).toBe(201);
    expectError(await s.admin.post(`/api/institutions/${s.institutionId}/adoptions`, adoption), 409, 'already_recorded');
    expectError(await s.trainer.post(`/api/institutions/${s.institutionId}/adoptions`, adoption), 403, 'forbidden');
    expect((await handover(s)).adoption).toEqual([expect.objectContaining({ courseId: 'sample', programme: 'Basic investigator training', year: 2027 })]);

    const cohortId: string = (await s.trainer.get('/api/me')).body.cohorts[0].id;
    const unqualified = expectError(await s.admin.call('PATCH', `/api/cohorts/${cohortId}`, { courses: ['sample', 'strategic-case-selection'] }), 409, 'lead_not_qualified');
    expect(unqualified.fields).toHaveProperty(['body.courses']);
    const changed = await s.admin.call('PATCH', `/api/cohorts/${cohortId}`, { region: 'Kaski', inCapital: false, endsOn: '2027-03-01' });
    expect(changed.body).toMatchObject({ region: 'Kaski', inCapital: false, endsOn: '2027-03-01', courses: ['sample'] });
    expectError(await s.admin.call('PATCH', `/api/cohorts/${cohortId}`, {}), 400, 'validation_failed');
  });
});

describe('reports', () => {
  it('suppresses every cell under five, in JSON and CSV, including complementary cells', async () => {
    const s = await stack();
    const cohort = (await s.admin.post(`/api/institutions/${s.institutionId}/cohorts`, { name: 'Small cohort', courses: ['sample'] })).body;
    for (const gender of ['woman', 'woman', 'woman', 'woman', 'woman', 'woman', 'man', 'man', ' Non-binary ']) await join(s, cohort.joinCode, gender);
    const report = (await s.admin.get(`/api/reports/learners?by=gender&institutionId=${s.institutionId}`)).body;
    const row = (g: string) => report.rows.find((r: { group: string }) => r.group === g);
    // Three men (with the demo learner) and one non-binary person: both hidden, so neither can be worked out.
    expect(row('man').learners).toBe(null);
    expect(row('man').completionRate).toBe(null);
    expect(row('non-binary').learners).toBe(null);
    expect(row('woman').learners).toBe(6);
    const csv = String((await s.admin.get(`/api/reports/learners?by=gender&institutionId=${s.institutionId}&format=csv`)).body);
    expect(csv).toMatch(/\r\nman,<5,<5,/);
    expect(csv).toMatch(/\r\nwoman,6,6,0,0,/);
    expectError(await s.admin.get('/api/reports/learners?by=gender'), 403, 'forbidden');
    expectError(await s.admin.get(`/api/reports/learners?by=shoe-size&institutionId=${s.institutionId}`), 400, 'validation_failed');
    expectError(await s.trainer.get(`/api/reports/handover?institutionId=${s.institutionId}`), 403, 'forbidden');
    const programme = await s.world.signIn('programme.admin');
    expect((await programme.get('/api/reports/handover?country=np')).body.scope).toEqual({ institutionId: null, country: 'NP' });
  });
});
