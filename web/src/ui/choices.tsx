import { For } from 'solid-js';
import { t } from '../i18n';

/** Toggles one option in a choice answer: a set for multiple choice, a single pick otherwise. */
export const toggled = (list: readonly string[], id: string, on: boolean, multiple: boolean): string[] =>
  multiple ? (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)) : [id];

/**
 * The options of a choice question, as radios or checkboxes with their hint; shared by the
 * practice checks in lessons and the summative assessment.
 */
export function Choices(props: {
  name: string;
  options: ReadonlyArray<{ id: string; text: string }>;
  multiple: boolean;
  chosen: readonly string[];
  onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <>
      <p class="hint">{props.multiple ? t('chooseAll') : t('chooseOne')}</p>
      <For each={props.options}>
        {(option) => (
          <div class="option">
            <input
              type={props.multiple ? 'checkbox' : 'radio'}
              id={`${props.name}-${option.id}`}
              name={props.name}
              value={option.id}
              checked={props.chosen.includes(option.id)}
              onChange={(e) => props.onToggle(option.id, e.currentTarget.checked)}
            />
            <label for={`${props.name}-${option.id}`}>{option.text}</label>
          </div>
        )}
      </For>
    </>
  );
}
