import { createResource, createSignal, For, Show, Suspense } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { api, send } from '../api';
import { formatDate, formatNumber } from '../format';
import { t } from '../i18n';
import { ts } from '../i18n/staff';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import type { BoardLearner } from './board-table';
import type { Cohort } from './staff-data';

type Issued = InferResponseType<typeof api.certificates.bulk.$post, 200>;

/** Certifies every learner of the cohort who is eligible for one course, and says why the others were not. */
export function IssueCertificates(props: { cohortId: string; courseId: string; learners: BoardLearner[]; onIssued: () => void }) {
  const form = createForm();
  const [result, setResult] = createSignal<Issued>();
  const nameOf = (id: string) => props.learners.find((l) => l.userId === id)?.displayName ?? id;
  const issue = (event: SubmitEvent) =>
    form.submit(event, async () => {
      setResult(undefined);
      setResult(await send(api.certificates.bulk.$post({ json: { cohortId: props.cohortId, courseId: props.courseId } })));
      props.onIssued();
    });
  return (
    <form method="post" onSubmit={issue} class="issue">
      <FormError form={form} />
      <Submit form={form}>{ts('issueAll')}</Submit>
      <div role="status" id="issue-result">
        <Show when={result()}>
          {(r) => (
            <>
              <p>
                {ts('issueResult', {
                  issued: formatNumber(r().issued.length),
                  already: formatNumber(r().alreadyIssued.length),
                  skipped: formatNumber(r().skipped.length),
                })}
              </p>
              <Show when={r().skipped.length}>
                <ul class="skipped">
                  <For each={r().skipped}>
                    {(s) => (
                      <li>
                        <strong>{nameOf(s.learnerId)}</strong>{' '}
                        {/* The server gives its reasons in English only. */}
                        <span lang="en">{s.reason}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Show>
      </div>
    </form>
  );
}

/** The cohort's join code, to read aloud or write on a board, and a fresh one (valid for as many days as chosen) when it leaked. */
export function JoinCode(props: { cohort: Cohort; onChange: (cohort: Cohort) => void }) {
  const form = createForm();
  const rotate = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const validDays = Number(v.validDays) || undefined;
      props.onChange(await send(api.cohorts[':cohortId']['join-code'].$post({ param: { cohortId: props.cohort.id }, json: { validDays } })));
    });
  return (
    <form method="post" onSubmit={rotate}>
      <p id="join-code">
        {t('joinCode')}: <code class="code">{props.cohort.joinCode}</code>
        <Show when={props.cohort.joinCodeExpiresAt}>{(at) => <span class="small muted">{ts('joinCodeUntil', { date: formatDate(at()) })}</span>}</Show>
      </p>
      <FormError form={form} />
      <Field name="validDays" type="number" inputmode="numeric" min="1" max="365" value="60" label={ts('joinCodeDays')} error={form.fieldError('validDays')} class="short" />
      <p class="hint" id="new-code-hint">
        {ts('newJoinCodeHint')}
      </p>
      <button type="submit" disabled={form.busy()} aria-busy={form.busy()} aria-describedby="new-code-hint">
        {form.busy() ? t('working') : ts('newJoinCode')}
      </button>
    </form>
  );
}

const loadAnnouncements = async (cohortId: string) =>
  (await send(api.cohorts[':cohortId'].announcements.$get({ param: { cohortId } }))).announcements;

/** What the trainer told the cohort, newest first, and a form to tell it more. */
export function Announcements(props: { cohortId: string }) {
  const form = createForm();
  const [list, { refetch }] = createResource(() => props.cohortId, loadAnnouncements);
  const [posted, setPosted] = createSignal(false);
  const post = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setPosted(false);
      await send(api.cohorts[':cohortId'].announcements.$post({ param: { cohortId: props.cohortId }, json: { body: v.body ?? '' } }));
      (event.target as HTMLFormElement).reset();
      setPosted(true);
      void refetch();
    });
  const error = () => form.fieldError('body');
  return (
    <>
      <form method="post" onSubmit={post} onInput={() => setPosted(false)}>
        <FormError form={form} />
        <div class="field">
          <label for="f-body">{ts('newAnnouncement')}</label>
          <textarea id="f-body" name="body" rows="4" maxlength="2000" required aria-invalid={error() ? true : undefined} aria-describedby={error() ? 'f-body-error' : undefined} />
          <Show when={error()}>
            <p class="field-error" id="f-body-error">
              {error()}
            </p>
          </Show>
        </div>
        <Submit form={form}>{ts('post')}</Submit>
        <p role="status" class="status">
          {posted() ? ts('posted') : ''}
        </p>
      </form>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!list.error} fallback={<LoadError error={list.error} retry={refetch} />}>
          <Show when={list()?.length} fallback={<p>{ts('noAnnouncements')}</p>}>
            <ul class="cards" id="announcements">
              <For each={list()}>
                {(a) => (
                  <li>
                    <p class="pre">{a.body}</p>
                    <p class="small muted">{a.author ? ts('postedBy', { name: a.author, date: formatDate(a.createdAt) }) : formatDate(a.createdAt)}</p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Suspense>
    </>
  );
}
