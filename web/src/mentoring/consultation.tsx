import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate } from '../format';
import { tm } from '../i18n/mentoring';
import { navigate, type Params } from '../router';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend, type Consultation } from './client';
import { offenceName, stageName } from './consultations';
import { countryName, listOf, TextArea, UserText } from './parts';
import { createScreened, Findings } from './screening';

/** One consultation for its author and chosen mentors: the question, replies, and (for the author) who opened it. */
export function ConsultationScreen(props: { params: Params }) {
  const id = () => props.params.consultationId ?? '';
  const [c, { refetch, mutate }] = createResource(id, async (consultationId) => (await msend(mapi.consultations[':consultationId'].$get({ param: { consultationId } }))));
  return (
    <Show when={!c.error} fallback={<LoadError error={c.error} retry={refetch} />}>
      <Show when={c()}>
        {(view) => (
          <Page title={tm('consultationTitle')}>
            <dl class="facts-list" id="consultation-facts">
              <dt>{tm('jurisdiction')}</dt>
              <dd>{countryName(view().jurisdiction)}</dd>
              <dt>{tm('offenceType')}</dt>
              <dd>{offenceName(view().offenceType)}</dd>
              <dt>{tm('stage')}</dt>
              <dd>{stageName(view().stage)}</dd>
            </dl>
            <p class="muted">{tm('askedBy', { date: formatDate(view().createdAt) })}</p>
            <p class="notice info" id="retention">
              {tm('deletedOn', { date: formatDate(view().retainUntil) })}
            </p>
            <p>{tm('mentorsChosen', { names: listOf(view().mentors.map((m) => m.name ?? tm('someone'))) })}</p>
            <h2>{tm('question')}</h2>
            <UserText text={view().question} class="question-text" />
            <h2>{tm('repliesTitle')}</h2>
            <Show when={view().replies.length} fallback={<p>{tm('noReplies')}</p>}>
              <ol class="cards" id="consultation-replies">
                <For each={view().replies}>
                  {(r) => (
                    <li>
                      <p class="muted">
                        {r.author ?? tm('someone')} · {formatDate(r.createdAt)}
                      </p>
                      <UserText text={r.body} />
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <ReplyForm consultationId={view().id} onReplied={(next) => mutate(next)} />
            <Show when={view().mine}>
              <Views consultationId={view().id} />
              <DeleteNow consultationId={view().id} />
            </Show>
            <p>
              <a href="/mentoring/consultations">{tm('consultationsTitle')}</a>
            </p>
          </Page>
        )}
      </Show>
    </Show>
  );
}

function ReplyForm(props: { consultationId: string; onReplied: (c: Consultation) => void }) {
  const form = createForm();
  const screened = createScreened();
  const send = (event: SubmitEvent) =>
    form.submit(event, async () => {
      try {
        const next = await msend(
          mapi.consultations[':consultationId'].replies.$post({ param: { consultationId: props.consultationId }, json: { body: screened.text(), confirmed: screened.confirmations() } }),
        );
        screened.clear();
        screened.setText('');
        props.onReplied(next);
      } catch (err) {
        if (!screened.caught(err)) throw err;
        queueMicrotask(() => document.getElementById('reply-findings-title')?.focus());
      }
    });
  return (
    <form method="post" onSubmit={send} id="consultation-reply">
      <FormError form={form} />
      <TextArea name="body" label={tm('yourReply')} value={screened.text()} onInput={(e) => screened.setText(e.currentTarget.value)} required minLength={2} maxLength={6000} />
      <Findings screened={screened} id="reply-findings" />
      <Submit form={form}>{tm('sendReply')}</Submit>
    </form>
  );
}

function Views(props: { consultationId: string }) {
  const [views] = createResource(() => msend(mapi.consultations[':consultationId'].views.$get({ param: { consultationId: props.consultationId } })));
  return (
    <section aria-labelledby="views-title">
      <h2 id="views-title">{tm('whoViewed')}</h2>
      <Show when={views()?.views.length} fallback={<p>{tm('noViews')}</p>}>
        <ul id="consultation-views">
          <For each={views()?.views}>{(v) => <li>{tm('viewedAt', { name: v.viewer ?? tm('someone'), date: formatDate(v.viewedAt) })}</li>}</For>
        </ul>
      </Show>
    </section>
  );
}

function DeleteNow(props: { consultationId: string }) {
  const form = createForm();
  const [gone, setGone] = createSignal(false);
  const remove = (event: SubmitEvent) =>
    form.submit(event, async () => {
      await msend(mapi.consultations[':consultationId'].$delete({ param: { consultationId: props.consultationId } }));
      setGone(true);
      navigate('/mentoring/consultations');
    });
  return (
    <form method="post" onSubmit={remove}>
      <FormError form={form} />
      <button type="submit" disabled={form.busy() || gone()}>
        {tm('deleteNow')}
      </button>
    </form>
  );
}
