import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate, formatMinutes } from '../format';
import { tm } from '../i18n/mentoring';
import type { Params } from '../router';
import { me } from '../session';
import { Field } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend, type Mentorship } from './client';
import { TextArea, today, UserText } from './parts';

const cadenceKey = (c: string) => (['weekly', 'fortnightly', 'monthly', 'as_needed'].includes(c) ? (`cadence.${c}` as 'cadence.weekly') : null);

/** One mentorship, for its two people: the agreement, the session log, and closing with feedback. */
export function MentorshipScreen(props: { params: Params }) {
  const mentorshipId = () => props.params.mentorshipId ?? '';
  const [m, { refetch, mutate }] = createResource(mentorshipId, (id) => msend(mapi.mentorships[':mentorshipId'].$get({ param: { mentorshipId: id } })));
  return (
    <Show when={!m.error} fallback={<LoadError error={m.error} retry={refetch} />}>
      <Show when={m()}>
        {(view) => (
          <Page title={tm('mentorshipTitle', { mentor: view().mentor.name ?? tm('someone'), mentee: view().mentee.name ?? tm('someone') })}>
            <Agreement view={view()} />
            <Sessions view={view()} />
            <Show when={view().status === 'active'}>
              <LogSession view={view()} onLogged={mutate} />
            </Show>
            <Closure view={view()} onClosed={mutate} />
            <p>
              <a href="/mentoring">{tm('hubTitle')}</a>
            </p>
          </Page>
        )}
      </Show>
    </Show>
  );
}

function Agreement(props: { view: Mentorship }) {
  const v = () => props.view;
  const cadence = () => {
    const key = cadenceKey(v().cadence);
    return key ? tm(key) : v().cadence;
  };
  return (
    <section aria-labelledby="agreement-title" id="agreement">
      <h2 id="agreement-title">{tm('agreement')}</h2>
      <dl class="facts-list">
        <dt>{tm('mentor')}</dt>
        <dd>{v().mentor.name}</dd>
        <dt>{tm('mentee')}</dt>
        <dd>{v().mentee.name}</dd>
        <dt>{tm('dates')}</dt>
        <dd>{v().endsOn ? tm('dateRange', { from: formatDate(v().startsOn), to: formatDate(v().endsOn ?? '') }) : tm('openEnded', { from: formatDate(v().startsOn) })}</dd>
        <dt>{tm('cadence')}</dt>
        <dd>{cadence()}</dd>
        <dt>{tm('status')}</dt>
        <dd data-status={v().status}>{tm(`status.${v().status}`)}</dd>
        <dt>{tm('timeLogged')}</dt>
        <dd>{formatMinutes(v().minutes)}</dd>
      </dl>
      <h3>{tm('goals')}</h3>
      <UserText text={v().goals} />
    </section>
  );
}

function Sessions(props: { view: Mentorship }) {
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{tm('sessionsTitle')}</h2>
      <Show when={props.view.sessions.length} fallback={<p>{tm('noSessions')}</p>}>
        <ol class="cards" id="sessions">
          <For each={props.view.sessions}>
            {(s) => (
              <li>
                <h3>
                  {formatDate(s.heldOn)} · {formatMinutes(s.minutes)}
                </h3>
                <h4>{tm('notes')}</h4>
                <UserText text={s.notes} />
                <Show when={s.nextSteps}>
                  <h4>{tm('nextSteps')}</h4>
                  <UserText text={s.nextSteps} />
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

function LogSession(props: { view: Mentorship; onLogged: (view: Mentorship) => void }) {
  const form = createForm();
  const [logged, setLogged] = createSignal(false);
  const log = (event: SubmitEvent) => {
    const el = event.currentTarget as HTMLFormElement;
    return form.submit(event, async (v) => {
      setLogged(false);
      const next = v.nextSteps?.trim();
      const view = await msend(
        mapi.mentorships[':mentorshipId'].sessions.$post({
          param: { mentorshipId: props.view.id },
          json: { heldOn: v.heldOn ?? today(), minutes: Number(v.minutes), notes: v.notes ?? '', ...(next ? { nextSteps: next } : {}) },
        }),
      );
      el.reset();
      props.onLogged(view);
      setLogged(true);
    });
  };
  return (
    <form method="post" onSubmit={log} id="log-session" class="panel">
      <h2>{tm('logTitle')}</h2>
      <FormError form={form} />
      <Field name="heldOn" type="date" label={tm('heldOn')} value={today()} min={props.view.startsOn} error={form.fieldError('heldOn')} required />
      <Field name="minutes" type="number" inputmode="numeric" min={5} max={600} step={5} label={tm('minutes')} value="60" error={form.fieldError('minutes')} required />
      <TextArea name="notes" label={tm('notes')} error={form.fieldError('notes')} required minLength={3} maxLength={4000} />
      <TextArea name="nextSteps" label={tm('nextStepsOptional')} error={form.fieldError('nextSteps')} maxLength={2000} rows={2} />
      <Submit form={form}>{tm('logSession')}</Submit>
      <p role="status" class="status">
        {logged() ? tm('sessionLogged') : ''}
      </p>
    </form>
  );
}

/** Either side closes with feedback; once closed, the other side may still add theirs. */
function Closure(props: { view: Mentorship; onClosed: (view: Mentorship) => void }) {
  const form = createForm();
  const iAmMentor = () => me()?.id === props.view.mentor.id;
  const mine = () => (iAmMentor() ? props.view.mentorFeedback : props.view.menteeFeedback);
  const close = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      props.onClosed(await msend(mapi.mentorships[':mentorshipId'].close.$post({ param: { mentorshipId: props.view.id }, json: { feedback: v.feedback ?? '' } })));
    });
  return (
    <section aria-labelledby="closure-title" id="closure">
      <h2 id="closure-title">{tm('closeTitle')}</h2>
      <Show when={props.view.status === 'closed'} fallback={<p>{tm('closeIntro')}</p>}>
        <p>{tm('closedOn', { date: formatDate(props.view.closedAt ?? '') })}</p>
        <h3>{tm('mentorFeedback')}</h3>
        <Show when={props.view.mentorFeedback} fallback={<p class="muted">{tm('noFeedbackYet')}</p>}>
          <UserText text={props.view.mentorFeedback} />
        </Show>
        <h3>{tm('menteeFeedback')}</h3>
        <Show when={props.view.menteeFeedback} fallback={<p class="muted">{tm('noFeedbackYet')}</p>}>
          <UserText text={props.view.menteeFeedback} />
        </Show>
      </Show>
      <Show when={!mine()}>
        <form method="post" onSubmit={close} id="close-mentorship">
          <FormError form={form} />
          <TextArea name="feedback" label={tm('feedback')} error={form.fieldError('feedback')} required minLength={3} maxLength={2000} />
          <Submit form={form}>{props.view.status === 'active' ? tm('closeButton') : tm('addFeedback')}</Submit>
        </form>
      </Show>
    </section>
  );
}
