import { createResource, For, onMount, Show, Suspense } from 'solid-js';
import { loadCourse } from '../content';
import { formatBytes, formatDate, formatMinutes, formatNumber } from '../format';
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
                <p>
                  <a class="button" href={`/courses/${c().id}/assessment`}>
                    {t('startAssessment')}
                  </a>
                </p>
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
