import { For, Show } from 'solid-js';
import { locale } from '../i18n';

export interface Series {
  /** A class that colours the series' bars and its legend swatch (see styles.css). */
  kind: string;
  name: string;
  values: ReadonlyArray<number | null>;
}

const HEIGHT = 150;
const TOP = 18;
const BASE = 120;
const BAR = 28;
const STEP = 52;

/**
 * A bar chart drawn as inline SVG (no chart library): one bar a period, the series stacked.
 * It is a picture only (hidden from screen readers): each chart sits beside a table of the
 * same numbers, which is the accessible version. Periods run from the start edge, so
 * Arabic reads them right to left.
 */
export function BarChart(props: { labels: readonly string[]; series: readonly Series[]; max?: number; label: (i: number) => string }) {
  const width = () => Math.max(240, props.labels.length * STEP + 16);
  const rtl = () => locale() === 'ar';
  const total = (i: number) => props.series.reduce((n, s) => n + (s.values[i] ?? 0), 0);
  const max = () => props.max ?? Math.max(1, ...props.labels.map((_, i) => total(i)));
  const scale = (v: number) => (v / max()) * (BASE - TOP);
  const x = (i: number) => (rtl() ? width() - 16 - i * STEP - BAR : 16 + i * STEP);
  /** Each series' bar in period i, stacked from the baseline up. */
  const segments = (i: number) => {
    let y = BASE;
    return props.series.map((s) => {
      const h = scale(s.values[i] ?? 0);
      y -= h;
      return { kind: s.kind, y, h };
    });
  };
  return (
    <figure class="chart" aria-hidden="true">
      <svg viewBox={`0 0 ${width()} ${HEIGHT}`} width={width()} height={HEIGHT}>
        <line x1="0" x2={width()} y1={BASE} y2={BASE} class="axis" />
        <For each={props.labels}>
          {(period, i) => (
            <g>
              <For each={segments(i())}>{(s) => <Show when={s.h > 0}>{<rect x={x(i())} y={s.y} width={BAR} height={s.h} class={s.kind} />}</Show>}</For>
              <text x={x(i()) + BAR / 2} y={BASE - scale(total(i())) - 4} text-anchor="middle" class="value">
                {props.label(i())}
              </text>
              <text x={x(i()) + BAR / 2} y={BASE + 16} text-anchor="middle" direction="ltr">
                {period}
              </text>
            </g>
          )}
        </For>
      </svg>
      <Show when={props.series.length > 1}>
        <figcaption>
          <ul class="legend">
            <For each={props.series}>
              {(s) => (
                <li>
                  <span class={`swatch ${s.kind}`} /> {s.name}
                </li>
              )}
            </For>
          </ul>
        </figcaption>
      </Show>
    </figure>
  );
}
