import { createResource, createSignal, For, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { locale, t } from '../i18n';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { me } from '../session';
import { Field, Select } from '../ui/field';
import { StaffLoadError } from '../ui/figures';
import { createForm, FormError, Submit } from '../ui/form';
import { Page } from '../ui/page';
import { loadCatalogue } from '../content';
import { CoFacilitators } from './co-facilitators';
import { JoinCode } from './cohort-tools';
import { findCohort, institutionMembers, managesIn, type Cohort, type Member } from './staff-data';

type Change = Parameters<(typeof api.cohorts)[':cohortId']['$patch']>[0]['json'];

const orNull = (value: string | undefined) => value?.trim() || null;

/** Only what differs from the cohort as stored: re-sending an unchanged lead would re-check a qualification nobody touched. */
function changesFrom(cohort: Cohort, form: HTMLFormElement, leadUsername: string | null): Change {
  const data = new FormData(form);
  const value = (name: string) => (typeof data.get(name) === 'string' ? (data.get(name) as string) : '');
  const courses = data.getAll('courses').filter((c): c is string => typeof c === 'string');
  const capacity = value('capacity').trim() === '' ? null : Number(value('capacity'));
  const inCapital = value('inCapital') === 'yes' ? true : value('inCapital') === 'no' ? false : null;
  const status = value('status') === 'closed' ? 'closed' : 'open';
  const next = {
    name: value('name').trim(),
    capacity,
    status,
    region: orNull(value('region')),
    inCapital,
    startsOn: orNull(value('startsOn')),
    endsOn: orNull(value('endsOn')),
  } as const;
  const change: Change = {};
  for (const [key, v] of Object.entries(next)) {
    if (v !== cohort[key as keyof typeof next]) Object.assign(change, { [key]: v });
  }
  const sameCourses = courses.length === cohort.courses.length && courses.every((c) => cohort.courses.includes(c));
  if (!sameCourses) change.courses = courses;
  const lead = orNull(value('leadTrainer'));
  if (lead !== leadUsername) change.leadTrainer = lead;
  return change;
}

/** The institution's trainers, each once: those who may be named lead or co-facilitator. */
const trainersOf = (members: readonly Member[]) =>
  members.filter((m, i) => (m.role === 'trainer' || m.role === 'master_trainer') && members.findIndex((o) => o.userId === m.userId && (o.role === 'trainer' || o.role === 'master_trainer')) === i);

function DetailsForm(props: { cohort: Cohort; trainers: readonly Member[]; onSaved: (cohort: Cohort) => void }) {
  const form = createForm();
  const [catalogue] = createResource(locale, (l) => loadCatalogue(l).catch(() => undefined));
  const [saved, setSaved] = createSignal('');
  const leadUsername = () =>
    props.cohort.trainers.find((x) => x.userId === props.cohort.leadTrainerId)?.username ?? props.trainers.find((x) => x.userId === props.cohort.leadTrainerId)?.username ?? null;
  const courses = () => {
    const listed = catalogue()?.courses.map((c) => ({ id: c.id, title: c.title })) ?? [];
    return [...listed, ...props.cohort.courses.filter((id) => !listed.some((c) => c.id === id)).map((id) => ({ id, title: id }))];
  };
  const save = (event: SubmitEvent) =>
    form.submit(event, async () => {
      setSaved('');
      const change = changesFrom(props.cohort, event.target as HTMLFormElement, leadUsername());
      if (Object.keys(change).length === 0) return void setSaved(ts('noChanges'));
      props.onSaved(await send(api.cohorts[':cohortId'].$patch({ param: { cohortId: props.cohort.id }, json: change })));
      setSaved(t('saved'));
    });
  const error = (name: string) => form.fieldError(name);
  return (
    <form method="post" onSubmit={save} onInput={() => setSaved('')} id="cohort-details">
      <FormError form={form} />
      <Field name="name" label={ts('cohortName')} value={props.cohort.name} error={error('name')} required minlength="2" maxlength="120" />
      <fieldset class="choices" aria-describedby={error('courses') ? 'f-courses-error' : undefined}>
        <legend>{ts('cohortCourses')}</legend>
        <Suspense fallback={<p class="muted">{t('loading')}</p>}>
          <For each={courses()}>
            {(c) => (
              <div class="option">
                <input type="checkbox" id={`f-course-${c.id}`} name="courses" value={c.id} checked={props.cohort.courses.includes(c.id)} />
                <label for={`f-course-${c.id}`}>{c.title}</label>
              </div>
            )}
          </For>
        </Suspense>
        <Show when={error('courses')}>
          <p class="field-error" id="f-courses-error">
            <span lang="en">{error('courses')}</span>
          </p>
        </Show>
      </fieldset>
      <Select name="leadTrainer" label={ts('leadTrainer')} hint={ts('leadTrainerHint')} error={error('leadTrainer')}>
        <option value="">{ts('noLead')}</option>
        <For each={props.trainers}>
          {(m) => (
            <option value={m.username} selected={m.userId === props.cohort.leadTrainerId}>
              {m.displayName} ({m.username})
            </option>
          )}
        </For>
      </Select>
      <Field name="region" label={t('region')} value={props.cohort.region ?? ''} error={error('region')} maxlength="80" />
      <Select name="inCapital" label={ts('cohortInCapital')} error={error('inCapital')}>
        <option value="">{t('notSaid')}</option>
        <option value="yes" selected={props.cohort.inCapital === true}>
          {ts('loc.capital')}
        </option>
        <option value="no" selected={props.cohort.inCapital === false}>
          {ts('loc.outside')}
        </option>
      </Select>
      <div class="pair">
        <Field name="startsOn" type="date" label={ts('startsOn')} value={props.cohort.startsOn ?? ''} error={error('startsOn')} />
        <Field name="endsOn" type="date" label={ts('endsOn')} value={props.cohort.endsOn ?? ''} error={error('endsOn')} />
      </div>
      <Field
        name="capacity"
        type="number"
        inputmode="numeric"
        min="1"
        max="10000"
        class="short"
        label={ts('capacity')}
        hint={ts('capacityHint')}
        value={props.cohort.capacity ?? ''}
        error={error('capacity')}
      />
      <Select name="status" label={t('certificateStatus')} error={error('status')}>
        <option value="open" selected={props.cohort.status === 'open'}>
          {ts('cohortOpen')}
        </option>
        <option value="closed" selected={props.cohort.status === 'closed'}>
          {ts('cohortClosed')}
        </option>
      </Select>
      <Submit form={form}>{t('save')}</Submit>
      <p role="status" class="status" id="details-status">
        {saved()}
      </p>
    </form>
  );
}

/** A cohort's details, lead, co-facilitators and join code, for the admins of its institution. */
export function CohortSettings(props: { params: Params }) {
  const cohortId = () => props.params.cohortId ?? '';
  const [cohort, { mutate, refetch }] = createResource(cohortId, (id) => findCohort(me()!, id));
  const [members] = createResource(
    () => cohort()?.institutionId,
    (id) => institutionMembers(id).catch(() => []),
  );
  const allowed = () => Boolean(cohort() && managesIn(me()!, cohort()!.institutionId));
  return (
    <Page title={cohort() ? ts('settingsOf', { cohort: cohort()!.name }) : ts('cohortSettings')}>
      <p>
        <a href={`/teach/${cohortId()}`}>{ts('backToBoard')}</a>
      </p>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!cohort.error} fallback={<StaffLoadError error={cohort.error} retry={refetch} />}>
          <Show when={cohort()}>
            <Show when={allowed()} fallback={<p class="alert">{ts('notAllowed')}</p>}>
              <h2>{ts('cohortDetails')}</h2>
              <DetailsForm cohort={cohort()!} trainers={trainersOf(members() ?? [])} onSaved={mutate} />
              <h2>{ts('coFacilitators')}</h2>
              <CoFacilitators cohort={cohort()!} trainers={trainersOf(members() ?? [])} onChange={mutate} />
              <h2>{t('joinCode')}</h2>
              <JoinCode cohort={cohort()!} onChange={mutate} />
            </Show>
          </Show>
        </Show>
      </Suspense>
    </Page>
  );
}
