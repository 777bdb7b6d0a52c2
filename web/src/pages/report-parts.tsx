import { For, Show, type JSX } from 'solid-js';
import { ApiError } from '../api';
import { ts } from '../i18n/staff';

/** The report's scope as the API's query: one institution, one country, or the whole programme. */
export type ReportScope = { institutionId?: string; country?: string };

/**
 * The report routes can also answer CSV, so the typed client gives their body as JSON, text
 * or a Response; the JSON (asked for by default) is the only one that can come here.
 */
export function reportJson<T>(body: T): Exclude<T, string | Response> {
  if (typeof body !== 'object' || body === null || body instanceof Response) throw new ApiError('bad_response', 'The report did not come as JSON.');
  return body as Exclude<T, string | Response>;
}

/** A plain link to the API's CSV of one table: the router leaves /api/ links to the browser. */
export function csvUrl(report: 'handover' | 'learners', scope: ReportScope, extra: Record<string, string>): string {
  return `/api/reports/${report}?${new URLSearchParams({ ...scope, ...extra, format: 'csv' })}`;
}

/**
 * One report table under its heading, with the link to download it as CSV. The table is
 * the accessible version of any chart drawn above it, so it is always there, never hidden.
 */
export function ReportTable(props: {
  id: string;
  title: string;
  /** The same table as CSV from the API, where it offers one. */
  csv?: string;
  columns: readonly string[];
  rows: ReadonlyArray<readonly JSX.Element[]>;
  /** Columns from this index on hold figures, aligned to the end edge; 1 unless given. */
  numeric?: number;
  before?: JSX.Element;
  /** What to say when there are no rows yet. */
  empty?: string;
  /** A heading already on the page that names the table; else the table gets its own `title` heading. */
  headingId?: string;
}) {
  const heading = () => props.headingId ?? `${props.id}-title`;
  const num = (i: number) => (i >= (props.numeric ?? 1) ? 'num' : undefined);
  return (
    <section class="report" id={props.id}>
      <Show when={!props.headingId}>
        <h2 id={heading()}>{props.title}</h2>
      </Show>
      <Show when={props.rows.length} fallback={<p>{props.empty ?? ts('noData')}</p>}>
        {props.before}
        <div class="table-box" role="region" aria-labelledby={heading()} tabindex="0">
          <table class="data" aria-labelledby={heading()}>
            <thead>
              <tr>
                <For each={props.columns}>{(c, i) => <th scope="col" class={num(i())}>{c}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.rows}>
                {(row) => (
                  <tr>
                    <For each={row}>{(cell, i) => (i() === 0 ? <th scope="row">{cell}</th> : <td class={num(i())}>{cell}</td>)}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={props.csv}>
          {(href) => (
            <p>
              <a href={href()} download="" class="csv" aria-describedby={heading()}>
                {ts('downloadCsv')}
              </a>
            </p>
          )}
        </Show>
      </Show>
    </section>
  );
}
