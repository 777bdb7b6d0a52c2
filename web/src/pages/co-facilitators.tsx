import { For, Show } from 'solid-js';
import { api, send } from '../api';
import { ts } from '../i18n/staff';
import { Select } from '../ui/field';
import { createForm, FormError } from '../ui/form';
import type { Cohort, Member } from './staff-data';

/** One co-facilitator, with the button that takes them off the cohort (the lead stays: name another lead first). */
function Row(props: { cohort: Cohort; trainer: Cohort['trainers'][number]; onChange: (cohort: Cohort) => void }) {
  const form = createForm();
  const remove = (event: SubmitEvent) =>
    form.submit(event, async () => {
      props.onChange(await send(api.cohorts[':cohortId'].trainers[':userId'].$delete({ param: { cohortId: props.cohort.id, userId: props.trainer.userId } })));
    });
  return (
    <li data-trainer={props.trainer.username}>
      <form method="post" onSubmit={remove} class="row">
        <span>
          <a href={`/trainers/${props.trainer.userId}`} class="strong">
            {props.trainer.displayName}
          </a>{' '}
          <span class="small muted">{props.trainer.username}</span>
        </span>
        <button type="submit" class="small-button" disabled={form.busy()} aria-label={ts('removeTrainer', { name: props.trainer.displayName })}>
          {ts('remove')}
        </button>
      </form>
      <FormError form={form} />
    </li>
  );
}

/** Who helps the lead deliver the cohort: any trainer of the institution, candidates included (that is how they learn). */
export function CoFacilitators(props: { cohort: Cohort; trainers: readonly Member[]; onChange: (cohort: Cohort) => void }) {
  const form = createForm();
  const helpers = () => props.cohort.trainers.filter((x) => x.userId !== props.cohort.leadTrainerId);
  const addable = () => props.trainers.filter((m) => !props.cohort.trainers.some((x) => x.userId === m.userId));
  const add = (event: SubmitEvent) =>
    form.submit(event, async (v) => {
      if (!v.trainer) return;
      props.onChange(await send(api.cohorts[':cohortId'].trainers[':userId'].$put({ param: { cohortId: props.cohort.id, userId: v.trainer } })));
    });
  return (
    <>
      <Show when={helpers().length} fallback={<p>{ts('noCoFacilitators')}</p>}>
        <ul class="cards" id="co-facilitators">
          <For each={helpers()}>{(trainer) => <Row cohort={props.cohort} trainer={trainer} onChange={props.onChange} />}</For>
        </ul>
      </Show>
      <Show when={addable().length} fallback={<p class="hint">{ts('noMoreTrainers')}</p>}>
        <form method="post" onSubmit={add}>
          <FormError form={form} />
          <Select name="trainer" label={ts('addCoFacilitator')}>
            <For each={addable()}>
              {(m) => (
                <option value={m.userId}>
                  {m.displayName} ({m.username})
                </option>
              )}
            </For>
          </Select>
          <button type="submit" disabled={form.busy()} aria-busy={form.busy()}>
            {ts('add')}
          </button>
        </form>
      </Show>
    </>
  );
}
