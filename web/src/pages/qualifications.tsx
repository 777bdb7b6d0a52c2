import { createResource, For, Show, Suspense } from 'solid-js';
import type { Me } from '../api';
import { formatDate, formatNumber } from '../format';
import { t } from '../i18n';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { me } from '../session';
import { StaffLoadError } from '../ui/figures';
import { Page } from '../ui/page';
import { QUALIFICATION_LEVELS, type QualificationLevel } from '../../../db/schema/enums';
import { GrantForm, StatusForm } from './qualification-forms';
import { grantableLevels, loadCourseQualifications, mayChange, type CourseQualifications, type Qualification } from './qualifications-data';
import { courseTitles, readsCascade } from './staff-data';

function QualificationCard(props: { q: Qualification; data: CourseQualifications; person: Me; onChange: () => void }) {
  const name = (id: string | null) => (id ? (props.data.people.get(id)?.name ?? t('notSaid')) : t('notSaid'));
  const cohorts = () => props.q.evidence.cohortIds.map((id) => props.data.cohorts.find((c) => c.id === id)?.name).filter((n): n is string => Boolean(n));
  return (
    <li data-qualification={props.q.id} data-user={props.q.userId}>
      <a href={`/trainers/${props.q.userId}`} class="strong">
        {name(props.q.userId)}
      </a>{' '}
      <Show when={props.q.status !== 'active'}>
        <span class="tag bad">{ts(`qual.${props.q.status}`)}</span>
      </Show>
      <p class="facts">
        <span>{ts('grantedByOn', { name: name(props.q.grantedBy), date: formatDate(props.q.grantedAt) })}</span>
        <span>{ts('cohortsCoDelivered', { count: formatNumber(props.q.evidence.cohortIds.length) })}</span>
      </p>
      <Show when={cohorts().length}>
        <p class="small">{cohorts().join(' · ')}</p>
      </Show>
      <Show when={props.q.evidence.observation}>
        {(o) => (
          <p class="small pre">
            {ts('observation')}: {o()}
          </p>
        )}
      </Show>
      <Show when={props.q.statusReason}>{(r) => <p class="small">{t('statusReason', { reason: r() })}</p>}</Show>
      <Show when={mayChange(props.person, props.data.qualifications, props.q)}>
        <details class="change">
          <summary>{ts('changeStatus', { name: name(props.q.userId) })}</summary>
          <StatusForm q={props.q} onChanged={props.onChange} />
        </details>
      </Show>
    </li>
  );
}

const ORDER: readonly QualificationLevel[] = [...QUALIFICATION_LEVELS].reverse();

/** The trainer pathway of one course, level by level, with grants, suspensions and revocations for those allowed. */
export function Qualifications(props: { params: Params }) {
  const courseId = () => props.params.courseId ?? '';
  const titleOf = courseTitles();
  const [data, { refetch }] = createResource(courseId, (id) => loadCourseQualifications(me()!, id));
  const at = (level: QualificationLevel) => (data.latest?.qualifications ?? []).filter((q) => q.level === level);
  return (
    <Page title={ts('qualificationsOf', { course: titleOf(courseId()) })}>
      <Show when={readsCascade(me()!)} fallback={<p class="alert">{ts('notAllowed')}</p>}>
        <p>
          <a href={`/cascade/${encodeURIComponent(courseId())}`}>{ts('lineageTitle')}</a>
        </p>
        <p class="hint">{ts('pathwayHint')}</p>
        <Suspense fallback={<p class="muted">{t('loading')}</p>}>
          <Show when={!data.error} fallback={<StaffLoadError error={data.error} retry={refetch} />}>
            <Show when={data.latest}>
              {(d) => (
                <>
                  <For each={ORDER}>
                    {(level) => (
                      <section id={`level-${level}`} aria-labelledby={`level-${level}-title`}>
                        <h2 id={`level-${level}-title`}>
                          {ts(`level.${level}`)} ({formatNumber(at(level).length)})
                        </h2>
                        <Show when={at(level).length} fallback={<p class="muted">{ts('noneAtLevel')}</p>}>
                          <ul class="cards">
                            <For each={at(level)}>{(q) => <QualificationCard q={q} data={d()} person={me()!} onChange={() => void refetch()} />}</For>
                          </ul>
                        </Show>
                      </section>
                    )}
                  </For>
                  <Show when={grantableLevels(me()!, d().qualifications).length}>
                    <h2 id="grant-title">{ts('grantTitle')}</h2>
                    <GrantForm courseId={courseId()} data={d()} levels={grantableLevels(me()!, d().qualifications)} onGranted={() => void refetch()} />
                  </Show>
                </>
              )}
            </Show>
          </Show>
        </Suspense>
      </Show>
    </Page>
  );
}
