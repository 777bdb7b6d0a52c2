import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { formatDate } from '../format';
import { locale } from '../i18n';
import { tm, type MentoringKey } from '../i18n/mentoring';
import { countries } from '../pages/countries';
import { navigate } from '../router';
import { me } from '../session';
import { Select } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';
import { mapi, msend } from './client';
import { allValues, countryName, TextArea } from './parts';
import { createScreened, Findings } from './screening';
import { OFFENCES, STAGES } from './vocab';

export const offenceName = (o: string) => tm(`offence.${o}` as MentoringKey) || o;
export const stageName = (s: string) => tm(`stage.${s}` as MentoringKey) || s;
const RETENTION = [30, 90, 180] as const;

/** The consultations the person asked or was asked about: metadata only, newest first. */
export function Consultations() {
  const [list, { refetch }] = createResource(async () => (await msend(mapi.consultations.$get())).consultations);
  return (
    <Page title={tm('consultationsTitle')}>
      <p>{tm('consultationsIntro')}</p>
      <p>
        <a href="/mentoring/consultations/new" class="button">
          {tm('newConsultation')}
        </a>
      </p>
      <Show when={!list.error} fallback={<LoadError error={list.error} retry={refetch} />}>
        <Show when={list()?.length} fallback={<Show when={list()}>{<p>{tm('noConsultations')}</p>}</Show>}>
          <ul class="cards" id="consultations">
            <For each={list()}>
              {(c) => (
                <li>
                  <a href={`/mentoring/consultations/${c.id}`}>
                    {offenceName(c.offenceType)} · {stageName(c.stage)} · {countryName(c.jurisdiction)}
                  </a>{' '}
                  <span class="tag">{tm(c.role === 'author' ? 'youAsked' : 'askedYou')}</span>
                  <p class="muted">
                    {tm('askedBy', { date: formatDate(c.createdAt) })} · {tm('deletedOn', { date: formatDate(c.retainUntil) })}
                  </p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Page>
  );
}

/** Mentors the author may ask: every approved mentor, whatever their mentee load. */
async function mentorChoices(): Promise<Array<{ id: string; name: string }>> {
  const { mentors } = await msend(mapi.mentors.$get());
  return mentors.map((m) => ({ id: m.userId, name: m.name }));
}

/** The structured, anonymised question, screened before it is stored: fix or confirm each finding. */
export function NewConsultation() {
  const form = createForm();
  const screened = createScreened();
  const [mentors] = createResource(mentorChoices);
  const countryList = createMemo(() => countries(locale()));
  const [retention, setRetention] = createSignal<(typeof RETENTION)[number]>(90);
  const post = (event: SubmitEvent) => {
    const el = event.currentTarget as HTMLFormElement;
    return form.submit(event, async (v) => {
      try {
        const { id } = await msend(
          mapi.consultations.$post({
            json: {
              jurisdiction: v.jurisdiction ?? '',
              offenceType: OFFENCES.find((o) => o === v.offenceType) ?? OFFENCES[0],
              stage: STAGES.find((s) => s === v.stage) ?? STAGES[0],
              question: screened.text(),
              mentorIds: allValues(el, 'mentorIds'),
              retentionDays: retention(),
              confirmed: screened.confirmations(),
            },
          }),
        );
        screened.clear();
        navigate(`/mentoring/consultations/${id}`);
      } catch (err) {
        if (!screened.caught(err)) throw err;
        queueMicrotask(() => document.getElementById('findings-title')?.focus());
      }
    });
  };
  return (
    <Page title={tm('newConsultationTitle')}>
      <p>{tm('anonymiseIntro')}</p>
      <form method="post" onSubmit={post} id="new-consultation">
        <FormError form={form} />
        <Select name="jurisdiction" label={tm('jurisdiction')} error={form.fieldError('jurisdiction')}>
          <For each={countryList()}>
            {([code, name]) => (
              <option value={code} selected={code === (me()?.country ?? '')}>
                {name}
              </option>
            )}
          </For>
        </Select>
        <Select name="offenceType" label={tm('offenceType')}>
          <For each={OFFENCES}>{(o) => <option value={o}>{offenceName(o)}</option>}</For>
        </Select>
        <Select name="stage" label={tm('stage')}>
          <For each={STAGES}>{(s) => <option value={s}>{stageName(s)}</option>}</For>
        </Select>
        <TextArea
          name="question"
          label={tm('question')}
          hint={tm('questionHint')}
          rows={8}
          value={screened.text()}
          onInput={(e) => screened.setText(e.currentTarget.value)}
          error={form.fieldError('question') && !screened.open().length ? form.fieldError('question') : undefined}
          required
          minLength={20}
          maxLength={6000}
        />
        <Findings screened={screened} id="findings" />
        <fieldset class="checks" aria-describedby="mentor-ids-hint">
          <legend>{tm('chooseMentors')}</legend>
          <p class="hint" id="mentor-ids-hint">
            {tm('chooseMentorsHint')}
          </p>
          <Show when={mentors()?.length} fallback={<Show when={mentors()}>{<p>{tm('noMentorsToChoose')}</p>}</Show>}>
            <For each={mentors()}>
              {(m) => (
                <div class="option">
                  <input type="checkbox" id={`f-mentor-${m.id}`} name="mentorIds" value={m.id} />
                  <label for={`f-mentor-${m.id}`}>{m.name}</label>
                </div>
              )}
            </For>
          </Show>
          <Show when={form.fieldError('mentorIds')}>
            <p class="field-error">{form.fieldError('mentorIds')}</p>
          </Show>
        </fieldset>
        <div class="field">
          <label for="f-retention">{tm('retention')}</label>
          <p class="hint" id="f-retention-hint">
            {tm('retentionHint')}
          </p>
          <select id="f-retention" aria-describedby="f-retention-hint" onChange={(e) => setRetention(Number(e.currentTarget.value) as (typeof RETENTION)[number])}>
            <For each={RETENTION}>
              {(d) => (
                <option value={d} selected={d === retention()}>
                  {tm('days', { count: String(d) })}
                </option>
              )}
            </For>
          </select>
        </div>
        <Submit form={form}>{tm('post')}</Submit>
      </form>
    </Page>
  );
}
