import { For, Show } from 'solid-js';
import { formatDate, formatNumber } from '../format';
import { t } from '../i18n';
import { ts, type StaffKey } from '../i18n/staff';
import { FigureList } from '../ui/figures';
import type { RosterResult } from './roster-import';

const ACTION: Record<'create' | 'add' | 'already', StaffKey> = {
  create: 'action.create',
  add: 'action.add',
  already: 'action.already',
};

/** What the file would do, line by line; the server explains each rejection in English only. */
export function ImportPreview(props: { result: RosterResult }) {
  const rejected = () => props.result.lines.filter((l) => l.status === 'error');
  const accepted = () => props.result.lines.filter((l) => l.status === 'ok');
  const figures = () =>
    [
      ['import.create', props.result.summary.create],
      ['import.add', props.result.summary.add],
      ['import.already', props.result.summary.already],
      ['import.rejected', props.result.summary.rejected],
    ] as const;
  return (
    <section id="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{ts('previewTitle')}</h2>
      <FigureList id="import-summary" items={figures()} />
      <Show when={props.result.problems.length}>
        <div class="warning" id="file-problems">
          <h3>{ts('fileProblems')}</h3>
          <ul>
            <For each={props.result.problems}>
              {(p) => (
                <li>
                  <span lang="en">{p}</span>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <Show when={rejected().length}>
        <h3>{ts('rejectedLines', { count: formatNumber(rejected().length) })}</h3>
        <p class="hint">{ts('rejectedHint')}</p>
        <ul class="cards lines" id="rejected">
          <For each={rejected()}>
            {(l) => (
              <li data-line={l.line}>
                <p class="strong">
                  {ts('lineN', { n: formatNumber(l.line) })}
                  <Show when={l.username}>
                    {' '}
                    <bdi class="muted">{l.username}</bdi>
                  </Show>
                </p>
                <ul>
                  <For each={l.errors ?? []}>
                    {(e) => (
                      <li>
                        <span lang="en">{e.message}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={accepted().length}>
        <details id="accepted">
          <summary>{ts('acceptedLines', { count: formatNumber(accepted().length) })}</summary>
          <ul class="lines">
            <For each={accepted()}>
              {(l) => (
                <li data-line={l.line}>
                  {ts('lineN', { n: formatNumber(l.line) })} <bdi class="strong">{l.username}</bdi>{' '}
                  <Show when={l.action}>{(a) => <span class={a() === 'already' ? 'tag' : 'tag done'}>{ts(ACTION[a()])}</span>}</Show>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
}

/** The new accounts' one-time codes: shown once, here, to hand out at the first session. */
export function SetupCodes(props: { result: RosterResult; cohortId: string }) {
  const until = () => props.result.setupCodes[0]?.expiresAt;
  return (
    <section id="imported">
      <h2 id="codes-title">{ts('setupCodesTitle')}</h2>
      <Show when={props.result.setupCodes.length} fallback={<p>{ts('noNewAccounts')}</p>}>
        <p>{ts('setupCodesHow', { forgot: t('forgot') })}</p>
        <p class="notice">{ts('setupCodesExpire', { date: until() ? formatDate(until()!) : '' })}</p>
        <div class="table-box" role="region" aria-labelledby="codes-title" tabindex="0">
          <table class="data codes" id="setup-codes">
            <thead>
              <tr>
                <th scope="col">{ts('person')}</th>
                <th scope="col">{ts('setupCode')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.result.setupCodes}>
                {(c) => (
                  <tr data-username={c.username}>
                    <th scope="row">
                      {c.displayName}
                      <span class="small muted">{c.username}</span>
                    </th>
                    <td>
                      <code class="code">{c.code}</code>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <p>
          <button type="button" onClick={() => print()}>
            {ts('printCodes')}
          </button>
        </p>
      </Show>
      <p>
        <a href={`/teach/${props.cohortId}`}>{ts('backToBoard')}</a>
      </p>
    </section>
  );
}
