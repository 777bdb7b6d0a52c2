import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate, formatNumber } from '../format';
import { tm } from '../i18n/mentoring';
import { me } from '../session';
import { Field, Select } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend, myMentoring, type MentoringRequest } from './client';
import { TextArea, today, UserText } from './parts';
import { unread } from './unread';
import { CADENCES } from './vocab';

/** The way into mentoring: what needs an answer, the person's mentorships, and the other screens. */
export function MentoringHub() {
  const [mine, { refetch }] = createResource(myMentoring);
  const received = () => mine()?.requests.filter((r) => r.direction === 'received') ?? [];
  const sent = () => mine()?.requests.filter((r) => r.direction === 'sent') ?? [];
  const reviews = () => Boolean(me()?.programmeAdmin || me()?.memberships.some((m) => m.role === 'institution_admin'));
  return (
    <Page title={tm('hubTitle')}>
      <p>{tm('hubIntro')}</p>
      <ul class="links">
        <li>
          <a href="/mentoring/notifications">
            {tm('linkNotifications')}
            <Show when={unread() > 0}>
              {' '}
              <span class="tag">{tm('unreadCount', { count: formatNumber(unread()) })}</span>
            </Show>
          </a>
        </li>
        <li>
          <a href="/mentoring/find">{tm('linkFind')}</a>
        </li>
        <li>
          <a href="/mentoring/profile">{tm('linkProfile')}</a>
        </li>
        <li>
          <a href="/mentoring/consultations">{tm('linkConsultations')}</a>
        </li>
        <li>
          <a href="/mentoring/community">{tm('linkSpaces')}</a>
        </li>
        <Show when={reviews()}>
          <li>
            <a href="/mentoring/review">{tm('linkReview')}</a>
          </li>
        </Show>
      </ul>
      <Show when={!mine.error} fallback={<LoadError error={mine.error} retry={refetch} />}>
        <Show when={received().length}>
          <h2>{tm('requestsReceived')}</h2>
          <ul class="cards" id="requests-received">
            <For each={received()}>{(r) => <ReceivedRequest request={r} onAnswered={() => void refetch()} />}</For>
          </ul>
        </Show>
        <h2>{tm('mentorshipsTitle')}</h2>
        <Show when={mine()?.mentorships.length} fallback={<p>{tm('noMentorships')}</p>}>
          <ul class="cards" id="mentorships">
            <For each={mine()?.mentorships}>
              {(m) => (
                <li>
                  <a href={`/mentoring/mentorships/${m.id}`}>{tm(m.role === 'mentor' ? 'mentorOf' : 'menteeOf', { name: m.with.name ?? tm('someone') })}</a>{' '}
                  <span class="tag">{tm(`status.${m.status}`)}</span>
                  <p class="muted">{tm('since', { date: formatDate(m.startsOn) })}</p>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={sent().length}>
          <h2>{tm('requestsSent')}</h2>
          <ul class="cards" id="requests-sent">
            <For each={sent()}>{(r) => <SentRequest request={r} onChanged={() => void refetch()} />}</For>
          </ul>
        </Show>
      </Show>
    </Page>
  );
}

function SentRequest(props: { request: MentoringRequest; onChanged: () => void }) {
  const form = createForm();
  const withdraw = (event: SubmitEvent) =>
    form.submit(event, async () => {
      await msend(mapi.mentorships.requests[':requestId'].withdraw.$post({ param: { requestId: props.request.id } }));
      props.onChanged();
    });
  return (
    <li data-request={props.request.id}>
      <p>
        {tm('requestTo', { name: props.request.mentor.name ?? tm('someone') })} <span class="tag">{tm(`status.${props.request.status}`)}</span>
      </p>
      <Show when={props.request.responseNote}>
        <p class="muted">{tm('responseNote')}</p>
        <UserText text={props.request.responseNote} />
      </Show>
      <Show when={props.request.status === 'pending'}>
        <form method="post" onSubmit={withdraw}>
          <FormError form={form} />
          <button type="submit" disabled={form.busy()}>
            {tm('withdraw')}
          </button>
        </form>
      </Show>
    </li>
  );
}

/** A request to this mentor: accept with the agreement (goals, dates, cadence), or decline with a note. */
function ReceivedRequest(props: { request: MentoringRequest; onAnswered: () => void }) {
  const accept = createForm();
  const decline = createForm();
  const [answer, setAnswer] = createSignal<'accept' | 'decline' | null>(null);
  const id = () => props.request.id;
  const onAccept = (event: SubmitEvent) =>
    accept.submit(event, async (v) => {
      const cadence = CADENCES.find((c) => c === v.cadence) ?? 'monthly';
      await msend(
        mapi.mentorships.requests[':requestId'].response.$post({
          param: { requestId: id() },
          json: { decision: 'accept', agreement: { goals: v.goals ?? '', startsOn: v.startsOn ?? today(), ...(v.endsOn ? { endsOn: v.endsOn } : {}), cadence } },
        }),
      );
      props.onAnswered();
    });
  const onDecline = (event: SubmitEvent) =>
    decline.submit(event, async (v) => {
      const note = v.note?.trim();
      await msend(mapi.mentorships.requests[':requestId'].response.$post({ param: { requestId: id() }, json: { decision: 'decline', ...(note ? { note } : {}) } }));
      props.onAnswered();
    });
  return (
    <li data-request={id()}>
      <p>
        {tm('requestFrom', { name: props.request.mentee.name ?? tm('someone') })} <span class="tag">{tm(`status.${props.request.status}`)}</span>
      </p>
      <p class="muted">{tm('theirNeeds')}</p>
      <UserText text={props.request.needs} />
      <Show when={props.request.status === 'pending'}>
        <div class="row-actions">
          <button type="button" class="primary" aria-expanded={answer() === 'accept'} onClick={() => setAnswer('accept')}>
            {tm('accept')}
          </button>
          <button type="button" aria-expanded={answer() === 'decline'} onClick={() => setAnswer('decline')}>
            {tm('decline')}
          </button>
        </div>
        <Show when={answer() === 'accept'}>
          <form method="post" onSubmit={onAccept} class="panel">
            <h3>{tm('acceptTitle')}</h3>
            <FormError form={accept} />
            <TextArea name={`goals`} label={tm('goals')} hint={tm('goalsHint')} error={accept.fieldError('agreement.goals')} required minLength={10} maxLength={1500} />
            <Field name="startsOn" type="date" label={tm('startsOn')} value={today()} error={accept.fieldError('agreement.startsOn')} required />
            <Field name="endsOn" type="date" label={tm('endsOn')} error={accept.fieldError('agreement.endsOn')} />
            <Select name="cadence" label={tm('cadence')}>
              <For each={CADENCES}>{(c) => <option value={c} selected={c === 'monthly'}>{tm(`cadence.${c}`)}</option>}</For>
            </Select>
            <Submit form={accept}>{tm('accept')}</Submit>
          </form>
        </Show>
        <Show when={answer() === 'decline'}>
          <form method="post" onSubmit={onDecline} class="panel">
            <FormError form={decline} />
            <Field name="note" label={tm('declineNote')} maxLength={500} />
            <Submit form={decline}>{tm('decline')}</Submit>
          </form>
        </Show>
      </Show>
    </li>
  );
}
