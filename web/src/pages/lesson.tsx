import { createEffect, createResource, For, on, Show, Suspense } from 'solid-js';
import { loadLessonView, type LessonView } from '../content';
import { formatDate, formatMinutes, formatNumber } from '../format';
import { locale, t } from '../i18n';
import { record } from '../offline/outbox';
import { lessonLocal } from '../offline/progress';
import type { Params } from '../router';
import { LoadError } from '../ui/load-error';
import { Notice } from '../ui/notice';
import { Page } from '../ui/page';
import { CheckForm } from './check';
import { LessonBody } from './lesson-body';

type Loaded = LessonView;

/**
 * The lesson reader. A lesson is complete when the learner presses "Mark this lesson complete"
 * at its end: the formative checks are practice with instant feedback, and do not gate it
 * (the summative assessment gates the certificate). Opening is recorded once per lesson.
 */
export function Lesson(props: { params: Params }) {
  const key = () => [props.params.courseId ?? '', props.params.lessonId ?? '', locale()] as const;
  const [data, { refetch }] = createResource(key, ([courseId, lessonId, l]) => loadLessonView(courseId, lessonId, l));
  const [local, { refetch: reloadLocal }] = createResource(() => [props.params.courseId ?? '', props.params.lessonId ?? ''] as const, ([c, l]) => lessonLocal(c, l));

  const event = (d: Loaded) => ({ courseId: d.course.id, courseVersion: d.file.courseVersion, lessonId: d.file.id });
  createEffect(
    // `latest`: a refetch after each event must not blank the page through Suspense.
    on([data, () => local.latest], ([d, state]) => {
      if (d && state && !state.lesson?.openedAt) void record({ type: 'lesson.opened', ...event(d) }).then(reloadLocal);
    }),
  );
  const complete = async (d: Loaded) => {
    await record({ type: 'lesson.completed', ...event(d) });
    await reloadLocal();
  };
  const answer = async (d: Loaded, checkId: string, picked: string[], correct: boolean) => {
    await record({ type: 'check.answered', ...event(d), checkId, answer: picked, correct });
  };

  return (
    <Suspense fallback={<p class="muted">{t('loading')}</p>}>
      <Show when={!data.error} fallback={<LoadError error={data.error} retry={refetch} />}>
        <Show when={data()}>
          {(d) => (
            <Page title={d().file.title}>
              <p class="muted">
                <a href={`/courses/${d().course.id}`}>{d().course.title}</a> ·{' '}
                {t('lessonOf', { n: formatNumber(d().index + 1), total: formatNumber(d().course.lessons.length) })} · {formatMinutes(d().file.minutes)}
              </p>
              <Show when={d().course.lessons[d().index]?.fallback}>
                <Notice>{t('lessonNotTranslated')}</Notice>
              </Show>
              <article class="lesson" lang={d().file.locale} dir={d().file.locale === 'ar' ? 'rtl' : 'ltr'}>
                <Show when={d().file.outcomes.length}>
                  <section class="outcomes" aria-label={t('lessonOutcomes')}>
                    <p>
                      <strong>{t('lessonOutcomes')}</strong>
                    </p>
                    <ul>
                      <For each={d().file.outcomes}>{(o) => <li>{o.text}</li>}</For>
                    </ul>
                  </section>
                </Show>
                <LessonBody html={d().file.html} />
                <Show when={d().file.checks.length}>
                  <section class="checks" aria-labelledby="checks-title">
                    <h2 id="checks-title">{t('checksTitle')}</h2>
                    <Show when={local.latest}>
                      {(state) => (
                        <For each={d().file.checks}>
                          {(check) => <CheckForm check={check} saved={state().checks.get(check.id)} onAnswer={(picked, ok) => answer(d(), check.id, picked, ok)} />}
                        </For>
                      )}
                    </Show>
                  </section>
                </Show>
                <Show when={d().file.references.length}>
                  <section aria-labelledby="references-title">
                    <h2 id="references-title">{t('references')}</h2>
                    <ul class="references">
                      <For each={d().file.references}>
                        {(r) => (
                          <li>
                            <a href={r.url} rel="noopener">
                              {r.title}
                            </a>{' '}
                            <span class="muted">
                              {r.publisher}, {r.year}
                            </span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </section>
                </Show>
              </article>
              <div class="complete" aria-live="polite">
                <Show
                  when={local.latest?.lesson?.completedAt}
                  fallback={
                    <button type="button" class="primary" id="mark-complete" onClick={() => void complete(d())}>
                      {t('markComplete')}
                    </button>
                  }
                >
                  {(at) => <Notice kind="ok">{t('lessonCompleted', { date: formatDate(at()) })}</Notice>}
                </Show>
              </div>
              <nav class="pager" aria-label={t('lessonNav')}>
                <Show when={d().course.lessons[d().index - 1]}>
                  {(prev) => (
                    <a class="prev" rel="prev" href={`/courses/${d().course.id}/lessons/${prev().id}`}>
                      <span class="small">{t('previousLesson')}</span> {prev().title}
                    </a>
                  )}
                </Show>
                <Show when={d().course.lessons[d().index + 1]} fallback={<a class="next" href={`/courses/${d().course.id}`}>{t('backToCourse')}</a>}>
                  {(next) => (
                    <a class="next" rel="next" href={`/courses/${d().course.id}/lessons/${next().id}`}>
                      <span class="small">{t('nextLesson')}</span> {next().title}
                    </a>
                  )}
                </Show>
              </nav>
            </Page>
          )}
        </Show>
      </Show>
    </Suspense>
  );
}
