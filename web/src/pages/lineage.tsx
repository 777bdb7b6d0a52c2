import { createResource, For, Show, Suspense } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { api, send } from '../api';
import { formatNumber } from '../format';
import { locale, t } from '../i18n';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { StaffLoadError } from '../ui/figures';
import { Page } from '../ui/page';
import { courseTitles } from './staff-data';
import { TrainerTags } from './trainer-tags';

type Lineage = InferResponseType<(typeof api.cascade)[':courseId']['lineage']['$get'], 200>;
type Person = Lineage['people'][number];

const loadLineage = (courseId: string) => send(api.cascade[':courseId'].lineage.$get({ param: { courseId } }));

/** The people in each generation, in order: the programme (0), the first trainers (1), whom they trained (2)… */
function generations(people: readonly Person[]): Array<[number, Person[]]> {
  const by = new Map<number, Person[]>();
  for (const p of people) by.set(p.generation, [...(by.get(p.generation) ?? []), p]);
  return [...by].sort((a, b) => a[0] - b[0]);
}

function PersonCard(props: { person: Person; lineage: Lineage }) {
  const p = () => props.person;
  const teachers = () =>
    props.lineage.edges
      .filter((e) => e.to === p().id)
      .map((e) => props.lineage.people.find((q) => q.id === e.from)?.name)
      .filter((name): name is string => Boolean(name));
  return (
    <li data-person={p().id}>
      <a href={`/trainers/${p().id}`} class="strong">
        {p().name}
      </a>{' '}
      <TrainerTags level={p().level} status={p().status} internationalExpert={p().internationalExpert} programme={p().programme} />
      <p class="facts">
        <span>{ts('certificatesIssued', { count: formatNumber(p().certificatesIssued) })}</span>
        <span>{ts('cohortsLed', { count: formatNumber(p().cohortsLed) })}</span>
      </p>
      <Show when={teachers().length}>
        <p class="small">{ts('trainedBy', { names: new Intl.ListFormat(locale()).format(teachers()) })}</p>
      </Show>
    </li>
  );
}

/** Who trained whom in one course, generation by generation: the cascade made visible. */
export function CourseLineage(props: { params: Params }) {
  const courseId = () => props.params.courseId ?? '';
  const titleOf = courseTitles();
  const [lineage, { refetch }] = createResource(courseId, loadLineage);
  return (
    <Page title={ts('lineageOf', { course: titleOf(courseId()) })}>
      <p>
        <a href={`/qualifications/${encodeURIComponent(courseId())}`}>{ts('qualificationsTitle')}</a>
      </p>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!lineage.error} fallback={<StaffLoadError error={lineage.error} retry={refetch} />}>
          <Show when={lineage()}>
            {(l) => (
              <Show when={l().people.length} fallback={<p>{ts('noLineage')}</p>}>
                <For each={generations(l().people)}>
                  {([n, people]) => (
                    <section>
                      <h2>{n === 0 ? t('programmeAdmin') : ts('generation', { n: formatNumber(n) })}</h2>
                      <ul class="cards">
                        <For each={people}>{(person) => <PersonCard person={person} lineage={l()} />}</For>
                      </ul>
                    </section>
                  )}
                </For>
              </Show>
            )}
          </Show>
        </Show>
      </Suspense>
    </Page>
  );
}
