import type { JSX } from 'solid-js';

/** A boxed remark beside content: untranslated lessons, offline availability. */
export function Notice(props: { children: JSX.Element; kind?: 'info' | 'ok' }) {
  return <p class={`notice ${props.kind ?? 'info'}`}>{props.children}</p>;
}
