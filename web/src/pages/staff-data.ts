import { createSignal, createEffect, on } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { api, ApiError, send, type Me, type Role } from '../api';
import { loadCatalogue } from '../content';
import { locale } from '../i18n';

export type Cohort = InferResponseType<(typeof api.institutions)[':institutionId']['cohorts']['$get'], 200>['cohorts'][number];
export type Institution = InferResponseType<typeof api.institutions.$get, 200>['institutions'][number];

const TEACHING: readonly Role[] = ['trainer', 'master_trainer'];

/** Whether the person may run cohorts, issue certificates and see the lineage in `institutionId`. */
export const teachesIn = (person: Me, institutionId: string) =>
  person.programmeAdmin || person.memberships.some((m) => m.institutionId === institutionId && TEACHING.includes(m.role));

/** The institutions whose every cohort and report the person may see. */
export const adminOf = (person: Me) => person.memberships.filter((m) => m.role === 'institution_admin');

/** Whether the person may change a cohort's details, lead and co-facilitators there (worker/policy.ts `cohort.manage`). */
export const managesIn = (person: Me, institutionId: string) => person.programmeAdmin || adminOf(person).some((m) => m.institutionId === institutionId);

/** Whether the person may see trainers' qualifications and lineage (worker/policy.ts `cascade.read`). */
export const readsCascade = (person: Me) =>
  person.programmeAdmin || person.memberships.some((m) => m.role === 'trainer' || m.role === 'master_trainer' || m.role === 'institution_admin');

export type Member = InferResponseType<(typeof api.institutions)[':institutionId']['members']['$get'], 200>['members'][number];

export const institutionMembers = async (institutionId: string) =>
  (await send(api.institutions[':institutionId'].members.$get({ param: { institutionId } }))).members;

export const loadInstitutions = async () => (await send(api.institutions.$get())).institutions;

export const institutionCohorts = async (institutionId: string) =>
  (await send(api.institutions[':institutionId'].cohorts.$get({ param: { institutionId } }))).cohorts;

/**
 * One cohort's details (name, join code). The API has no `GET /api/cohorts/{id}`, so this looks
 * in the cohort lists of the institutions the person could run it in: the one named in their
 * own cohorts first, then those they administer (every institution for a programme admin).
 */
export async function findCohort(person: Me, cohortId: string): Promise<Cohort> {
  const own = person.cohorts.find((c) => c.id === cohortId)?.institutionId;
  const staff = person.memberships.filter((m) => m.role !== 'learner' && m.role !== 'mentor').map((m) => m.institutionId);
  const tried = new Set<string>();
  const lookIn = async (ids: readonly string[]) => {
    for (const institutionId of ids.filter((id) => !tried.has(id))) {
      tried.add(institutionId);
      const found = (await institutionCohorts(institutionId).catch(() => [])).find((c) => c.id === cohortId);
      if (found) return found;
    }
    return undefined;
  };
  const found = (await lookIn([...(own ? [own] : []), ...staff])) ?? (person.programmeAdmin ? await lookIn((await loadInstitutions()).map((i) => i.id)) : undefined);
  if (!found) throw new ApiError('not_found', 'No such cohort.');
  return found;
}

/** Course titles in the reader's language, by id; the id until the catalogue arrives (or offline). */
export function courseTitles(): (courseId: string) => string {
  const [titles, setTitles] = createSignal<ReadonlyMap<string, string>>(new Map());
  createEffect(
    on(locale, (l) => {
      loadCatalogue(l).then(
        (c) => setTitles(new Map(c.courses.map((course) => [course.id, course.title]))),
        () => undefined,
      );
    }),
  );
  return (courseId) => titles().get(courseId) ?? courseId;
}
