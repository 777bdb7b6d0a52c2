import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, cohortMembers, cohorts } from '../../db/schema';
import { expectError, Person, type Reply } from '../helpers/client';
import { tableCounts } from '../helpers/db';
import { nodeApp, type NodeApp } from '../helpers/node-app';
import type { World } from '../helpers/world';

let t: NodeApp;
let world: World;
let cohortId: string;
let trainer: Person;
beforeEach(async () => {
  t = await nodeApp();
  world = await t.world();
  trainer = await world.signIn('trainer');
  cohortId = (await trainer.get('/api/me')).body.cohorts[0].id;
});
afterEach(() => t.close());

/** Posts the file's bytes as they are, as the web app's file picker does. */
async function upload(person: Person, bytes: Uint8Array | string, commit = false): Promise<Reply> {
  const res = await t.fetcher(
    new Request(`${person.origin}/api/cohorts/${cohortId}/roster${commit ? '?commit=true' : ''}`, {
      method: 'POST',
      headers: { origin: person.origin, cookie: person.cookie ?? '', 'content-type': 'text/csv' },
      body: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes,
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** The string as Windows-1252 bytes (what Excel on Windows saves as "CSV"). */
const cp1252 = (text: string) => Uint8Array.from(text, (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0)));


describe('roster import', () => {
  it('previews line by line without writing, then commits every accepted line, and new people set their password with a code', async () => {
    const file = [
      'Identifiant;Nom;Genre;Secteur;Capitale',
      'jose.muller;José Müller;man;police;non',
      'a b;Broken Name;;;',
      'fatou.diallo;Fatou Diallo;woman;labour inspection;oui',
      'jose.muller;José again;;;',
      'mentor;Maya Rai;;;',
      'samira.haddad;Samira Haddad;woman;prosecution;',
    ].join('\r\n');
    const before = await tableCounts(t.db);
    const preview = await upload(trainer, cp1252(file));
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ committed: false, encoding: 'windows-1252', summary: { create: 3, add: 1, already: 0, rejected: 2 } });
    expect(preview.body.lines.find((l: { line: number }) => l.line === 3)).toMatchObject({ status: 'error', errors: [expect.objectContaining({ column: 'Identifiant' })] });
    expect(preview.body.lines.find((l: { line: number }) => l.line === 5).errors[0].message).toContain('duplicate of line 2');
    expect(await tableCounts(t.db)).toEqual(before);

    const done = await upload(trainer, cp1252(file), true);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.committed).toBe(true);
    expect(done.body.setupCodes.map((c: { username: string }) => c.username)).toEqual(['jose.muller', 'fatou.diallo', 'samira.haddad']);
    const roster = (await trainer.get(`/api/cohorts/${cohortId}/members`)).body.members.map((m: { username: string }) => m.username);
    expect(roster).toEqual(expect.arrayContaining(['jose.muller', 'fatou.diallo', 'samira.haddad', 'mentor']));
    expect((await world.anonymous().post('/api/auth/login', { username: 'jose.muller', password: 'anything at all' })).status).toBe(401);

    const code = done.body.setupCodes[0].code;
    const jose = world.anonymous();
    expect((await jose.post('/api/auth/reset', { username: 'jose.muller', code, newPassword: 'river stone forty two' })).status).toBe(200);
    const me = (await jose.get('/api/me')).body;
    expect(me).toMatchObject({ displayName: 'José Müller', sector: 'police', inCapital: false, gender: 'man' });
    expect(me.cohorts.map((c: { id: string }) => c.id)).toEqual([cohortId]);
    const [logged] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'cohort.roster_imported'));
    expect(logged?.detail).toMatchObject({ create: 3, add: 1, rejected: 2 });

    // Importing the same file again changes nothing: everyone is already there.
    const again = await upload(trainer, cp1252(file), true);
    expect(again.body.summary).toMatchObject({ create: 0, add: 0, already: 4 });
  });

  it("never adds another institution's account, whose password this cohort's trainers could then reset", async () => {
    const programme = await world.signIn('programme.admin');
    const other = await programme.post('/api/institutions', { name: 'Labour Inspectorate', kind: 'labour_inspectorate', country: 'NP' });
    const invite = await programme.post(`/api/institutions/${other.body.id}/invitations`, { role: 'learner' });
    await new Person(t.fetcher).post('/api/auth/register', { username: 'outsider', password: 'long enough pass', displayName: 'Outsider', invitation: invite.body.token });
    const preview = await upload(trainer, 'username,display_name\noutsider,Someone Else\n');
    expect(preview.body.lines[0]).toMatchObject({ status: 'error', errors: [expect.objectContaining({ message: expect.stringContaining('outside this institution') })] });
  });

  it('takes 10,000 rows in one go, and refuses a file over the cohort capacity or over 2 MB, writing nothing', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `learner${i},Learner ${i},${i % 2 ? 'woman' : 'man'},police`);
    const file = ['username,display_name,gender,sector', ...rows].join('\n');
    const admin = await world.signIn('academy.admin');
    await admin.call('PATCH', `/api/cohorts/${cohortId}`, { capacity: 500 });
    const before = await tableCounts(t.db);
    const full = expectError(await upload(trainer, file, true), 422, 'roster_unusable');
    expect(full.message).toContain('500 places');
    expect(await tableCounts(t.db)).toEqual(before);

    await admin.call('PATCH', `/api/cohorts/${cohortId}`, { capacity: null });
    const done = await upload(trainer, file, true);
    expect(done.status, JSON.stringify(done.body).slice(0, 300)).toBe(200);
    expect(done.body.summary).toMatchObject({ create: 10_000, rejected: 0 });
    const seated = await t.db.select().from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId));
    expect(seated.filter((s) => s.role === 'learner')).toHaveLength(10_001);

    const huge = `username,display_name\n${'x'.repeat(2 * 1024 * 1024)}`;
    expectError(await upload(trainer, huge), 413, 'payload_too_large');
  }, 120_000);

  it('two imports at once: one lands whole, the other writes nothing and says to preview again', async () => {
    const a = ['username,display_name', ...Array.from({ length: 300 }, (_, i) => `shared${i},Shared ${i}`), 'only.a,Only A'].join('\n');
    const b = ['username,display_name', ...Array.from({ length: 300 }, (_, i) => `shared${i},Shared ${i}`), 'only.b,Only B'].join('\n');
    const admin = await world.signIn('academy.admin');
    await admin.call('PATCH', `/api/cohorts/${cohortId}`, { capacity: null });
    const before = (await tableCounts(t.db)).users!;
    const [ra, rb] = await Promise.all([upload(trainer, a, true), upload(trainer, b, true)]);
    const statuses = [ra.status, rb.status].sort();
    const users = (await tableCounts(t.db)).users! - before;
    if (statuses[0] === 200 && statuses[1] === 200) {
      // The second saw the first's accounts in its plan: it added the shared ones and created its own.
      expect(users).toBe(302);
    } else {
      expect(statuses).toEqual([200, 409]);
      expect(users).toBe(301);
      expect([ra, rb].find((r) => r.status === 409)?.body.error.code).toBe('roster_conflict');
    }
  });

  it('refuses learners and junk, and answers an empty file with a reason', async () => {
    expectError(await upload(await world.signIn('learner'), 'username,display_name\nx.y,X Y\n'), 403, 'forbidden');
    const empty = await upload(trainer, '');
    expect(empty.status).toBe(200);
    expect(empty.body.problems.length).toBeGreaterThan(0);
    expectError(await upload(trainer, '', true), 422, 'roster_unusable');
    const junk = await upload(trainer, Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    expect(junk.status).toBe(200);
    expect((await t.db.select().from(cohorts)).length).toBe(1);
  });
});
