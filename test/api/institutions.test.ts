import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auditLog,
  cohortMembers,
  cohorts,
  institutions,
  invitations,
  memberships,
  users,
  type InstitutionRole,
} from '../../db/schema';
import { sha256 } from '../../worker/lib/crypto';
import { expectError, type Person, type Reply } from '../helpers/client';
import { tableCounts, userIdOf } from '../helpers/db';
import { nodeApp } from '../helpers/node-app';
import type { World } from '../helpers/world';

const PASSWORD = 'river-stone-42';
const DAY_MS = 86_400_000;
const UNKNOWN_ID = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
const JOIN_CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}$/;

let t: Awaited<ReturnType<typeof nodeApp>>;
let world: World;

beforeEach(async () => {
  t = await nodeApp();
  world = await t.world();
});
afterEach(() => t.close());

// ---- helpers -------------------------------------------------------------------------------

/** Row counts of every table; compare before and after a refused request. */
const snapshot = () => tableCounts(t.db);

const userId = (username: string) => userIdOf(t.db, username);

async function demoInstitutionId() {
  const [row] = await t.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.name, world.seed.institution));
  if (!row) throw new Error('no demo institution');
  return row.id;
}

async function demoCohortId() {
  const [row] = await t.db.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.name, world.seed.cohort));
  if (!row) throw new Error('no demo cohort');
  return row.id;
}

async function membershipId(username: string, institutionId: string, role: InstitutionRole) {
  const rows = await t.db.select().from(memberships).where(eq(memberships.userId, await userId(username)));
  const found = rows.find((m) => m.institutionId === institutionId && m.role === role);
  if (!found) throw new Error(`${username} is not ${role} of ${institutionId}`);
  return found.id;
}

function expectCreated(res: Reply) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Registers a new account; returns the person (signed in on success) and the reply. */
async function register(username: string, entry: { invitation: string } | { joinCode: string }) {
  const person = world.anonymous();
  const res = await person.post('/api/auth/register', { username, password: PASSWORD, displayName: `Person ${username}`, ...entry });
  return { person, res };
}

/** An admin invites a new person with a role (and maybe a cohort); they register with it. */
async function invitePerson(admin: Person, institutionId: string, username: string, role: InstitutionRole, cohortId?: string) {
  const invitation = expectCreated(await admin.post(`/api/institutions/${institutionId}/invitations`, { role, cohortId }));
  const { person, res } = await register(username, { invitation: invitation.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return person;
}

/** A second institution created by the programme admin, with its own admin who belongs nowhere else. */
async function otherInstitution(name = 'Regional Prosecution Service (test)') {
  const programme = await world.signIn('programme.admin');
  const created = expectCreated(await programme.post('/api/institutions', { name, kind: 'prosecution_service', country: 'ML' }));
  const admin = await invitePerson(programme, created.id, 'b.admin', 'institution_admin');
  return { id: created.id as string, admin, programme };
}

const memberKeys = (res: Reply) => (res.body.members as Array<{ username: string; role: string }>).map((m) => `${m.username}:${m.role}`);

// ---- POST /api/institutions ----------------------------------------------------------------

describe('POST /api/institutions', () => {
  const valid = { name: '  Judicial Training Institute (test)  ', kind: 'training_institute', country: 'np' };

  describe('happy', () => {
    it('a programme admin creates an institution, normalising name and country, and it is audited', async () => {
      const programme = await world.signIn('programme.admin');
      const res = await programme.post('/api/institutions', valid);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Judicial Training Institute (test)',
        kind: 'training_institute',
        country: 'NP',
        createdAt: t.now().toISOString(),
      });

      const [row] = await t.db.select().from(institutions).where(eq(institutions.id, res.body.id));
      expect(row).toMatchObject({ name: 'Judicial Training Institute (test)', createdBy: await userId('programme.admin') });

      const entries = await t.db.select().from(auditLog).where(eq(auditLog.institutionId, res.body.id));
      expect(entries).toEqual([
        expect.objectContaining({ action: 'institution.created', actorId: await userId('programme.admin'), subjectId: res.body.id }),
      ]);
    });

    it('the new institution can be read back and has no members yet', async () => {
      const programme = await world.signIn('programme.admin');
      const { id } = expectCreated(await programme.post('/api/institutions', valid));
      const read = await programme.get(`/api/institutions/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, name: 'Judicial Training Institute (test)' });
      expect((await programme.get(`/api/institutions/${id}/members`)).body).toEqual({ members: [] });
    });
  });

  describe('error', () => {
    it('a duplicate name is 409 institution_exists naming body.name, and nothing is stored', async () => {
      const programme = await world.signIn('programme.admin');
      expectCreated(await programme.post('/api/institutions', valid));
      const before = await snapshot();

      const err = expectError(
        await programme.post('/api/institutions', { ...valid, kind: 'police', country: 'ML' }),
        409,
        'institution_exists',
      );
      expect(err.fields).toHaveProperty(['body.name']);
      expect(err.message).toContain('Judicial Training Institute (test)');
      expect(await snapshot()).toEqual(before);
    });

    it('the seeded name is taken too, even with surrounding spaces', async () => {
      const programme = await world.signIn('programme.admin');
      expectError(
        await programme.post('/api/institutions', { name: ` ${world.seed.institution} `, kind: 'academy', country: 'NP' }),
        409,
        'institution_exists',
      );
    });

    it('bad input is 400 naming body.name, body.kind and body.country, and nothing is stored', async () => {
      const programme = await world.signIn('programme.admin');
      const before = await snapshot();
      const err = expectError(
        await programme.post('/api/institutions', { name: 'X', kind: 'castle', country: 'Nepal' }),
        400,
        'validation_failed',
      );
      expect(Object.keys(err.fields ?? {}).sort()).toEqual(['body.country', 'body.kind', 'body.name']);
      expect(await snapshot()).toEqual(before);
    });

    it('an empty body names every required field', async () => {
      const programme = await world.signIn('programme.admin');
      const err = expectError(await programme.post('/api/institutions', {}), 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {}).sort()).toEqual(['body.country', 'body.kind', 'body.name']);
    });

    it('a name over 120 characters is refused', async () => {
      const programme = await world.signIn('programme.admin');
      const err = expectError(
        await programme.post('/api/institutions', { ...valid, name: 'A'.repeat(121) }),
        400,
        'validation_failed',
      );
      expect(err.fields).toEqual({ 'body.name': 'Use at most 120 characters.' });
    });

    it('a malformed JSON body is 400 malformed_json and nothing is stored', async () => {
      const programme = await world.signIn('programme.admin');
      const before = await snapshot();
      expectError(await programme.call('POST', '/api/institutions', '{"name": "Broken Academy", "kind": '), 400, 'malformed_json');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('permission', () => {
    it.each(['learner', 'academy.admin', 'trainer', 'mentor'])('%s gets 403 forbidden and nothing is stored', async (username) => {
      const person = await world.signIn(username);
      const before = await snapshot();
      const err = expectError(await person.post('/api/institutions', valid), 403, 'forbidden');
      expect(err.message).toMatch(/create institutions/);
      expect(await snapshot()).toEqual(before);
    });

    it('anonymous gets 401 unauthenticated, before the body is even parsed', async () => {
      const anonymous = world.anonymous();
      const before = await snapshot();
      expectError(await anonymous.post('/api/institutions', valid), 401, 'unauthenticated');
      expectError(await anonymous.call('POST', '/api/institutions', '{not json'), 401, 'unauthenticated');
      expect(await snapshot()).toEqual(before);
    });
  });
});

// ---- GET /api/institutions -----------------------------------------------------------------

describe('GET /api/institutions', () => {
  describe('happy', () => {
    it('a programme admin sees every institution, sorted by name', async () => {
      const { programme } = await otherInstitution('Alpha Police College (test)');
      const res = await programme.get('/api/institutions');
      expect(res.status).toBe(200);
      expect(res.body.institutions.map((i: { name: string }) => i.name)).toEqual([
        'Alpha Police College (test)',
        world.seed.institution,
      ]);
    });

    it('a member sees only their own institution', async () => {
      const other = await otherInstitution();
      const demoId = await demoInstitutionId();
      for (const username of ['academy.admin', 'trainer', 'mentor', 'learner']) {
        const res = await (await world.signIn(username)).get('/api/institutions');
        expect(res.status).toBe(200);
        expect(res.body.institutions).toEqual([expect.objectContaining({ id: demoId, name: world.seed.institution })]);
      }
      const theirs = await other.admin.get('/api/institutions');
      expect(theirs.body.institutions.map((i: { id: string }) => i.id)).toEqual([other.id]);
    });

    it('someone with roles in two institutions sees both, once each', async () => {
      const other = await otherInstitution();
      expectCreated(await other.admin.post(`/api/institutions/${other.id}/members`, { username: 'trainer', role: 'trainer' }));
      expectCreated(await other.admin.post(`/api/institutions/${other.id}/members`, { username: 'trainer', role: 'mentor' }));
      const res = await (await world.signIn('trainer')).get('/api/institutions');
      expect(res.body.institutions.map((i: { id: string }) => i.id).sort()).toEqual([other.id, await demoInstitutionId()].sort());
    });

    it('a user with no memberships gets an empty list', async () => {
      const demoId = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const learner = await world.signIn('learner');
      const revoked = await admin.delete(`/api/institutions/${demoId}/members/${await membershipId('learner', demoId, 'learner')}`);
      expect(revoked.status).toBe(204);
      const res = await learner.get('/api/institutions');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ institutions: [] });
    });
  });

  describe('permission', () => {
    it('anonymous gets 401', async () => {
      expectError(await world.anonymous().get('/api/institutions'), 401, 'unauthenticated');
    });
  });
});

// ---- GET /api/institutions/{id} ------------------------------------------------------------

describe('GET /api/institutions/{institutionId}', () => {
  describe('happy', () => {
    it.each(['academy.admin', 'trainer', 'mentor', 'learner', 'programme.admin'])('%s can read the demo institution', async (username) => {
      const id = await demoInstitutionId();
      const res = await (await world.signIn(username)).get(`/api/institutions/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id, name: world.seed.institution, kind: 'academy', country: 'NP', createdAt: t.now().toISOString() });
    });
  });

  describe('error', () => {
    it('an unknown uuid is 404 not_found', async () => {
      expectError(await (await world.signIn('programme.admin')).get(`/api/institutions/${UNKNOWN_ID}`), 404, 'not_found');
    });

    it('an id that is not a uuid is 400 naming path.institutionId', async () => {
      const err = expectError(await (await world.signIn('academy.admin')).get('/api/institutions/not-a-uuid'), 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {})).toEqual(['path.institutionId']);
    });
  });

  describe('permission', () => {
    it('the admin of another institution gets 403, and the demo admin cannot read theirs', async () => {
      const other = await otherInstitution();
      expectError(await other.admin.get(`/api/institutions/${await demoInstitutionId()}`), 403, 'forbidden');
      expectError(await (await world.signIn('academy.admin')).get(`/api/institutions/${other.id}`), 403, 'forbidden');
      expect((await other.admin.get(`/api/institutions/${other.id}`)).status).toBe(200);
    });

    it('anonymous gets 401', async () => {
      expectError(await world.anonymous().get(`/api/institutions/${await demoInstitutionId()}`), 401, 'unauthenticated');
    });
  });
});

// ---- members -------------------------------------------------------------------------------

describe('GET /api/institutions/{institutionId}/members', () => {
  describe('happy', () => {
    it('the institution admin lists every member with their role', async () => {
      const id = await demoInstitutionId();
      const res = await (await world.signIn('academy.admin')).get(`/api/institutions/${id}/members`);
      expect(res.status).toBe(200);
      expect(memberKeys(res)).toEqual(['academy.admin:institution_admin', 'learner:learner', 'mentor:mentor', 'trainer:trainer']);
      expect(res.body.members[0]).toEqual({
        membershipId: await membershipId('academy.admin', id, 'institution_admin'),
        userId: await userId('academy.admin'),
        username: 'academy.admin',
        displayName: 'Sita Gurung',
        role: 'institution_admin',
        grantedAt: t.now().toISOString(),
      });
    });

    it('a programme admin can list members too', async () => {
      const res = await (await world.signIn('programme.admin')).get(`/api/institutions/${await demoInstitutionId()}/members`);
      expect(res.status).toBe(200);
      expect(res.body.members).toHaveLength(4);
    });
  });

  describe('error', () => {
    it('an unknown institution is 404', async () => {
      expectError(await (await world.signIn('programme.admin')).get(`/api/institutions/${UNKNOWN_ID}/members`), 404, 'not_found');
    });
  });

  describe('permission', () => {
    it.each(['trainer', 'mentor', 'learner'])('%s gets 403', async (username) => {
      expectError(await (await world.signIn(username)).get(`/api/institutions/${await demoInstitutionId()}/members`), 403, 'forbidden');
    });

    it('the admin of institution B cannot list institution A', async () => {
      const other = await otherInstitution();
      expectError(await other.admin.get(`/api/institutions/${await demoInstitutionId()}/members`), 403, 'forbidden');
    });

    it('anonymous gets 401', async () => {
      expectError(await world.anonymous().get(`/api/institutions/${await demoInstitutionId()}/members`), 401, 'unauthenticated');
    });
  });
});

describe('POST /api/institutions/{institutionId}/members', () => {
  describe('happy', () => {
    it('the admin grants a role to an existing account; it is stored, audited and effective at once', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const mentor = await world.signIn('mentor');
      const res = await admin.post(`/api/institutions/${id}/members`, { username: '  MENTOR ', role: 'trainer' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({
        membershipId: expect.any(String),
        userId: await userId('mentor'),
        username: 'mentor',
        displayName: 'Maya Rai',
        role: 'trainer',
        grantedAt: t.now().toISOString(),
      });
      expect(res.body.membershipId).toBe(await membershipId('mentor', id, 'trainer'));

      const me = await mentor.get('/api/me');
      expect(me.body.memberships.map((m: { role: string }) => m.role).sort()).toEqual(['mentor', 'trainer']);
      // the new trainer role lets the mentor list cohorts straight away
      expect((await mentor.get(`/api/institutions/${id}/cohorts`)).status).toBe(200);

      const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'membership.granted'));
      expect(entry).toMatchObject({
        actorId: await userId('academy.admin'),
        institutionId: id,
        subjectId: await userId('mentor'),
        detail: { role: 'trainer', membershipId: res.body.membershipId },
      });
    });

    it('a programme admin can make someone admin of a new institution', async () => {
      const programme = await world.signIn('programme.admin');
      const { id } = expectCreated(await programme.post('/api/institutions', { name: 'Labour Inspectorate (test)', kind: 'labour_inspectorate', country: 'NP' }));
      expectCreated(await programme.post(`/api/institutions/${id}/members`, { username: 'mentor', role: 'institution_admin' }));
      const mentor = await world.signIn('mentor');
      expect((await mentor.get(`/api/institutions/${id}/members`)).status).toBe(200);
    });
  });

  describe('error', () => {
    it('an unknown username is 404 user_not_found naming body.username, and nothing is stored', async () => {
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      const err = expectError(
        await admin.post(`/api/institutions/${await demoInstitutionId()}/members`, { username: 'nobody.here', role: 'trainer' }),
        404,
        'user_not_found',
      );
      expect(err.fields).toHaveProperty(['body.username']);
      expect(await snapshot()).toEqual(before);
    });

    it('granting a role the person already holds is 409 membership_exists, and nothing is stored', async () => {
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      const err = expectError(
        await admin.post(`/api/institutions/${await demoInstitutionId()}/members`, { username: 'trainer', role: 'trainer' }),
        409,
        'membership_exists',
      );
      expect(err.message).toContain('trainer');
      expect(await snapshot()).toEqual(before);
    });

    it('bad input is 400 naming body.username and body.role', async () => {
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      const err = expectError(
        await admin.post(`/api/institutions/${await demoInstitutionId()}/members`, { username: 'no spaces!', role: 'sheriff' }),
        400,
        'validation_failed',
      );
      expect(Object.keys(err.fields ?? {}).sort()).toEqual(['body.role', 'body.username']);
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown institution is 404', async () => {
      const programme = await world.signIn('programme.admin');
      expectError(await programme.post(`/api/institutions/${UNKNOWN_ID}/members`, { username: 'mentor', role: 'trainer' }), 404, 'not_found');
    });
  });

  describe('permission', () => {
    it('the admin of institution B cannot grant roles in institution A', async () => {
      const other = await otherInstitution();
      const before = await snapshot();
      expectError(
        await other.admin.post(`/api/institutions/${await demoInstitutionId()}/members`, { username: 'b.admin', role: 'institution_admin' }),
        403,
        'forbidden',
      );
      expect(await snapshot()).toEqual(before);
    });

    it.each(['trainer', 'mentor', 'learner'])('%s cannot grant roles, not even to themself', async (username) => {
      const person = await world.signIn(username);
      const before = await snapshot();
      expectError(
        await person.post(`/api/institutions/${await demoInstitutionId()}/members`, { username, role: 'institution_admin' }),
        403,
        'forbidden',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('anonymous gets 401', async () => {
      expectError(
        await world.anonymous().post(`/api/institutions/${await demoInstitutionId()}/members`, { username: 'mentor', role: 'trainer' }),
        401,
        'unauthenticated',
      );
    });
  });
});

describe('DELETE /api/institutions/{institutionId}/members/{membershipId}', () => {
  describe('happy', () => {
    it('the admin revokes a role; the person loses it at once and it is audited', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const mentor = await world.signIn('mentor');
      expect((await mentor.get(`/api/institutions/${id}`)).status).toBe(200);
      const mid = await membershipId('mentor', id, 'mentor');

      const res = await admin.delete(`/api/institutions/${id}/members/${mid}`);
      expect(res.status).toBe(204);
      expect(res.body).toBeNull();

      expect((await mentor.get('/api/me')).body.memberships).toEqual([]);
      expectError(await mentor.get(`/api/institutions/${id}`), 403, 'forbidden');
      expect(memberKeys(await admin.get(`/api/institutions/${id}/members`))).not.toContain('mentor:mentor');
      const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'membership.revoked'));
      expect(entry).toMatchObject({ institutionId: id, subjectId: await userId('mentor'), detail: { role: 'mentor', membershipId: mid } });
    });

    it('revoking one of two roles leaves the other', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const granted = expectCreated(await admin.post(`/api/institutions/${id}/members`, { username: 'trainer', role: 'mentor' }));
      expect((await admin.delete(`/api/institutions/${id}/members/${granted.membershipId}`)).status).toBe(204);
      const me = await (await world.signIn('trainer')).get('/api/me');
      expect(me.body.memberships).toEqual([expect.objectContaining({ institutionId: id, role: 'trainer' })]);
    });

    it('with a second admin, an admin can step down; then the remaining admin is the last one', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const second = expectCreated(await admin.post(`/api/institutions/${id}/members`, { username: 'mentor', role: 'institution_admin' }));
      const own = await membershipId('academy.admin', id, 'institution_admin');
      expect((await admin.delete(`/api/institutions/${id}/members/${own}`)).status).toBe(204);
      expectError(await admin.get(`/api/institutions/${id}/members`), 403, 'forbidden');

      const mentor = await world.signIn('mentor');
      expectError(await mentor.delete(`/api/institutions/${id}/members/${second.membershipId}`), 409, 'last_admin');
    });
  });

  describe('error', () => {
    it('revoking the last institution_admin is 409 last_admin and the membership still exists', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const mid = await membershipId('academy.admin', id, 'institution_admin');
      const before = await snapshot();
      const err = expectError(await admin.delete(`/api/institutions/${id}/members/${mid}`), 409, 'last_admin');
      expect(err.message).toMatch(/last admin/);
      expect(await t.db.select().from(memberships).where(eq(memberships.id, mid))).toHaveLength(1);
      expect(await snapshot()).toEqual(before);
      // a programme admin is held to the same rule
      expectError(await (await world.signIn('programme.admin')).delete(`/api/institutions/${id}/members/${mid}`), 409, 'last_admin');
    });

    it("a membership of another institution through this institution's path is 404, and it survives", async () => {
      const other = await otherInstitution();
      const demoId = await demoInstitutionId();
      const theirs = await membershipId('b.admin', other.id, 'institution_admin');
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      // both the demo admin and the programme admin (who may manage both) go through the demo path
      expectError(await admin.delete(`/api/institutions/${demoId}/members/${theirs}`), 404, 'not_found');
      expectError(await other.programme.delete(`/api/institutions/${demoId}/members/${theirs}`), 404, 'not_found');
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown membership is 404, and revoking twice is 404 the second time', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      expectError(await admin.delete(`/api/institutions/${id}/members/${UNKNOWN_ID}`), 404, 'not_found');
      const mid = await membershipId('learner', id, 'learner');
      expect((await admin.delete(`/api/institutions/${id}/members/${mid}`)).status).toBe(204);
      expectError(await admin.delete(`/api/institutions/${id}/members/${mid}`), 404, 'not_found');
    });

    it('a membership id that is not a uuid is 400 naming path.membershipId', async () => {
      const admin = await world.signIn('academy.admin');
      const err = expectError(await admin.delete(`/api/institutions/${await demoInstitutionId()}/members/42`), 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {})).toEqual(['path.membershipId']);
    });
  });

  describe('permission', () => {
    it('the admin of institution B cannot revoke in institution A', async () => {
      const other = await otherInstitution();
      const id = await demoInstitutionId();
      const mid = await membershipId('learner', id, 'learner');
      const before = await snapshot();
      expectError(await other.admin.delete(`/api/institutions/${id}/members/${mid}`), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('a trainer cannot revoke, not even a learner', async () => {
      const id = await demoInstitutionId();
      const trainer = await world.signIn('trainer');
      const before = await snapshot();
      const mid = await membershipId('learner', id, 'learner');
      expectError(await trainer.delete(`/api/institutions/${id}/members/${mid}`), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('anonymous gets 401', async () => {
      const id = await demoInstitutionId();
      const mid = await membershipId('learner', id, 'learner');
      expectError(await world.anonymous().delete(`/api/institutions/${id}/members/${mid}`), 401, 'unauthenticated');
    });
  });
});

// ---- invitations ---------------------------------------------------------------------------

describe('POST /api/institutions/{institutionId}/invitations', () => {
  describe('happy', () => {
    it('the admin creates an invitation; only the hash of its token is stored', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const res = await admin.post(`/api/institutions/${id}/invitations`, { role: 'trainer' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
        role: 'trainer',
        cohortId: null,
        expiresAt: new Date(t.now().getTime() + 14 * DAY_MS).toISOString(),
      });
      const [row] = await t.db.select().from(invitations).where(eq(invitations.id, res.body.id));
      expect(row).toMatchObject({ institutionId: id, tokenHash: await sha256(res.body.token), acceptedAt: null });
      expect(JSON.stringify(row)).not.toContain(res.body.token);
      const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, 'invitation.created'));
      expect(entries).toHaveLength(1);
      expect(JSON.stringify(entries)).not.toContain(res.body.token);
    });

    it('a new person registers with it and gets that role; the invitation is marked accepted', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const invitation = expectCreated(await admin.post(`/api/institutions/${id}/invitations`, { role: 'mentor' }));
      const { person, res } = await register('new.mentor', { invitation: invitation.token });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        username: 'new.mentor',
        memberships: [{ institutionId: id, role: 'mentor', institutionName: world.seed.institution }],
        cohorts: [],
      });
      expect((await person.get(`/api/institutions/${id}`)).status).toBe(200);
      const [row] = await t.db.select().from(invitations).where(eq(invitations.id, invitation.id));
      expect(row?.acceptedBy).toBe(await userId('new.mentor'));
      expect(row?.acceptedAt?.toISOString()).toBe(t.now().toISOString());
    });

    it('an invitation with a cohortId places the person in that cohort', async () => {
      const id = await demoInstitutionId();
      const cohortId = await demoCohortId();
      const admin = await world.signIn('academy.admin');
      const learnerInvite = expectCreated(await admin.post(`/api/institutions/${id}/invitations`, { role: 'learner', cohortId }));
      expect(learnerInvite.cohortId).toBe(cohortId);
      const learner = await register('invited.learner', { invitation: learnerInvite.token });
      expect(learner.res.body.cohorts).toEqual([{ id: cohortId, name: world.seed.cohort, institutionId: id, role: 'learner' }]);

      const trainerInvite = expectCreated(await admin.post(`/api/institutions/${id}/invitations`, { role: 'trainer', cohortId }));
      const trainer = await register('invited.trainer', { invitation: trainerInvite.token });
      expect(trainer.res.body.cohorts).toEqual([expect.objectContaining({ id: cohortId, role: 'trainer' })]);
      // as a trainer of the cohort they can now see its roster
      const roster = await trainer.person.get(`/api/cohorts/${cohortId}/members`);
      expect(roster.status).toBe(200);
      expect(roster.body.members.map((m: { username: string }) => m.username)).toContain('invited.learner');
    });

    it('an invitation can be used right up to its expiry', async () => {
      const admin = await world.signIn('academy.admin');
      const invitation = expectCreated(await admin.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'learner', expiresInDays: 2 }));
      t.advance(2 * DAY_MS - 60_000);
      expect((await register('just.in.time', { invitation: invitation.token })).res.status).toBe(201);
    });

    it('a programme admin can invite into an institution they do not belong to', async () => {
      const programme = await world.signIn('programme.admin');
      const invitation = expectCreated(await programme.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'institution_admin' }));
      const { res } = await register('second.admin', { invitation: invitation.token });
      expect(res.body.memberships).toEqual([expect.objectContaining({ role: 'institution_admin' })]);
    });
  });

  describe('error', () => {
    it('using the same invitation again is 400 invitation_invalid, and no account is made', async () => {
      const admin = await world.signIn('academy.admin');
      const invitation = expectCreated(await admin.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'trainer' }));
      expect((await register('first.one', { invitation: invitation.token })).res.status).toBe(201);
      const before = await snapshot();
      const err = expectError((await register('second.one', { invitation: invitation.token })).res, 400, 'invitation_invalid');
      expect(err.fields).toHaveProperty(['body.invitation']);
      expect(await snapshot()).toEqual(before);
    });

    it('an expired invitation is 400 invitation_invalid', async () => {
      const admin = await world.signIn('academy.admin');
      const invitation = expectCreated(await admin.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'trainer', expiresInDays: 3 }));
      expect(invitation.expiresAt).toBe(new Date(t.now().getTime() + 3 * DAY_MS).toISOString());
      t.advance(3 * DAY_MS + 1);
      const before = await snapshot();
      expectError((await register('too.late', { invitation: invitation.token })).res, 400, 'invitation_invalid');
      expect(await snapshot()).toEqual(before);
    });

    it('a made-up token is 400 invitation_invalid', async () => {
      expectError((await register('guesser', { invitation: 'x'.repeat(43) })).res, 400, 'invitation_invalid');
    });

    it('a cohortId from another institution is 400 cohort_not_found, and nothing is stored', async () => {
      const other = await otherInstitution();
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      const err = expectError(
        await other.admin.post(`/api/institutions/${other.id}/invitations`, { role: 'learner', cohortId: await demoCohortId() }),
        400,
        'cohort_not_found',
      );
      expect(err.fields).toHaveProperty(['body.cohortId']);
      expectError(
        await admin.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'learner', cohortId: UNKNOWN_ID }),
        400,
        'cohort_not_found',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('bad input is 400 naming body.role, body.cohortId and body.expiresInDays', async () => {
      const admin = await world.signIn('academy.admin');
      const path = `/api/institutions/${await demoInstitutionId()}/invitations`;
      const err = expectError(await admin.post(path, { role: 'king', cohortId: 'abc', expiresInDays: 61 }), 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {}).sort()).toEqual(['body.cohortId', 'body.expiresInDays', 'body.role']);
      const zero = expectError(await admin.post(path, { role: 'learner', expiresInDays: 0 }), 400, 'validation_failed');
      expect(Object.keys(zero.fields ?? {})).toEqual(['body.expiresInDays']);
      expect((await snapshot()).invitations).toBe(0);
    });
  });

  describe('permission', () => {
    it.each(['learner', 'trainer', 'mentor'])('%s gets 403 and nothing is stored', async (username) => {
      const person = await world.signIn(username);
      const before = await snapshot();
      expectError(
        await person.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'institution_admin' }),
        403,
        'forbidden',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('the admin of institution B cannot invite into institution A', async () => {
      const other = await otherInstitution();
      const before = await snapshot();
      expectError(
        await other.admin.post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'institution_admin' }),
        403,
        'forbidden',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('anonymous gets 401', async () => {
      expectError(
        await world.anonymous().post(`/api/institutions/${await demoInstitutionId()}/invitations`, { role: 'learner' }),
        401,
        'unauthenticated',
      );
    });
  });
});

// ---- cohorts of an institution -------------------------------------------------------------

describe('POST /api/institutions/{institutionId}/cohorts', () => {
  describe('happy', () => {
    it('the admin creates a cohort with a trainer and a readable join code', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const res = await admin.post(`/api/institutions/${id}/cohorts`, {
        name: ' Victim identification, Kathmandu ',
        capacity: 25,
        trainers: ['TRAINER'],
        courses: ['victim-centred'],
        region: 'Bagmati',
        inCapital: true,
        startsOn: '2027-01-11',
        endsOn: '2027-01-15',
        leadTrainer: 'trainer',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        institutionId: id,
        name: 'Victim identification, Kathmandu',
        joinCode: expect.stringMatching(JOIN_CODE),
        joinCodeExpiresAt: new Date(t.now().getTime() + 60 * DAY_MS).toISOString(),
        capacity: 25,
        status: 'open',
        learners: 0,
        trainers: [{ userId: await userId('trainer'), username: 'trainer', displayName: 'Bikash Thapa' }],
        courses: ['victim-centred'],
        region: 'Bagmati',
        inCapital: true,
        startsOn: '2027-01-11',
        endsOn: '2027-01-15',
        leadTrainerId: await userId('trainer'),
      });
      const seats = await t.db.select().from(cohortMembers).where(eq(cohortMembers.cohortId, res.body.id));
      expect(seats).toEqual([expect.objectContaining({ userId: await userId('trainer'), role: 'trainer' })]);
      const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'cohort.created'));
      expect(entry).toMatchObject({ subjectId: res.body.id, detail: { name: 'Victim identification, Kathmandu', trainers: ['trainer'], leadTrainer: 'trainer' } });
    });

    it('refuses a lead who is not qualified for every course, and dates that run backwards', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      const base = { name: 'Strategic case selection, Kathmandu', courses: ['strategic-case-selection'], leadTrainer: 'trainer' };
      const unqualified = expectError(await admin.post(`/api/institutions/${id}/cohorts`, base), 409, 'lead_not_qualified');
      expect(unqualified.message).toContain('strategic-case-selection');
      const backwards = expectError(await admin.post(`/api/institutions/${id}/cohorts`, { name: 'Backwards', startsOn: '2027-02-01', endsOn: '2027-01-01' }), 400, 'validation_failed');
      expect(backwards.fields).toHaveProperty(['body.endsOn']);
      expectError(await admin.post(`/api/institutions/${id}/cohorts`, { name: 'Nobody leads', leadTrainer: 'learner' }), 400, 'not_a_trainer');
      expect(await t.db.select().from(cohorts).where(eq(cohorts.name, 'Backwards'))).toEqual([]);
    });

    it('the returned join code works for registration, in any case and without the dash', async () => {
      const admin = await world.signIn('academy.admin');
      const cohort = expectCreated(await admin.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Border officers' }));
      expect(cohort.trainers).toEqual([]);
      expect(cohort.capacity).toBeNull();
      const { res } = await register('border.one', { joinCode: cohort.joinCode.replace('-', '').toLowerCase() });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.cohorts).toEqual([expect.objectContaining({ id: cohort.id, role: 'learner' })]);
      expect(res.body.memberships).toEqual([expect.objectContaining({ role: 'learner', institutionName: world.seed.institution })]);
    });

    it('capacity 1: the first registrant gets in, the second is 409 cohort_full and no account is made', async () => {
      const admin = await world.signIn('academy.admin');
      const cohort = expectCreated(await admin.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Tiny cohort', capacity: 1, trainers: ['trainer'] }));
      expect((await register('seat.one', { joinCode: cohort.joinCode })).res.status).toBe(201);
      const before = await snapshot();
      const err = expectError((await register('seat.two', { joinCode: cohort.joinCode })).res, 409, 'cohort_full');
      expect(err.message).toContain('Tiny cohort');
      expect(await snapshot()).toEqual(before);
    });

    it('the join code stops working after joinCodeValidDays', async () => {
      const admin = await world.signIn('academy.admin');
      const cohort = expectCreated(await admin.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Short-lived', joinCodeValidDays: 1 }));
      t.advance(DAY_MS);
      expectError((await register('late.comer', { joinCode: cohort.joinCode })).res, 400, 'join_code_expired');
    });

    it('a master trainer can be named as a trainer', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      expectCreated(await admin.post(`/api/institutions/${id}/members`, { username: 'mentor', role: 'master_trainer' }));
      const cohort = expectCreated(await admin.post(`/api/institutions/${id}/cohorts`, { name: 'Master class', trainers: ['mentor', 'trainer'] }));
      expect(cohort.trainers.map((x: { username: string }) => x.username).sort()).toEqual(['mentor', 'trainer']);
    });
  });

  describe('error', () => {
    it('naming a non-trainer is 400 not_a_trainer naming them, and nothing is stored', async () => {
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      const err = expectError(
        await admin.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Mixed up', trainers: ['trainer', 'mentor', 'nobody.here'] }),
        400,
        'not_a_trainer',
      );
      expect(err.message).toContain('mentor, nobody.here');
      expect(err.fields).toEqual({ 'body.trainers': 'Not trainers here: mentor, nobody.here' });
      expect(await snapshot()).toEqual(before);
    });

    it('a trainer of another institution is not a trainer here', async () => {
      const other = await otherInstitution();
      const before = await snapshot();
      const err = expectError(
        await other.admin.post(`/api/institutions/${other.id}/cohorts`, { name: 'Borrowed trainer', trainers: ['trainer'] }),
        400,
        'not_a_trainer',
      );
      expect(err.message).toContain('trainer');
      expect(await snapshot()).toEqual(before);
    });

    it('bad input is 400 naming each field', async () => {
      const admin = await world.signIn('academy.admin');
      const before = await snapshot();
      const err = expectError(
        await admin.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'X', capacity: 0, joinCodeValidDays: 366, trainers: ['Bad Name!'] }),
        400,
        'validation_failed',
      );
      expect(Object.keys(err.fields ?? {}).sort()).toEqual(['body.capacity', 'body.joinCodeValidDays', 'body.name', 'body.trainers.0']);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('permission', () => {
    it.each(['trainer', 'mentor', 'learner'])('%s gets 403 and nothing is stored', async (username) => {
      const person = await world.signIn(username);
      const before = await snapshot();
      expectError(await person.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Rogue cohort' }), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('the admin of institution B cannot create cohorts in institution A', async () => {
      const other = await otherInstitution();
      const before = await snapshot();
      expectError(await other.admin.post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Rogue cohort' }), 403, 'forbidden');
      expect(await snapshot()).toEqual(before);
    });

    it('anonymous gets 401', async () => {
      expectError(
        await world.anonymous().post(`/api/institutions/${await demoInstitutionId()}/cohorts`, { name: 'Rogue cohort' }),
        401,
        'unauthenticated',
      );
    });
  });
});

describe('GET /api/institutions/{institutionId}/cohorts', () => {
  describe('happy', () => {
    it('the admin lists the cohorts in creation order with trainers and learner counts', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      t.advance(1000);
      const second = expectCreated(await admin.post(`/api/institutions/${id}/cohorts`, { name: 'Second cohort' }));
      const res = await admin.get(`/api/institutions/${id}/cohorts`);
      expect(res.status).toBe(200);
      expect(res.body.cohorts).toEqual([
        expect.objectContaining({
          id: await demoCohortId(),
          name: world.seed.cohort,
          joinCode: world.seed.joinCode,
          capacity: 40,
          learners: 1,
          trainers: [expect.objectContaining({ username: 'trainer' })],
        }),
        second,
      ]);
    });

    it.each(['trainer', 'programme.admin'])('%s can list', async (username) => {
      const res = await (await world.signIn(username)).get(`/api/institutions/${await demoInstitutionId()}/cohorts`);
      expect(res.status).toBe(200);
      expect(res.body.cohorts).toHaveLength(1);
    });

    it("another institution's cohorts are not listed", async () => {
      const other = await otherInstitution();
      expectCreated(await other.admin.post(`/api/institutions/${other.id}/cohorts`, { name: 'Prosecutors 2027' }));
      const mine = await (await world.signIn('academy.admin')).get(`/api/institutions/${await demoInstitutionId()}/cohorts`);
      expect(mine.body.cohorts.map((c: { name: string }) => c.name)).toEqual([world.seed.cohort]);
      const theirs = await other.admin.get(`/api/institutions/${other.id}/cohorts`);
      expect(theirs.body.cohorts.map((c: { name: string }) => c.name)).toEqual(['Prosecutors 2027']);
    });
  });

  describe('error', () => {
    it('an unknown institution is 404', async () => {
      expectError(await (await world.signIn('programme.admin')).get(`/api/institutions/${UNKNOWN_ID}/cohorts`), 404, 'not_found');
    });
  });

  describe('permission', () => {
    it.each(['learner', 'mentor'])('%s gets 403', async (username) => {
      expectError(await (await world.signIn(username)).get(`/api/institutions/${await demoInstitutionId()}/cohorts`), 403, 'forbidden');
    });

    it('the admin of institution B gets 403 on institution A', async () => {
      const other = await otherInstitution();
      expectError(await other.admin.get(`/api/institutions/${await demoInstitutionId()}/cohorts`), 403, 'forbidden');
    });

    it('anonymous gets 401', async () => {
      expectError(await world.anonymous().get(`/api/institutions/${await demoInstitutionId()}/cohorts`), 401, 'unauthenticated');
    });
  });
});

// ---- audit ---------------------------------------------------------------------------------

describe('GET /api/institutions/{institutionId}/audit', () => {
  /** Three audited actions by the demo admin, oldest first, with the request id of each. */
  async function threeActions(admin: Person, id: string) {
    const granted = await admin.post(`/api/institutions/${id}/members`, { username: 'mentor', role: 'trainer' });
    const invited = await admin.post(`/api/institutions/${id}/invitations`, { role: 'learner' });
    const created = await admin.post(`/api/institutions/${id}/cohorts`, { name: 'Audited cohort' });
    return [granted, invited, created].map((r) => {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.headers.get('x-request-id');
    });
  }

  describe('happy', () => {
    it('the admin sees the entries for actions done here, newest first', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      expect((await admin.get(`/api/institutions/${id}/audit`)).body).toEqual({ entries: [] });
      const requestIds = await threeActions(admin, id);

      const res = await admin.get(`/api/institutions/${id}/audit`);
      expect(res.status).toBe(200);
      expect(res.body.entries.map((e: { action: string }) => e.action)).toEqual(['cohort.created', 'invitation.created', 'membership.granted']);
      const ids = res.body.entries.map((e: { id: number }) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(res.body.entries.map((e: { requestId: string }) => e.requestId)).toEqual([...requestIds].reverse());
      expect(res.body.entries[2]).toEqual({
        id: expect.any(Number),
        at: t.now().toISOString(),
        actorId: await userId('academy.admin'),
        action: 'membership.granted',
        subjectType: 'user',
        subjectId: await userId('mentor'),
        detail: { role: 'trainer', membershipId: await membershipId('mentor', id, 'trainer') },
        requestId: requestIds[0],
      });
    });

    it('limit returns the newest entries, and before pages on', async () => {
      const id = await demoInstitutionId();
      const admin = await world.signIn('academy.admin');
      await threeActions(admin, id);
      const page = await admin.get(`/api/institutions/${id}/audit?limit=2`);
      expect(page.body.entries.map((e: { action: string }) => e.action)).toEqual(['cohort.created', 'invitation.created']);
      const next = await admin.get(`/api/institutions/${id}/audit?limit=2&before=${page.body.entries[1].id}`);
      expect(next.body.entries.map((e: { action: string }) => e.action)).toEqual(['membership.granted']);
    });

    it("entries of another institution are not shown", async () => {
      const other = await otherInstitution();
      expectCreated(await other.admin.post(`/api/institutions/${other.id}/cohorts`, { name: 'Their cohort' }));
      const mine = await (await world.signIn('academy.admin')).get(`/api/institutions/${await demoInstitutionId()}/audit`);
      expect(mine.body.entries).toEqual([]);
      const theirs = await other.admin.get(`/api/institutions/${other.id}/audit`);
      expect(theirs.body.entries.map((e: { action: string }) => e.action)).toEqual([
        'cohort.created',
        'user.registered',
        'invitation.created',
        'institution.created',
      ]);
    });
  });

  describe('error', () => {
    it('limit=0 is 400 naming query.limit', async () => {
      const err = expectError(
        await (await world.signIn('academy.admin')).get(`/api/institutions/${await demoInstitutionId()}/audit?limit=0`),
        400,
        'validation_failed',
      );
      expect(Object.keys(err.fields ?? {})).toEqual(['query.limit']);
    });

    it.each(['limit=501', 'limit=abc', 'limit=1.5', 'before=0', 'before=-3'])('%s is 400', async (query) => {
      const err = expectError(
        await (await world.signIn('academy.admin')).get(`/api/institutions/${await demoInstitutionId()}/audit?${query}`),
        400,
        'validation_failed',
      );
      expect(Object.keys(err.fields ?? {})).toEqual([`query.${query.split('=')[0]}`]);
    });
  });

  describe('permission', () => {
    it.each(['learner', 'trainer', 'mentor'])('%s gets 403', async (username) => {
      expectError(await (await world.signIn(username)).get(`/api/institutions/${await demoInstitutionId()}/audit`), 403, 'forbidden');
    });

    it('the admin of institution B gets 403 on institution A', async () => {
      const other = await otherInstitution();
      expectError(await other.admin.get(`/api/institutions/${await demoInstitutionId()}/audit`), 403, 'forbidden');
    });

    it('anonymous gets 401', async () => {
      expectError(await world.anonymous().get(`/api/institutions/${await demoInstitutionId()}/audit`), 401, 'unauthenticated');
    });
  });
});
