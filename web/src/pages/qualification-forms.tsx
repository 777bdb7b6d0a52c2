import { createSignal, For, Show } from 'solid-js';
import { api, send } from '../api';
import { ts } from '../i18n/staff';
import { me } from '../session';
import { Select } from '../ui/field';
import { createForm, FormError, Submit } from '../ui/form';
import type { QualificationLevel } from '../../../db/schema/enums';
import type { CourseQualifications, Qualification } from './qualifications-data';

/** Suspend, reinstate or revoke one qualification, always with a reason (it is audit-logged). */
export function StatusForm(props: { q: Qualification; onChanged: () => void }) {
  const form = createForm();
  const id = () => `reason-${props.q.id}`;
  const change = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      const action = (event.submitter as HTMLButtonElement | null)?.value;
      if (action !== 'suspend' && action !== 'reinstate' && action !== 'revoke') return;
      await send(api.qualifications[':qualificationId'].status.$post({ param: { qualificationId: props.q.id }, json: { action, reason: v.reason ?? '' } }));
      props.onChanged();
    });
  const error = () => form.fieldError('reason');
  return (
    <form method="post" onSubmit={change}>
      <FormError form={form} />
      <div class="field">
        <label for={id()}>{ts('reason')}</label>
        <textarea
          id={id()}
          name="reason"
          rows="2"
          minlength="3"
          maxlength="500"
          required
          aria-invalid={error() ? true : undefined}
          aria-describedby={error() ? `${id()}-error` : undefined}
        />
        <Show when={error()}>
          <p class="field-error" id={`${id()}-error`}>
            <span lang="en">{error()}</span>
          </p>
        </Show>
      </div>
      <div class="buttons">
        <Show when={props.q.status === 'active'} fallback={<button type="submit" name="action" value="reinstate" disabled={form.busy()}>{ts('reinstate')}</button>}>
          <button type="submit" name="action" value="suspend" disabled={form.busy()}>
            {ts('suspend')}
          </button>
        </Show>
        <button type="submit" name="action" value="revoke" class="danger" disabled={form.busy()}>
          {ts('revoke')}
        </button>
      </div>
    </form>
  );
}

/** Grants one step of the pathway with its evidence: the cohorts they co-delivered and what the granter observed. */
export function GrantForm(props: { courseId: string; data: CourseQualifications; levels: QualificationLevel[]; onGranted: () => void }) {
  const form = createForm();
  const [level, setLevel] = createSignal<QualificationLevel | undefined>();
  const [granted, setGranted] = createSignal('');
  const chosenLevel = () => level() ?? props.levels[props.levels.length - 1];
  const people = () => [...props.data.people.values()].filter((p) => me()?.programmeAdmin || p.id !== me()?.id).sort((a, b) => a.name.localeCompare(b.name));
  const grant = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      setGranted('');
      const target = event.target as HTMLFormElement;
      const cohortIds = new FormData(target).getAll('cohortIds').filter((c): c is string => typeof c === 'string');
      const chosen = props.levels.find((l) => l === v.level);
      if (!chosen || !v.userId) return;
      const q = await send(
        api.qualifications.$post({
          json: {
            userId: v.userId,
            courseId: props.courseId,
            level: chosen,
            institutionId: chosen === 'candidate' ? v.institutionId || undefined : undefined,
            evidence: { cohortIds, observation: v.observation?.trim() || undefined },
          },
        }),
      );
      target.reset();
      setLevel(undefined);
      setGranted(ts('granted', { name: props.data.people.get(q.userId)?.name ?? '', level: ts(`level.${q.level}`) }));
      props.onGranted();
    });
  const error = (name: string) => form.fieldError(name);
  return (
    <form method="post" onSubmit={grant} onInput={() => setGranted('')} id="grant" aria-labelledby="grant-title">
      <FormError form={form} />
      <Select name="userId" label={ts('person')} error={error('userId')}>
        <For each={people()}>
          {(p) => (
            <option value={p.id}>
              {p.name}
              {p.username ? ` (${p.username})` : ''}
            </option>
          )}
        </For>
      </Select>
      <div class="field">
        <label for="f-level">{ts('colLevel')}</label>
        <select id="f-level" name="level" onChange={(e) => setLevel(props.levels.find((l) => l === e.currentTarget.value))}>
          <For each={props.levels}>
            {(l) => (
              <option value={l} selected={l === chosenLevel()}>
                {ts(`level.${l}`)}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={chosenLevel() === 'candidate'}>
        <Select name="institutionId" label={ts('nominatedBy')} error={error('institutionId')}>
          <For each={props.data.administered}>{(i) => <option value={i.id}>{i.name}</option>}</For>
        </Select>
      </Show>
      <fieldset class="choices">
        <legend>{ts('evidenceCohorts')}</legend>
        <p class="hint">{ts('evidenceCohortsHint')}</p>
        <Show when={props.data.cohorts.length} fallback={<p class="muted">{ts('noCourseCohorts')}</p>}>
          <For each={props.data.cohorts}>
            {(c) => (
              <div class="option">
                <input type="checkbox" id={`f-cohort-${c.id}`} name="cohortIds" value={c.id} />
                <label for={`f-cohort-${c.id}`}>{c.name}</label>
              </div>
            )}
          </For>
        </Show>
      </fieldset>
      <div class="field">
        <label for="f-observation">{ts('observation')}</label>
        <p class="hint" id="f-observation-hint">
          {ts('observationHint')}
        </p>
        <textarea
          id="f-observation"
          name="observation"
          rows="4"
          maxlength="2000"
          aria-invalid={error('evidence.observation') ? true : undefined}
          aria-describedby={['f-observation-hint', error('evidence.observation') && 'f-observation-error'].filter(Boolean).join(' ')}
        />
        <Show when={error('evidence.observation')}>
          <p class="field-error" id="f-observation-error">
            <span lang="en">{error('evidence.observation')}</span>
          </p>
        </Show>
      </div>
      <Submit form={form}>{ts('grant')}</Submit>
      <p role="status" class="status" id="grant-status">
        {granted()}
      </p>
    </form>
  );
}
