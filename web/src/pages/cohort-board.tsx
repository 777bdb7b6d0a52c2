import { createResource, createSignal, For, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { t } from '../i18n';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { me } from '../session';
import { FigureList, StaffLoadError } from '../ui/figures';
import { Page } from '../ui/page';
import { BoardTable, type Board } from './board-table';
import { Announcements, IssueCertificates, JoinCode } from './cohort-tools';
import { courseTitles, findCohort, managesIn, teachesIn, type Cohort } from './staff-data';

const loadBoard = (cohortId: string) => send(api.cohorts[':cohortId'].board.$get({ param: { cohortId } }));

function Summary(props: { summary: Board['summary'] }) {
  const items = () =>
    [
      ['board.learners', props.summary.learners],
      ['board.stuck', props.summary.stuck],
      ['board.ready', props.summary.readyToCertify],
      ['board.certified', props.summary.certified],
    ] as const;
  return (
    <FigureList id="board-summary" items={items()} />
  );
}

/** A cohort's board: who is where in which course, who is stuck, who can be certified, and the cohort's tools. */
export function CohortBoard(props: { params: Params }) {
  const cohortId = () => props.params.cohortId ?? '';
  const titleOf = courseTitles();
  const [board, { refetch }] = createResource(cohortId, loadBoard);
  // Not a resource: the join code may come later than the board without holding the page back.
  const [cohort, setCohort] = createSignal<Cohort>();
  const person = me();
  if (person) findCohort(person, cohortId()).then(setCohort, () => undefined);
  const [chosen, setChosen] = createSignal<string>();
  const [onlyReady, setOnlyReady] = createSignal(false);
  const courseId = () => chosen() ?? board.latest?.courses[0]?.courseId ?? '';
  // Plain functions, read only inside the Suspense below (a memo would suspend the whole screen).
  const learners = () => (board.latest?.learners ?? []).filter((l) => !onlyReady() || l.courses.some((c) => c.courseId === courseId() && c.readyToCertify));
  const mayIssue = () => Boolean(person && cohort() && teachesIn(person, cohort()!.institutionId));
  /** The board came, so the person may run this cohort: its join code and announcements follow. */
  const loaded = () => board.state === 'ready' || board.state === 'refreshing';
  return (
    <Page title={cohort()?.name ?? ts('cohortBoard')}>
      <ul class="links">
        <li>
          <a href="/teach">{ts('teachTitle')}</a>
        </li>
        {/* The board came, so the person runs this cohort and may import its roster (the same rule). */}
        <Show when={loaded()}>
          <li>
            <a href={`/teach/${cohortId()}/import`}>{ts('importTitle')}</a>
          </li>
        </Show>
        <Show when={person && cohort() && managesIn(person, cohort()!.institutionId)}>
          <li>
            <a href={`/teach/${cohortId()}/settings`}>{ts('cohortSettings')}</a>
          </li>
        </Show>
      </ul>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!board.error} fallback={<StaffLoadError error={board.error} retry={refetch} />}>
          {/* `latest`, so a refresh after issuing keeps the page (and the issue result) in place. */}
          <Show when={board.latest}>
            {(b) => (
              <div class="wide">
                <Summary summary={b().summary} />
                <Show when={b().courses.length > 1}>
                  <div class="field">
                    <label for="f-course">{ts('by.course')}</label>
                    <select id="f-course" onChange={(e) => setChosen(e.currentTarget.value)}>
                      <For each={b().courses}>
                        {(c) => (
                          <option value={c.courseId} selected={c.courseId === courseId()}>
                            {titleOf(c.courseId)}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                </Show>
                <div class="toggle">
                  <input type="checkbox" id="only-ready" checked={onlyReady()} onChange={(e) => setOnlyReady(e.currentTarget.checked)} />
                  <label for="only-ready">{ts('onlyReady')}</label>
                </div>
                <Show when={b().learners.length} fallback={<p>{ts('noLearners')}</p>}>
                  <Show when={learners().length} fallback={<p>{ts('noneReady')}</p>}>
                    <BoardTable cohortId={cohortId()} courseId={courseId()} learners={learners()} caption={titleOf(courseId())} />
                  </Show>
                </Show>
                <Show when={mayIssue() && courseId()}>
                  <h2>{ts('issueTitle', { course: titleOf(courseId()) })}</h2>
                  <IssueCertificates cohortId={cohortId()} courseId={courseId()} learners={b().learners} onIssued={() => void refetch()} />
                </Show>
              </div>
            )}
          </Show>
        </Show>
      </Suspense>
      <Show when={loaded() && cohort()}>
        {(c) => (
          <>
            <h2>{t('joinCode')}</h2>
            <JoinCode cohort={c()} onChange={setCohort} />
          </>
        )}
      </Show>
      <Show when={loaded()}>
        <h2>{ts('announcements')}</h2>
        <Announcements cohortId={cohortId()} />
      </Show>
    </Page>
  );
}
