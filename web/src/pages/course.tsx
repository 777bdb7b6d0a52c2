import { createResource, For, onMount, Show, Suspense } from 'solid-js';
import { loadCourse } from '../content';
import { api, send } from '../api';
import { formatBytes, formatDate, formatMinutes, formatNumber, formatTime } from '../format';
import { locale, t } from '../i18n';
import { catchUp, courseProgress } from '../offline/progress';
import type { LessonState } from '../offline/store';
import type { Params } from '../router';
import { LoadError } from '../ui/load-error';
import { Notice } from '../ui/notice';
import { Page } from '../ui/page';
import { DownloadPanel } from './download-panel';

function LessonStatus(props: { state: LessonState | undefined }) {
  return (
    <Show when={props.state?.completedAt} fallback={<Show when={props.state?.openedAt}>{<span class="tag">{t('statusStarted')}</span>}</Show>}>
      {(at) => <span class="tag done">{t('completedOn', { date: formatDate(at()) })}</span>}
    </Show>
  );
}

/**
 * Where the learner stands with the assessment, when the server can say: passed, an attempt to
 * resume, a cool-down running, or every attempt used. Offline, simply the way in.
 */
function AssessmentEntry(props: { courseId: string }) {
  const [mine] = createResource(
    () => props.courseId,
    (courseId) => (navigator.onLine ? send(api.attempts.$get({ query: { courseId } })).catch(() => undefined) : undefined),
  );
  const waitUntil = () => {
    const at = mine.latest?.nextAttemptAt;
    return at && new Date(at).getTime() > Date.now() ? new Date(at) : undefined;
  };
  const start = (label: string) => (
    <p>
      <a class="button" href={`/courses/${props.courseId}/assessment`}>
        {label}
      </a>
    </p>
  );
  return (
    <Show when={mine.latest} fallback={start(t('startAssessment'))}>
      {(m) => (
        <>
          <Show when={m().attemptsUsed > 0 && !m().passed}>
            <p id="attempts-used">{t('attemptsUsed', { used: formatNumber(m().attemptsUsed), allowed: formatNumber(m().attemptsAllowed) })}</p>
          </Show>
          <Show
            when={!m().passed}
            fallback={
              <p class="notice info">
                {t('assessmentPassed')} <a href="/certificates">{t('myCertificates')}</a>
              </p>
            }
          >
            <Show when={!m().openAttemptId} fallback={start(t('resumeAssessment'))}>
              <Show when={m().attemptsUsed < m().attemptsAllowed} fallback={<p>{t('attemptLimitHelp')}</p>}>
                <Show when={waitUntil()} fallback={start(t('startAssessment'))}>
                  {(at) => <p>{t('tryAgainAt', { time: formatTime(at()) })}</p>}
                </Show>
              </Show>
            </Show>
          </Show>
        </>
      )}
    </Show>
  );
}

/** A course: what it teaches, its lessons with this learner's progress, and the offline download. */
export function Course(props: { params: Params }) {
  const courseId = () => props.params.courseId ?? '';
  const [course, { refetch }] = createResource(() => [courseId(), locale()] as const, ([id, l]) => loadCourse(id, l));
  const [progress, { refetch: reloadProgress }] = createResource(courseId, courseProgress);
  onMount(() => void catchUp(courseId()).then((changed) => changed && reloadProgress()));
  const completed = () => [...(progress.latest?.values() ?? [])].filter((s) => s.completedAt).length;
  return (
    <Suspense fallback={<p class="muted">{t('loading')}</p>}>
      <Show when={!course.error} fallback={<LoadError error={course.error} retry={refetch} />}>
        <Show when={course()}>
          {(c) => (
            <Page title={c().title}>
              <p>{c().summary}</p>
              <Show when={c().fallback}>
                <Notice>{t('courseNotTranslated')}</Notice>
              </Show>
              <p class="facts">
                <span>{t('lessonsCount', { count: formatNumber(c().lessons.length) })}</span>
                <span>{t('studyTime', { time: formatMinutes(c().minutes) })}</span>
                <span>{t('downloadSize', { size: formatBytes(c().pack.gzipBytes) })}</span>
              </p>
              <h2>{t('courseLessons')}</h2>
              <p class="muted" id="course-progress">
                {t('lessonsDone', { done: formatNumber(completed()), total: formatNumber(c().lessons.length) })}
              </p>
              <ol class="lessons">
                <For each={c().lessons}>
                  {(lesson) => (
                    <li>
                      <a href={`/courses/${c().id}/lessons/${lesson.id}`}>{lesson.title}</a>
                      <p class="muted">
                        {formatMinutes(lesson.minutes)} <LessonStatus state={progress.latest?.get(lesson.id)} />
                      </p>
                      <Show when={lesson.fallback}>
                        <p class="muted">{t('lessonNotTranslated')}</p>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
              <section class="assessment-entry" aria-labelledby="assessment-heading">
                <h2 id="assessment-heading">{t('assessmentTitle')}</h2>
                <p class="muted">
                  {t('assessmentFacts', {
                    count: formatNumber(c().certificate.summative.draw),
                    time: formatMinutes(c().certificate.summative.timeLimitMinutes),
                    mark: new Intl.NumberFormat(locale(), { style: 'percent' }).format(c().certificate.summative.passMark),
                    attempts: formatNumber(c().certificate.summative.attempts),
                  })}
                </p>
                <p class="muted">{t('assessmentEntryHint')}</p>
                <AssessmentEntry courseId={c().id} />
              </section>
              <DownloadPanel course={c()} />
              <h2>{t('outcomes')}</h2>
              <ul>
                <For each={c().outcomes}>{(o) => <li>{o.text}</li>}</For>
              </ul>
            </Page>
          )}
        </Show>
      </Show>
    </Suspense>
  );
}
