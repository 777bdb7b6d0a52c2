import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate } from '../format';
import { tm } from '../i18n/mentoring';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { mapi, msend, type Post } from './client';
import { UserText } from './parts';

/** A member reports a post to its space's moderators, with a reason. */
export function ReportPost(props: { postId: string }) {
  const form = createForm();
  const [open, setOpen] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const send = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      await msend(mapi.spaces.posts[':postId'].report.$post({ param: { postId: props.postId }, json: { reason: v[`reason-${props.postId}`] ?? "" } }));
      setDone(true);
      setOpen(false);
    });
  return (
    <div class="post-tool">
      <Show when={!done()} fallback={<p role="status">{tm('reported')}</p>}>
        <button type="button" class="small-button" aria-expanded={open()} onClick={() => setOpen(!open())}>
          {tm('report')}
        </button>
        <Show when={open()}>
          <form method="post" onSubmit={send}>
            <FormError form={form} />
            <Field name={`reason-${props.postId}`} label={tm('reportReason')} error={form.fieldError('reason')} required minLength={3} maxLength={500} />
            <Submit form={form}>{tm('sendReport')}</Submit>
          </form>
        </Show>
      </Show>
    </div>
  );
}

/** A moderator hides a post (or restores it), with the reason readers see. */
export function Moderation(props: { postId: string; hidden: boolean; onDone: (post: Post) => void }) {
  const form = createForm();
  const act = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const action = props.hidden ? 'restore' : 'hide';
      props.onDone(await msend(mapi.spaces.posts[':postId'].moderation.$post({ param: { postId: props.postId }, json: { action, reason: v[`why-${props.postId}`] ?? '' } })));
    });
  return (
    <form method="post" onSubmit={act} class="post-tool moderation">
      <FormError form={form} />
      <Field name={`why-${props.postId}`} label={tm('moderationReason')} error={form.fieldError('reason')} required minLength={3} maxLength={500} />
      <Submit form={form}>{props.hidden ? tm('restore') : tm('hide')}</Submit>
    </form>
  );
}

/** The open reports in a space, oldest first, for its moderators. */
export function Reports(props: { spaceId: string }) {
  const [reports, { refetch }] = createResource(() => props.spaceId, async (spaceId) => (await msend(mapi.spaces[':spaceId'].reports.$get({ param: { spaceId } }))).reports);
  return (
    <section aria-labelledby="reports-title" id="reports">
      <h2 id="reports-title">{tm('reportsTitle')}</h2>
      <Show when={!reports.error} fallback={<LoadError error={reports.error} retry={refetch} />}>
        <Show when={reports()?.length} fallback={<Show when={reports()}>{<p>{tm('noReports')}</p>}</Show>}>
          <ul class="cards">
            <For each={reports()}>
              {(r) => (
                <li data-report={r.id}>
                  <p class="strong">{tm('reportedFor', { reason: r.reason })}</p>
                  <p class="muted">{formatDate(r.createdAt)}</p>
                  <UserText text={r.body} />
                  <Moderation postId={r.postId} hidden={r.hidden} onDone={() => void refetch()} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
