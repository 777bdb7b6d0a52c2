import { Show, splitProps, type JSX } from 'solid-js';

interface Labelled {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

const idOf = (props: Labelled) => `f-${props.name}`;

/** Points the control at its hint and error, so screen readers read them with the label. */
const describedBy = (props: Labelled) =>
  [props.hint && `${idOf(props)}-hint`, props.error && `${idOf(props)}-error`].filter(Boolean).join(' ') || undefined;

/** The label, hint and error around one control. */
function Wrap(props: Labelled & { children: JSX.Element }) {
  return (
    <div class="field">
      <label for={idOf(props)}>{props.label}</label>
      <Show when={props.hint}>
        <p class="hint" id={`${idOf(props)}-hint`}>
          {props.hint}
        </p>
      </Show>
      {props.children}
      <Show when={props.error}>
        <p class="field-error" id={`${idOf(props)}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

export function Field(props: Labelled & JSX.InputHTMLAttributes<HTMLInputElement>) {
  const [own, input] = splitProps(props, ['label', 'hint', 'error']);
  return (
    <Wrap name={props.name} label={own.label} hint={own.hint} error={own.error}>
      <input id={idOf(props)} aria-describedby={describedBy(props)} aria-invalid={own.error ? true : undefined} {...input} />
    </Wrap>
  );
}

export function Select(props: Labelled & { children: JSX.Element }) {
  return (
    <Wrap name={props.name} label={props.label} hint={props.hint} error={props.error}>
      <select id={idOf(props)} name={props.name} aria-describedby={describedBy(props)} aria-invalid={props.error ? true : undefined}>
        {props.children}
      </select>
    </Wrap>
  );
}
