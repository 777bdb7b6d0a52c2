import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, cohortMembers, cohorts, memberships, resetCodes, sessions, users, type InstitutionRole } from '../../db/schema';
import { normaliseCode, sha256 } from '../../worker/lib/crypto';
import { expectError, type Person, type Reply } from '../helpers/client';
import { tableCounts, userIdOf } from '../helpers/db';
import { nodeApp } from '../helpers/node-app';
import type { World } from '../helpers/world';

const PASSWORD = 'river-stone-42';
const NEW_PASSWORD = 'mountain-lake-77';
const HOUR_MS = 3_600_000;
const UNKNOWN_ID = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}$/;

let t: Awaited<ReturnType<typeof nodeApp>>;
let world: World;
let cohortId: string;
let institutionId: string;

beforeEach(async () => {
  t = await nodeApp();
  world = await t.world();
  const [cohort] = await t.db.select().from(cohorts).where(eq(cohorts.name, world.seed.cohort));
  if (!cohort) throw new Error('no demo cohort');
  cohortId = cohort.id;
  institutionId = cohort.institutionId;
});
afterEach(() => t.close());

// ---- helpers -------------------------------------------------------------------------------

/** Row counts of every table; compare before and after a refused request. */
const snapshot = () => tableCounts(t.db);

const userId = (username: string) => userIdOf(t.db, username);

function expectCreated(res: Reply) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const resetPath = (uid: string, cid = cohortId) => `/api/cohorts/${cid}/members/${uid}/reset-code`;

async function issueCode(by: Person, username: string) {
  const res = expectCreated(await by.post(resetPath(await userId(username))));
  return res.code as string;
}

/** Uses a reset code as a signed-out person would. */
async function resetWith(username: string, code: string, newPassword = NEW_PASSWORD) {
  const person = world.anonymous();
  const res = await person.post('/api/auth/reset', { username, code, newPassword });
  return { person, res };
}

async function loginStatus(username: string, password: string) {
  return (await world.anonymous().post('/api/auth/login', { username, password })).status;
}

/** An admin invites a new person with a role (and maybe a cohort); they register with it. */
async function invitePerson(admin: Person, inInstitution: string, username: string, role: InstitutionRole, cohort?: string) {
  const invitation = expectCreated(await admin.post(`/api/institutions/${inInstitution}/invitations`, { role, cohortId: cohort }));
  const person = world.anonymous();
  const res = await person.post('/api/auth/register', {
    username,
    password: PASSWORD,
    displayName: `Person ${username}`,
    invitation: invitation.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return person;
}

/** A second trainer placed on the demo cohort. */
async function secondTrainer() {
  return invitePerson(await world.signIn('academy.admin'), institutionId, 'second.trainer', 'trainer', cohortId);
}

/** A second institution with its own admin, who belongs nowhere else. */
async function otherInstitution() {
  const programme = await world.signIn('programme.admin');
  const created = expectCreated(
    await programme.post('/api/institutions', { name: 'Regional Prosecution Service (test)', kind: 'prosecution_service', country: 'ML' }),
  );
  const admin = await invitePerson(programme, created.id, 'b.admin', 'institution_admin');
  return { id: created.id as string, admin };
}

const rosterKeys = (res: Reply) => (res.body.members as Array<{ username: string; role: string }>).map((m) => `${m.username}:${m.role}`);

// ---- GET /api/cohorts/{cohortId}/members ---------------------------------------------------

describe('GET /api/cohorts/{cohortId}/members', () => {
  describe('happy', () => {
    it('a trainer of the cohort sees its learners and trainers', async () => {
      const res = await (await world.signIn('trainer')).get(`/api/cohorts/${cohortId}/members`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        members: [
          { userId: await userId('learner'), username: 'learner', displayName: 'Anil Shrestha', role: 'learner', joinedAt: t.now().toISOString() },
          { userId: await userId('trainer'), username: 'trainer', displayName: 'Bikash Thapa', role: 'trainer', joinedAt: t.now().toISOString() },
        ],
      });
    });

    it('a learner who joins with the code shows up on the roster', async () => {
      t.advance(HOUR_MS);
      const joined = await world.anonymous().post('/api/auth/register', {
        username: 'amina.k',
        password: PASSWORD,
        displayName: 'Amina K.',
        joinCode: world.seed.joinCode,
      });
      expect(joined.status, JSON.stringify(joined.body)).toBe(201);
      const res = await (await world.signIn('trainer')).get(`/api/cohorts/${cohortId}/members`);
      expect(rosterKeys(res)).toEqual(['amina.k:learner', 'learner:learner', 'trainer:trainer']);
      expect(res.body.members[0].joinedAt).toBe(t.now().toISOString());
    });

    it.each(['academy.admin', 'programme.admin'])('%s can see the roster', async (username) => {
      const res = await (await world.signIn(username)).get(`/api/cohorts/${cohortId}/members`);
      expect(res.status).toBe(200);
      expect(rosterKeys(res)).toEqual(['learner:learner', 'trainer:trainer']);
    });

    it("a cohort's roster does not include other cohorts' members", async () => {
      const admin = await world.signIn('academy.admin');
      const other = expectCreated(await admin.post(`/api/institutions/${institutionId}/cohorts`, { name: 'Empty cohort', trainers: ['trainer'] }));
      const res = await (await world.signIn('trainer')).get(`/api/cohorts/${other.id}/members`);
      expect(rosterKeys(res)).toEqual(['trainer:trainer']);
    });
  });

  describe('error', () => {
    it('an unknown cohort is 404 not_found', async () => {
      expectError(await (await world.signIn('academy.admin')).get(`/api/cohorts/${UNKNOWN_ID}/members`), 404, 'not_found');
    });

    it('a cohort id that is not a uuid is 400 naming path.cohortId', async () => {
      const err = expectError(await (await world.signIn('academy.admin')).get('/api/cohorts/demo/members'), 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {})).toEqual(['path.cohortId']);
    });
  });

  describe('permission', () => {
    it('a trainer of the institution who is not on this cohort gets 403', async () => {
      const admin = await world.signIn('academy.admin');
      expectCreated(await admin.post(`/api/institutions/${institutionId}/members`, { username: 'mentor', role: 'trainer' }));
      const mentor = await world.signIn('mentor');
      // the role is real: they may list the institution's cohorts, just not this roster
      expect((await mentor.get(`/api/institutions/${institutionId}/cohorts`)).status).toBe(200);
      expectError(await mentor.get(`/api/cohorts/${cohortId}/members`), 403, 'forbidden');
    });

    it('a cohort trainer whose trainer role was revoked loses the roster', async () => {
      const admin = await world.signIn('academy.admin');
      const trainer = await world.signIn('trainer');
      const [membership] = await t.db.select().from(memberships).where(eq(memberships.userId, await userId('trainer')));
      expect((await admin.delete(`/api/institutions/${institutionId}/members/${membership?.id}`)).status).toBe(204);
      expectError(await trainer.get(`/api/cohorts/${cohortId}/members`), 403, 'forbidden');
    });

    it.each(['learner', 'mentor'])('%s gets 403', async (username) => {
      expectError(await (await world.signIn(username)).get(`/api/cohorts/${cohortId}/members`), 403, 'forbidden');
    });

    it('the admin of another institution gets 403', async () => {
      const other = await otherInstitution();
      expectError(await other.admin.get(`/api/cohorts/${cohortId}/members`), 403, 'forbidden');
    });

    it('anonymous gets 401', async () => {
      expectError(await world.anonymous().get(`/api/cohorts/${cohortId}/members`), 401, 'unauthenticated');
    });
  });
});

// ---- POST /api/cohorts/{cohortId}/members/{userId}/reset-code ------------------------------

describe('POST /api/cohorts/{cohortId}/members/{userId}/reset-code', () => {
  describe('happy', () => {
    it('a trainer issues a code to a learner; only its hash is stored, and it is audited', async () => {
      const trainer = await world.signIn('trainer');
      const learnerId = await userId('learner');
      const res = await trainer.post(resetPath(learnerId));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ code: expect.stringMatching(CODE), expiresAt: new Date(t.now().getTime() + 24 * HOUR_MS).toISOString() });

      const rows = await t.db.select().from(resetCodes).where(eq(resetCodes.userId, learnerId));
      expect(rows).toEqual([
        expect.objectContaining({ codeHash: await sha256(normaliseCode(res.body.code)), issuedBy: await userId('trainer'), cohortId, usedAt: null }),
      ]);
      const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, 'reset_code.issued'));
      expect(entries).toEqual([expect.objectContaining({ institutionId, subjectId: learnerId, actorId: await userId('trainer') })]);
      expect(JSON.stringify([rows, entries])).not.toContain(res.body.code);
    });

    it('the learner resets with it: new password works, old one does not, old sessions end', async () => {
      const learner = await world.signIn('learner');
      const code = await issueCode(await world.signIn('trainer'), 'learner');

      const { person, res } = await resetWith('learner', code);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ username: 'learner', cohorts: [{ id: cohortId, role: 'learner' }] });
      expect((await person.get('/api/me')).status).toBe(200);

      expect(await loginStatus('learner', NEW_PASSWORD)).toBe(200);
      expect(await loginStatus('learner', world.password('learner'))).toBe(401);
      expectError(await learner.get('/api/me'), 401, 'unauthenticated');
      const [row] = await t.db.select().from(resetCodes);
      expect(row?.usedAt?.toISOString()).toBe(t.now().toISOString());
    });

    it('the code is accepted as typed on a phone: lower case, no dash', async () => {
      const code = await issueCode(await world.signIn('trainer'), 'learner');
      const { res } = await resetWith('learner', ` ${code.replace('-', '').toLowerCase()} `);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    it('an institution admin issues a code to a trainer, who can reset with it', async () => {
      const code = await issueCode(await world.signIn('academy.admin'), 'trainer');
      expect((await resetWith('trainer', code)).res.status).toBe(200);
      expect(await loginStatus('trainer', NEW_PASSWORD)).toBe(200);
    });

    it('a programme admin can issue codes too', async () => {
      const code = await issueCode(await world.signIn('programme.admin'), 'trainer');
      expect(code).toMatch(CODE);
    });

    it('a second trainer on the cohort may also reset its learners', async () => {
      const second = await secondTrainer();
      expect(await issueCode(second, 'learner')).toMatch(CODE);
    });
  });

  describe('error', () => {
    it('a code cannot be used twice', async () => {
      const code = await issueCode(await world.signIn('trainer'), 'learner');
      expect((await resetWith('learner', code)).res.status).toBe(200);
      const before = await snapshot();
      const err = expectError((await resetWith('learner', code, 'another-pass-99')).res, 400, 'reset_code_invalid');
      expect(err.fields).toHaveProperty(['body.code']);
      expect(await snapshot()).toEqual(before);
      expect(await loginStatus('learner', NEW_PASSWORD)).toBe(200);
      expect(await loginStatus('learner', 'another-pass-99')).toBe(401);
    });

    it('issuing a new code makes the older one stop working', async () => {
      const trainer = await world.signIn('trainer');
      const older = await issueCode(trainer, 'learner');
      t.advance(60_000);
      const newer = await issueCode(trainer, 'learner');
      expect(newer).not.toBe(older);
      expectError((await resetWith('learner', older)).res, 400, 'reset_code_invalid');
      expect(await loginStatus('learner', world.password('learner'))).toBe(200);
      expect((await resetWith('learner', newer)).res.status).toBe(200);
      // once the newer code is used, the older one must not come back to life
      expectError((await resetWith('learner', older, 'revived-code-pass')).res, 400, 'reset_code_invalid');
      expect(await loginStatus('learner', NEW_PASSWORD)).toBe(200);
    });

    it('a code works until just before 24 hours and not at 24 hours', async () => {
      const trainer = await world.signIn('trainer');
      const first = await issueCode(trainer, 'learner');
      t.advance(24 * HOUR_MS - 60_000);
      expect((await resetWith('learner', first)).res.status).toBe(200);

      const second = await issueCode(trainer, 'learner');
      t.advance(24 * HOUR_MS);
      const before = await snapshot();
      expectError((await resetWith('learner', second, 'too-late-pass-1')).res, 400, 'reset_code_invalid');
      expect(await snapshot()).toEqual(before);
      expect(await loginStatus('learner', NEW_PASSWORD)).toBe(200);
    });

    it("a wrong code, or another person's code, changes nothing", async () => {
      const trainer = await world.signIn('trainer');
      const code = await issueCode(trainer, 'learner');
      const wrong = code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`;
      expectError((await resetWith('learner', wrong)).res, 400, 'reset_code_invalid');
      expectError((await resetWith('trainer', code)).res, 400, 'reset_code_invalid');
      expect(await loginStatus('learner', world.password('learner'))).toBe(200);
      expect(await loginStatus('trainer', world.password('trainer'))).toBe(200);
      // the failed attempts did not burn the real code
      expect((await resetWith('learner', code)).res.status).toBe(200);
    });

    it('a user who is not in the cohort is 404, and no code is made', async () => {
      const trainer = await world.signIn('trainer');
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      expectError(await trainer.post(resetPath(await userId('mentor'))), 404, 'not_found');
      expectError(await trainer.post(resetPath(UNKNOWN_ID)), 404, 'not_found');
      expectError(await admin.post(resetPath(await userId('academy.admin'))), 404, 'not_found');
      expect(await snapshot()).toEqual(before);
    });

    it('a learner of another cohort of the same institution is 404 through this cohort', async () => {
      const admin = await world.signIn('academy.admin');
      const other = expectCreated(await admin.post(`/api/institutions/${institutionId}/cohorts`, { name: 'Other cohort', trainers: ['trainer'] }));
      const trainer = await world.signIn('trainer');
      const before = await snapshot();
      expectError(await trainer.post(resetPath(await userId('learner'), other.id)), 404, 'not_found');
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown cohort is 404', async () => {
      expectError(await (await world.signIn('academy.admin')).post(resetPath(await userId('learner'), UNKNOWN_ID)), 404, 'not_found');
    });

    it('ids that are not uuids are 400 naming path.cohortId and path.userId', async () => {
      const err = expectError(await (await world.signIn('trainer')).post('/api/cohorts/x/members/y/reset-code'), 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {}).sort()).toEqual(['path.cohortId', 'path.userId']);
    });
  });

  describe('permission', () => {
    it('a trainer cannot issue a code to another trainer of the cohort, nor to themself', async () => {
      await secondTrainer();
      const trainer = await world.signIn('trainer');
      const before = await snapshot();
      const err = expectError(await trainer.post(resetPath(await userId('second.trainer'))), 403, 'forbidden');
      expect(err.message).toMatch(/beyond your reach/);
      expectError(await trainer.post(resetPath(await userId('trainer'))), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('a trainer of the institution who is not on this cohort gets 403', async () => {
      const admin = await world.signIn('academy.admin');
      expectCreated(await admin.post(`/api/institutions/${institutionId}/members`, { username: 'mentor', role: 'trainer' }));
      const mentor = await world.signIn('mentor');
      const before = await snapshot();
      expectError(await mentor.post(resetPath(await userId('learner'))), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it.each(['learner', 'mentor'])('%s gets 403 and no code is made', async (username) => {
      const person = await world.signIn(username);
      const before = await snapshot();
      expectError(await person.post(resetPath(await userId('learner'))), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('the admin of another institution gets 403', async () => {
      const other = await otherInstitution();
      const before = await snapshot();
      expectError(await other.admin.post(resetPath(await userId('learner'))), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('anonymous gets 401', async () => {
      const before = await snapshot();
      expectError(await world.anonymous().post(resetPath(await userId('learner'))), 401, 'unauthenticated');
      expect(await snapshot()).toEqual(before);
    });

    describe('a reset code is the account, so nobody gets one for someone above them', () => {
      it.each([
        ['academy.admin', 'an institution admin'],
        ['programme.admin', 'the programme admin'],
      ])('a trainer cannot take over %s (%s) who joined the cohort as a learner', async (username) => {
        const target = await world.signIn(username);
        expect((await target.post('/api/me/cohorts', { joinCode: world.seed.joinCode })).status).toBe(200);
        const trainer = await world.signIn('trainer');
        const before = await snapshot();
        expectError(await trainer.post(resetPath(await userId(username))), 403, 'forbidden');
        expect(await snapshot()).toEqual(before);
      });

      it('an admin cannot take over the admin of another institution seated in their cohort', async () => {
        const other = await otherInstitution();
        expect((await other.admin.post('/api/me/cohorts', { joinCode: world.seed.joinCode })).status).toBe(200);
        const admin = await world.signIn('academy.admin');
        expectError(await admin.post(resetPath(await userId('b.admin'))), 403, 'forbidden');
        // ...while the programme admin can, having authority everywhere.
        expectCreated(await (await world.signIn('programme.admin')).post(resetPath(await userId('b.admin'))));
      });

      it('an admin or mentor cannot be invited into a cohort seat at all', async () => {
        const admin = await world.signIn('academy.admin');
        for (const role of ['institution_admin', 'mentor']) {
          const err = expectError(
            await admin.post(`/api/institutions/${institutionId}/invitations`, { role, cohortId }),
            400,
            'cohort_not_for_role',
          );
          expect(err.fields).toHaveProperty(['body.cohortId']);
        }
      });
    });
  });
});
