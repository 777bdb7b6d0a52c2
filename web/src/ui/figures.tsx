import { For, Show } from 'solid-js';
import { ApiError } from '../api';
import { formatNumber } from '../format';
import { locale, t } from '../i18n';
import { ts, type StaffKey } from '../i18n/staff';
import { LoadError } from './load-error';

/** The smallest group a report shows (worker/reports/suppress.ts). */
const MIN_CELL = 5;
const fewerThan = () => ts('fewerThan', { n: formatNumber(MIN_CELL) });

/**
 * Report figures. A count or share about fewer than 5 people arrives as `null` (small-cell
 * suppression) and must read as such, never as 0.
 */
export const figure = (n: number | null) => (n === null ? fewerThan() : formatNumber(n));

/** A share (0–1) as a percentage in the reader's language: "42 %", "٪٤٢". */
export const percent = (share: number | null) =>
  share === null ? fewerThan() : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A load that failed: "not for your roles" when the API refused, otherwise the usual retry. */
export function StaffLoadError(props: { error: unknown; retry: () => void }) {
  const code = () => (props.error instanceof ApiError ? props.error.code : '');
  return (
    <Show when={code() === 'forbidden' || code() === 'not_found'} fallback={<LoadError error={props.error} retry={props.retry} />}>
      <p role="alert" class="alert">
        {code() === 'forbidden' ? ts('notAllowed') : t('noScreen')}
      </p>
    </Show>
  );
}

/** The quarter label as the API gives it ("2026-Q2"), kept left to right inside Arabic text. */
export function Quarter(props: { period: string }) {
  return <bdi dir="ltr">{props.period}</bdi>;
}

/** Headline counts as a definition list: each staff label with its number. */
export function FigureList(props: { id: string; items: ReadonlyArray<readonly [StaffKey, number]> }) {
  return (
    <dl class="figures" id={props.id}>
      <For each={props.items}>
        {([key, n]) => (
          <div>
            <dt>{ts(key)}</dt>
            <dd>{formatNumber(n)}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}
