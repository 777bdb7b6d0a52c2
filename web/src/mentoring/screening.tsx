import { createMemo, createSignal, For, Show } from 'solid-js';
import { tm, type MentoringKey } from '../i18n/mentoring';
import { isMentoringError, type Finding } from './client';

const KINDS = ['name_with_age', 'phone', 'email', 'passport_or_id', 'street_address', 'date_of_birth', 'iban_or_card'];
const known = (kind: string) => (KINDS.includes(kind) ? kind : 'other');
export const explanation = (kind: string) => tm(`pii.${known(kind)}` as MentoringKey);
export const placeholder = (kind: string) => tm(`placeholder.${known(kind)}` as MentoringKey);

const keyOf = (f: Pick<Finding, 'kind' | 'text'>) => `${f.kind}\u0000${f.text}`;

/**
 * A text that the server screens for identifying details: the findings of its last 422, which
 * the author fixes (replacing the text with a placeholder, or editing it) or confirms.
 */
export function createScreened(initial = '') {
  const [text, setText] = createSignal(initial);
  const [findings, setFindings] = createSignal<readonly Finding[]>([]);
  const [confirmed, setConfirmed] = createSignal<ReadonlySet<string>>(new Set());
  /** The findings whose text is still in the text: the others were fixed. */
  const open = createMemo(() => findings().filter((f) => text().includes(f.text)));
  return {
    text,
    setText,
    open,
    isConfirmed: (f: Finding) => confirmed().has(keyOf(f)),
    confirm(f: Finding, on: boolean) {
      const next = new Set<string>(confirmed());
      if (on) next.add(keyOf(f));
      else next.delete(keyOf(f));
      setConfirmed(next);
    },
    /** Puts the placeholder where the finding is (where it was found, else its first occurrence). */
    replace(f: Finding) {
      const t = text();
      const at = t.slice(f.start, f.end) === f.text ? f.start : t.indexOf(f.text);
      if (at < 0) return;
      setText(t.slice(0, at) + placeholder(f.kind) + t.slice(at + f.text.length));
    },
    /** What the request confirms: every finding the author ticked that is still in the text. */
    confirmations: () => open().filter((f) => confirmed().has(keyOf(f))).map((f) => ({ kind: f.kind, text: f.text })),
    /** Takes a 422 `identifying_details` answer; true if it was one. */
    caught(err: unknown): boolean {
      if (!isMentoringError(err) || err.code !== 'identifying_details') return false;
      setFindings(err.details);
      return true;
    },
    clear() {
      setFindings([]);
      setConfirmed(new Set<string>());
    },
  };
}

export type Screened = ReturnType<typeof createScreened>;

/** The text with each open finding marked, so the author sees where it is. */
function Highlighted(props: { text: string; findings: readonly Finding[] }) {
  const parts = createMemo(() => {
    const marks: Array<{ start: number; end: number }> = [];
    for (const f of props.findings) {
      let from = 0;
      for (let at = props.text.indexOf(f.text, from); at >= 0 && f.text; at = props.text.indexOf(f.text, from)) {
        marks.push({ start: at, end: at + f.text.length });
        from = at + f.text.length;
      }
    }
    marks.sort((a, b) => a.start - b.start);
    const out: Array<{ text: string; mark: boolean }> = [];
    let at = 0;
    for (const m of marks) {
      if (m.start < at) continue;
      if (m.start > at) out.push({ text: props.text.slice(at, m.start), mark: false });
      out.push({ text: props.text.slice(m.start, m.end), mark: true });
      at = m.end;
    }
    if (at < props.text.length) out.push({ text: props.text.slice(at), mark: false });
    return out;
  });
  return (
    <p class="user-text highlighted" id="screened-text">
      <For each={parts()}>{(p) => (p.mark ? <mark>{p.text}</mark> : p.text)}</For>
    </p>
  );
}

/** Each identifying detail found, explained in the reader's language, to fix or confirm. */
export function Findings(props: { screened: Screened; id: string }) {
  const s = () => props.screened;
  // The sentence around the quoted text, in whatever order the language puts them.
  const around = () => tm('findingFound', { text: '\u0000' }).split('\u0000');
  return (
    <Show when={s().open().length}>
      <section class="findings" aria-labelledby={`${props.id}-title`} id={props.id}>
        <h2 id={`${props.id}-title`} tabindex="-1">
          {tm('findingsTitle')}
        </h2>
        <p>{tm('findingsIntro')}</p>
        <Highlighted text={s().text()} findings={s().open()} />
        <ul class="cards">
          <For each={s().open()}>
            {(f, i) => (
              <li data-kind={f.kind}>
                <p>
                  {around()[0]}
                  <mark class="found">{f.text}</mark>
                  {around()[1]}
                </p>
                <p class="explanation">{explanation(f.kind)}</p>
                <div class="row-actions">
                  <button type="button" onClick={() => s().replace(f)}>
                    {tm('replaceWith', { placeholder: placeholder(f.kind) })}
                  </button>
                </div>
                <div class="toggle">
                  <input type="checkbox" id={`${props.id}-confirm-${i()}`} checked={s().isConfirmed(f)} onChange={(e) => s().confirm(f, e.currentTarget.checked)} />
                  <label for={`${props.id}-confirm-${i()}`}>{tm('confirmFinding')}</label>
                </div>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
