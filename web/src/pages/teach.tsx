import { createResource, For, Show, Suspense } from 'solid-js';
import type { Me } from '../api';
import { loadCatalogue } from '../content';
import { formatNumber } from '../format';
import { locale, t } from '../i18n';
import { ts } from '../i18n/staff';
import { ti } from '../i18n/integrations';
import { me } from '../session';
import { StaffLoadError } from '../ui/figures';
import { Page } from '../ui/page';
import { adminOf, courseTitles, institutionCohorts, loadInstitutions } from './staff-data';

interface Item {
  id: string;
  name: string;
  learners?: number;
  courses?: string[];
  closed?: boolean;
}

/**
 * The cohorts to show: those the person trains, and every cohort of the institutions they
 * administer (all institutions for a programme admin), grouped by institution.
 */
async function loadGroups(person: Me) {
  const trained = person.cohorts.filter((c) => c.role === 'trainer');
  const administered = person.programmeAdmin
    ? (await loadInstitutions()).map((i) => ({ id: i.id, name: i.name }))
    : adminOf(person).map((m) => ({ id: m.institutionId, name: m.institutionName }));
  const names = new Map([...person.memberships.map((m) => [m.institutionId, m.institutionName] as const), ...administered.map((i) => [i.id, i.name] as const)]);
  const ids = [...new Set([...administered.map((i) => i.id), ...trained.map((c) => c.institutionId)])];
  const groups = await Promise.all(
    ids.map(async (institutionId) => {
      const mine = trained.filter((c) => c.institutionId === institutionId);
      // A trainer whose institution list is refused still sees the cohorts /api/me names.
      const listed = await institutionCohorts(institutionId).catch(() => null);
      const all = administered.some((i) => i.id === institutionId);
      const cohorts: Item[] = listed
        ? listed.filter((c) => all || mine.some((m) => m.id === c.id)).map((c) => ({ id: c.id, name: c.name, learners: c.learners, courses: c.courses, closed: c.status === 'closed' }))
        : mine.map((c) => ({ id: c.id, name: c.name }));
      return { institutionId, name: names.get(institutionId) ?? '', cohorts };
    }),
  );
  return groups.filter((g) => g.cohorts.length > 0);
}

const isStaff = (person: Me) => person.programmeAdmin || person.memberships.some((m) => m.role !== 'learner' && m.role !== 'mentor');

/** "My cohorts" for trainers and admins, with the way to the reports and the trainer lineage. */
export function Teach() {
  const titleOf = courseTitles();
  const [groups, { refetch }] = createResource(me, loadGroups);
  const [catalogue] = createResource(locale, (l) => loadCatalogue(l).catch(() => undefined));
  const reports = () => Boolean(me()?.programmeAdmin || adminOf(me()!).length);
  // Curriculum adoption is kept by each institution's admins.
  const [administered] = createResource(me, (person) =>
    person.programmeAdmin ? loadInstitutions().catch(() => []) : adminOf(person).map((m) => ({ id: m.institutionId, name: m.institutionName })),
  );
  return (
    <Page title={ts('teachTitle')}>
      <Show when={me() && isStaff(me()!)} fallback={<p class="alert">{ts('notAllowed')}</p>}>
        <Show when={reports()}>
          <p>
            <a href="/reports">{ts('reportsTitle')}</a>
          </p>
        </Show>
        <Suspense fallback={<p class="muted">{t('loading')}</p>}>
          <Show when={!groups.error} fallback={<StaffLoadError error={groups.error} retry={refetch} />}>
            <Show when={groups()?.length} fallback={<p>{ts('teachNone')}</p>}>
              <For each={groups()}>
                {(g) => (
                  <section>
                    <h2>{g.name}</h2>
                    <ul class="cards" data-institution={g.institutionId}>
                      <For each={g.cohorts}>
                        {(c) => (
                          <li>
                            <a href={`/teach/${c.id}`} class="strong">
                              {c.name}
                            </a>
                            <Show when={c.closed}>
                              {' '}
                              <span class="tag">{ts('cohortClosed')}</span>
                            </Show>
                            <p class="facts">
                              <Show when={c.learners !== undefined}>
                                <span>{ts('learnersCount', { count: formatNumber(c.learners ?? 0) })}</span>
                              </Show>
                              <For each={c.courses}>{(id) => <span>{titleOf(id)}</span>}</For>
                            </p>
                          </li>
                        )}
                      </For>
                    </ul>
                  </section>
                )}
              </For>
            </Show>
          </Show>
        </Suspense>
        <Suspense>
          <Show when={catalogue()?.courses.length}>
            <h2>{ts('lineageTitle')}</h2>
            <ul class="links" id="lineage-links">
              <For each={catalogue()?.courses}>
                {(course) => (
                  <li>
                    <a href={`/cascade/${encodeURIComponent(course.id)}`}>{course.title}</a>
                  </li>
                )}
              </For>
            </ul>
            <h2>{ts('qualificationsTitle')}</h2>
            <ul class="links" id="qualification-links">
              <For each={catalogue()?.courses}>
                {(course) => (
                  <li>
                    <a href={`/qualifications/${encodeURIComponent(course.id)}`}>{course.title}</a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Suspense>
        <Suspense>
          <Show when={administered()?.length}>
            <h2>{ts('adoptionTitle')}</h2>
            <ul class="links" id="adoption-links">
              <For each={administered()}>
                {(i) => (
                  <li>
                    <a href={`/institutions/${i.id}/adoptions`}>{i.name}</a>
                  </li>
                )}
              </For>
            </ul>
            <h2>{ti('connectionsTitle')}</h2>
            <ul class="links" id="connection-links">
              <For each={administered()}>
                {(i) => (
                  <li>
                    <a href={`/institutions/${i.id}/connections`}>{i.name}</a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Suspense>
      </Show>
    </Page>
  );
}
