import { createSignal, For, Show } from 'solid-js';
import type { Check } from '../content';
import { t } from '../i18n';
import type { CheckState } from '../offline/store';
import { Choices, toggled } from '../ui/choices';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * One formative check. The answer is judged on the phone (the correct options ship with the
 * lesson: this is practice, not the exam), so feedback is instant even offline, and says why.
 */
export function CheckForm(props: { check: Check; saved: CheckState | undefined; onAnswer: (answer: string[], correct: boolean) => Promise<void> }) {
  const [chosen, setChosen] = createSignal<string[]>(props.saved?.answer ?? []);
  const [answered, setAnswered] = createSignal<string[] | null>(props.saved?.answer?.length ? props.saved.answer : null);
  const [nudge, setNudge] = createSignal(false);
  const multiple = () => props.check.type === 'multiple';
  const rightIds = () => props.check.options.filter((o) => o.correct).map((o) => o.id);
  const correct = () => sameSet(answered() ?? [], rightIds());
  const prefix = () => `check-${props.check.id}`;

  const toggle = (id: string, on: boolean) => {
    setNudge(false);
    setChosen((list) => toggled(list, id, on, multiple()));
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const answer = chosen();
    if (answer.length === 0) return setNudge(true);
    // Saved first: the feedback appears only once the answer is safely on the device.
    await props.onAnswer(answer, sameSet(answer, rightIds()));
    setAnswered([...answer]);
  };

  return (
    <form class="check" onSubmit={submit} aria-labelledby={`${prefix()}-prompt`}>
      <fieldset>
        <legend id={`${prefix()}-prompt`}>{props.check.prompt}</legend>
        <Choices name={prefix()} options={props.check.options} multiple={multiple()} chosen={chosen()} onToggle={toggle} />
      </fieldset>
      <button type="submit">{t('checkAnswer')}</button>
      <div class="feedback" aria-live="polite" id={`${prefix()}-feedback`}>
        <Show when={nudge()}>
          <p>{t('chooseFirst')}</p>
        </Show>
        <Show when={answered()}>
          {(answer) => (
            <div class={correct() ? 'right' : 'wrong'}>
              <p>
                <strong>{correct() ? t('right') : t('notQuite')}</strong>
              </p>
              <ul>
                <For each={props.check.options.filter((o) => answer().includes(o.id))}>
                  {(o) => (
                    <li>
                      <span class="chosen">{o.text}</span> {o.feedback}
                    </li>
                  )}
                </For>
              </ul>
              <Show when={props.check.explanation}>
                <p>{props.check.explanation}</p>
              </Show>
            </div>
          )}
        </Show>
      </div>
    </form>
  );
}
