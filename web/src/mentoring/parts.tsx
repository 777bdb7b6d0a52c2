import { createEffect, createRoot, createSignal, For, on, Show, splitProps, type JSX } from 'solid-js';
import { SECTORS } from '../../../db/schema/enums';
import { loadCatalogue } from '../content';
import { locale, t } from '../i18n';
import { tm } from '../i18n/mentoring';

/** Today as YYYY-MM-DD, for date inputs. */
export const today = () => new Date().toISOString().slice(0, 10);

const names = (type: 'language' | 'region') => {
  const l = locale();
  try {
    return new Intl.DisplayNames([l], { type });
  } catch {
    return null;
  }
};
/** "fr" -> "French" in the reader's language (the code where the browser cannot say). */
export const languageName = (code: string) => names('language')?.of(code) ?? code;
/** "NP" -> "Nepal" in the reader's language. */
export const countryName = (code: string) => {
  try {
    return names('region')?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
};

const [titles, setTitles] = createSignal<ReadonlyMap<string, string>>(new Map());
let watching = false;
/** Course titles by id in the reader's language; the id until the catalogue arrives (or offline). */
export function courseTitles(): ReadonlyMap<string, string> {
  if (!watching) {
    watching = true;
    createRoot(() =>
      createEffect(
        on(locale, (l) => {
          loadCatalogue(l).then(
            (c) => setTitles(new Map(c.courses.map((course) => [course.id, course.title]))),
            () => undefined,
          );
        }),
      ),
    );
  }
  return titles();
}

const isSector = (value: string): value is (typeof SECTORS)[number] => (SECTORS as readonly string[]).includes(value);
/** An expertise tag (a sector or a course id) as a reader sees it. */
export const expertiseLabel = (tag: string) => (isSector(tag) ? t(`sector.${tag}`) : (courseTitles().get(tag) ?? tag));

/** Joins names the way the reader's language lists them. */
export function listOf(items: readonly string[]): string {
  try {
    return new Intl.ListFormat(locale(), { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/**
 * Text someone typed, shown as text: Solid sets it as a text node, so markup in it is only
 * characters. Line breaks are kept by the `pre-line` class.
 */
export function UserText(props: { text: string | null | undefined; class?: string }) {
  return <p class={`user-text ${props.class ?? ''}`}>{props.text ?? ''}</p>;
}

interface Labelled {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

const describedBy = (props: Labelled) =>
  [props.hint && `f-${props.name}-hint`, props.error && `f-${props.name}-error`].filter(Boolean).join(' ') || undefined;

/** A labelled textarea with its hint and error, like ui/field's inputs. */
export function TextArea(props: Labelled & JSX.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [own, rest] = splitProps(props, ['label', 'hint', 'error']);
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{own.label}</label>
      <Show when={own.hint}>
        <p class="hint" id={`f-${props.name}-hint`}>
          {own.hint}
        </p>
      </Show>
      <textarea id={`f-${props.name}`} rows={4} aria-describedby={describedBy(props)} aria-invalid={own.error ? true : undefined} {...rest} />
      <Show when={own.error}>
        <p class="field-error" id={`f-${props.name}-error`}>
          {own.error}
        </p>
      </Show>
    </div>
  );
}

/** A group of checkboxes under one legend; each checked box submits `name=value`. */
export function CheckGroup(props: {
  name: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  options: ReadonlyArray<{ value: string; label: string; lang?: string }>;
  checked: (value: string) => boolean;
}) {
  return (
    <fieldset class="checks" aria-describedby={props.error ? `f-${props.name}-error` : undefined}>
      <legend>{props.legend}</legend>
      <Show when={props.hint}>
        <p class="hint">{props.hint}</p>
      </Show>
      <For each={props.options}>
        {(o) => (
          <div class="option">
            <input type="checkbox" id={`f-${props.name}-${o.value}`} name={props.name} value={o.value} checked={props.checked(o.value)} />
            <label for={`f-${props.name}-${o.value}`} lang={o.lang}>
              {o.label}
            </label>
          </div>
        )}
      </For>
      <Show when={props.error}>
        <p class="field-error" id={`f-${props.name}-error`}>
          {props.error}
        </p>
      </Show>
    </fieldset>
  );
}

/** A single checkbox with its label (and hint). */
export function Toggle(props: { name: string; label: string; hint?: string; checked: boolean }) {
  return (
    <div class="toggle">
      <input type="checkbox" id={`f-${props.name}`} name={props.name} value="yes" checked={props.checked} aria-describedby={props.hint ? `f-${props.name}-hint` : undefined} />
      <label for={`f-${props.name}`}>{props.label}</label>
      <Show when={props.hint}>
        <p class="hint" id={`f-${props.name}-hint`}>
          {props.hint}
        </p>
      </Show>
    </div>
  );
}

/** Every value of a multi-valued form field (FormData keeps them all; createForm keeps one). */
export const allValues = (form: HTMLFormElement, name: string) => new FormData(form).getAll(name).filter((v): v is string => typeof v === 'string');

/** The screen for people whose roles do not reach it. */
export const NotAllowed = () => <p class="alert">{tm('notAllowedHere')}</p>;
