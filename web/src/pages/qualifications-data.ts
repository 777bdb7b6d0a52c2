import type { InferResponseType } from 'hono/client';
import { api, send, type Me } from '../api';
import { QUALIFICATION_LEVELS, type QualificationLevel } from '../../../db/schema/enums';
import { adminOf, institutionCohorts, institutionMembers, loadInstitutions, type Cohort } from './staff-data';

export type Qualification = InferResponseType<typeof api.qualifications.$get, 200>['qualifications'][number];

export interface Person {
  id: string;
  name: string;
  username?: string;
}

const STAFF = new Set(['trainer', 'master_trainer', 'institution_admin']);

/** Institutions whose cohorts the person may list: all of them for a programme admin. */
async function staffInstitutions(person: Me) {
  if (person.programmeAdmin) return (await loadInstitutions()).map((i) => ({ id: i.id, name: i.name }));
  const seen = new Map(person.memberships.filter((m) => STAFF.has(m.role)).map((m) => [m.institutionId, m.institutionName]));
  return [...seen].map(([id, name]) => ({ id, name }));
}

/**
 * Everything the qualifications screen of one course shows: its qualifications, the names of
 * the people in them, the course's cohorts the person can see (the evidence a grant names),
 * and the people they could qualify. The API names nobody in a qualification, so names come
 * from the lineage, the cohorts' trainers and (for admins) their institutions' members.
 */
export async function loadCourseQualifications(person: Me, courseId: string) {
  const institutions = await staffInstitutions(person);
  const administered = person.programmeAdmin ? institutions : adminOf(person).map((m) => ({ id: m.institutionId, name: m.institutionName }));
  const [qualifications, lineage, cohortLists, memberLists] = await Promise.all([
    send(api.qualifications.$get({ query: { courseId } })).then((r) => r.qualifications),
    send(api.cascade[':courseId'].lineage.$get({ param: { courseId } })),
    Promise.all(institutions.map((i) => institutionCohorts(i.id).catch(() => [] as Cohort[]))),
    Promise.all(administered.map((i) => institutionMembers(i.id).catch(() => []))),
  ]);
  const cohorts = cohortLists.flat().filter((c) => c.courses.includes(courseId));
  const people = new Map<string, Person>();
  for (const m of memberLists.flat()) people.set(m.userId, { id: m.userId, name: m.displayName, username: m.username });
  for (const c of cohorts) for (const x of c.trainers) people.set(x.userId, { id: x.userId, name: x.displayName, username: x.username });
  for (const p of lineage.people) if (!people.has(p.id)) people.set(p.id, { id: p.id, name: p.name });
  // Someone whose every step here was revoked has left the lineage: their trainer page still names them.
  const unnamed = [...new Set(qualifications.flatMap((q) => [q.userId, q.grantedBy ?? '']))].filter((id) => id && !people.has(id));
  const found = await Promise.all(unnamed.map((userId) => send(api.trainers[':userId'].$get({ param: { userId } })).catch(() => undefined)));
  for (const p of found) if (p) people.set(p.id, { id: p.id, name: p.name });
  return { qualifications, people, cohorts, administered };
}

export type CourseQualifications = Awaited<ReturnType<typeof loadCourseQualifications>>;

/** The person's standing levels in the course. */
const mine = (person: Me, qualifications: readonly Qualification[]) =>
  new Set(qualifications.filter((q) => q.userId === person.id && q.status === 'active').map((q) => q.level));

/**
 * The levels the person may grant in the course, as worker/cascade/qualifications.ts decides:
 * candidates by an institution's admin, co-facilitators by a certified or master trainer,
 * certified and master trainers by a master trainer; a programme admin grants any.
 */
export function grantableLevels(person: Me, qualifications: readonly Qualification[]): QualificationLevel[] {
  if (person.programmeAdmin) return [...QUALIFICATION_LEVELS];
  const levels = mine(person, qualifications);
  const leads = levels.has('certified_trainer') || levels.has('master_trainer');
  return QUALIFICATION_LEVELS.filter((level) => {
    if (level === 'candidate') return adminOf(person).length > 0;
    if (level === 'co_facilitator') return leads;
    return levels.has('master_trainer');
  });
}

/** Master trainers of the course (and programme admins) suspend, reinstate and revoke others' qualifications. */
export const mayChange = (person: Me, qualifications: readonly Qualification[], q: Qualification) =>
  q.status !== 'revoked' && (person.programmeAdmin || (q.userId !== person.id && mine(person, qualifications).has('master_trainer')));
