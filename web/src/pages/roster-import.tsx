import { createResource, createSignal, Show } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { api, send } from '../api';
import { formatNumber } from '../format';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { me } from '../session';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';
import { ImportPreview, SetupCodes } from './roster-report';
import { findCohort } from './staff-data';

export type RosterResult = InferResponseType<(typeof api.cohorts)[':cohortId']['roster']['$post'], 200>;

/** The same call previews and, with `commit`, imports: the file is sent as it is, as text/csv. */
const upload = (cohortId: string, file: Blob, commit: boolean) =>
  send(
    api.cohorts[':cohortId'].roster.$post(
      { param: { cohortId }, query: { commit: commit ? 'true' : 'false' } },
      { init: { body: file, headers: { 'Content-Type': 'text/csv' } } },
    ),
  );

/** People who join the cohort: new accounts and existing ones added (those already in it do not count). */
export const joining = (r: RosterResult) => r.summary.create + r.summary.add;

/**
 * Learners from a spreadsheet: the file is checked first, line by line, and nothing is
 * written until the trainer confirms; then every accepted line is imported at once, or none.
 */
export function RosterImport(props: { params: Params }) {
  const cohortId = () => props.params.cohortId ?? '';
  const [cohort] = createResource(cohortId, (id) => findCohort(me()!, id).catch(() => undefined));
  const [file, setFile] = createSignal<File>();
  // The bytes previewed are the bytes imported, even if the file on disk changes in between.
  const [checked, setChecked] = createSignal<Blob>();
  const [preview, setPreview] = createSignal<RosterResult>();
  const [imported, setImported] = createSignal<RosterResult>();
  const check = createForm();
  const confirm = createForm();
  const onCheck = (event: SubmitEvent) =>
    check.submit(event, async () => {
      const chosen = file();
      if (!chosen) return;
      const bytes = new Blob([await chosen.arrayBuffer()], { type: 'text/csv' });
      setPreview(await upload(cohortId(), bytes, false));
      setChecked(bytes);
    });
  const onConfirm = (event: SubmitEvent) =>
    confirm.submit(event, async () => {
      const bytes = checked();
      if (!bytes) return;
      setImported(await upload(cohortId(), bytes, true));
      setPreview(undefined);
    });
  const title = () => (cohort() ? ts('importInto', { cohort: cohort()!.name }) : ts('importTitle'));
  return (
    <Page title={title()}>
      <p>
        <a href={`/teach/${cohortId()}`}>{ts('backToBoard')}</a>
      </p>
      <Show
        when={imported()}
        fallback={
          <>
            <p>{ts('importIntro')}</p>
            <p class="hint">{ts('importColumns')}</p>
            <form method="post" onSubmit={onCheck} id="roster-file">
              <FormError form={check} />
              <div class="field">
                <label for="f-file">{ts('rosterFile')}</label>
                <input
                  type="file"
                  id="f-file"
                  name="file"
                  accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
                  required
                  onChange={(e) => {
                    setFile(e.currentTarget.files?.[0]);
                    setPreview(undefined);
                    setChecked(undefined);
                  }}
                />
              </div>
              <Submit form={check}>{ts('checkFile')}</Submit>
            </form>
          </>
        }
      >
        {(r) => <SetupCodes result={r()} cohortId={cohortId()} />}
      </Show>
      <div role="status" id="import-status">
        <Show when={preview()}>{(r) => <p>{ts('previewReady', { joining: formatNumber(joining(r())), rejected: formatNumber(r().summary.rejected) })}</p>}</Show>
        <Show when={imported()}>{(r) => <p class="notice ok">{ts('importDone', { count: formatNumber(joining(r())) })}</p>}</Show>
      </div>
      <Show when={preview()}>
        {(r) => (
          <>
            <ImportPreview result={r()} />
            <Show when={joining(r()) > 0} fallback={<p class="alert">{ts('nothingToImport')}</p>}>
              <form method="post" onSubmit={onConfirm} id="roster-confirm">
                <FormError form={confirm} />
                <p class="hint">{ts('importConfirmHint')}</p>
                <Submit form={confirm}>{ts('importN', { count: formatNumber(joining(r())) })}</Submit>
              </form>
            </Show>
          </>
        )}
      </Show>
    </Page>
  );
}
