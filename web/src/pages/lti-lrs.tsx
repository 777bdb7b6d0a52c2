import { createResource, createSignal, Show, Suspense } from 'solid-js';
import { send } from '../api';
import { formatTime } from '../format';
import { t } from '../i18n';
import { ti } from '../i18n/integrations';
import { Field } from '../ui/field';
import { StaffLoadError } from '../ui/figures';
import { createForm, FormError, Submit } from '../ui/form';
import { iapi, loadLrs } from './lti-data';

/** The institution's learning record store: where statements go, how many wait, and what went wrong last. */
export function LrsSettings(props: { institutionId: string }) {
  const [lrs, { refetch }] = createResource(() => props.institutionId, loadLrs);
  const [said, setSaid] = createSignal('');
  const save = createForm();
  const now = createForm();
  const drop = createForm();
  const param = () => ({ institutionId: props.institutionId });
  const onSave = (event: SubmitEvent) =>
    save.submit(event, async (v) => {
      setSaid('');
      await send(
        iapi.xapi.lrs[':institutionId'].$put({
          param: param(),
          json: { endpoint: v.endpoint ?? '', username: v.username ?? '', password: v.password || undefined, enabled: v.enabled === 'on' },
        }),
      );
      setSaid(ti('saved'));
      void refetch();
    });
  const onSend = (event: SubmitEvent) =>
    now.submit(event, async () => {
      const r = await send(iapi.xapi.lrs[':institutionId'].send.$post({ param: param() }));
      setSaid(ti('sent', { sent: String(r.sent), failed: String(r.failed) }));
      void refetch();
    });
  const onDrop = (event: SubmitEvent) =>
    drop.submit(event, async () => {
      await send(iapi.xapi.lrs[':institutionId'].$delete({ param: param() }));
      setSaid(ti('removed'));
      void refetch();
    });
  return (
    <Suspense fallback={<p class="muted">{t('loading')}</p>}>
      <Show when={!lrs.error} fallback={<StaffLoadError error={lrs.error} retry={refetch} />}>
        <div id="lrs">
          <Show when={lrs()?.connection} fallback={<p>{ti('lrsNone')}</p>}>
            {(c) => (
              <>
                <p>
                  <bdi dir="ltr">{ti('lrsConnected', { endpoint: c().endpoint, username: c().username })}</bdi>
                </p>
                <Show when={!c().enabled}>
                  <p class="muted">{ti('lrsPaused')}</p>
                </Show>
              </>
            )}
          </Show>
          <Show when={lrs()?.queue}>
            {(q) => (
              <>
                <p>{ti('lrsQueue', { delivered: String(q().delivered), pending: String(q().pending), failing: String(q().failing) })}</p>
                <Show when={q().pending > 0 && q().nextAttemptAt}>
                  <p class="small">{ti('lrsNext', { when: formatTime(new Date(q().nextAttemptAt!)) })}</p>
                </Show>
                <Show when={q().lastError}>
                  <p class="alert small">{ti('lrsLastError', { message: q().lastError! })}</p>
                </Show>
              </>
            )}
          </Show>
          <p role="status" class="status">
            {said()}
          </p>
          <FormError form={now} />
          <FormError form={drop} />
          <Show when={lrs()?.connection}>
            <div class="buttons">
              <form method="post" onSubmit={onSend}>
                <button type="submit" class="small-button" disabled={now.busy()}>
                  {ti('lrsSend')}
                </button>
              </form>
              <form method="post" onSubmit={onDrop}>
                <button type="submit" class="small-button danger" disabled={drop.busy()}>
                  {ti('lrsRemove')}
                </button>
              </form>
            </div>
          </Show>
          <form method="post" onSubmit={onSave} id="lrs-form">
            <FormError form={save} />
            <Field name="endpoint" type="url" dir="ltr" label={ti('lrsEndpoint')} value={lrs()?.connection?.endpoint ?? ''} error={save.fieldError('endpoint')} required />
            <Field name="username" dir="ltr" label={ti('lrsUsername')} value={lrs()?.connection?.username ?? ''} error={save.fieldError('username')} required autocomplete="off" />
            <Field
              name="password"
              type="password"
              label={ti('lrsSecret')}
              hint={lrs()?.connection ? ti('lrsSecretKeep') : undefined}
              error={save.fieldError('password')}
              required={!lrs()?.connection}
              autocomplete="new-password"
            />
            <div class="field">
              <label>
                <input type="checkbox" name="enabled" checked={lrs()?.connection?.enabled ?? true} /> {ti('lrsEnabled')}
              </label>
            </div>
            <Submit form={save}>{ti('lrsSave')}</Submit>
          </form>
        </div>
      </Show>
    </Suspense>
  );
}
