import { createResource, createSignal, For, Show } from 'solid-js';
import { api, send, type Sector } from '../api';
import { t } from '../i18n';
import { ts, type StaffKey } from '../i18n/staff';
import { figure, StaffLoadError, percent } from '../ui/figures';
import { csvUrl, ReportTable, reportJson, type ReportScope } from './report-parts';
import { courseTitles } from './staff-data';
import { SECTORS } from '../../../db/schema/enums';

const DIMENSIONS = ['gender', 'sector', 'location', 'institution', 'course'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** The API's group names that are words, not data: said in the reader's language. */
const WORDS: Record<string, StaffKey> = { 'not stated': 'notStated', capital: 'loc.capital', 'outside the capital': 'loc.outside' };

const load = async ([scope, by]: readonly [ReportScope, Dimension]) => reportJson(await send(api.reports.learners.$get({ query: { ...scope, by } })));

/** Learner outcomes broken down by one dimension, small groups suppressed. */
export function LearnerReport(props: { scope: ReportScope }) {
  const titleOf = courseTitles();
  const [by, setBy] = createSignal<Dimension>('gender');
  const [report, { refetch }] = createResource(() => [props.scope, by()] as const, load);
  const group = (g: string) => {
    const word = WORDS[g];
    if (word) return ts(word);
    if (by() === 'sector' && SECTORS.includes(g as Sector)) return t(`sector.${g as Sector}`);
    return by() === 'course' ? titleOf(g) : g;
  };
  return (
    <section class="report">
      <h2 id="learners-title">{ts('learnerReport')}</h2>
      <div class="field">
        <label for="f-by">{ts('breakDownBy')}</label>
        <select id="f-by" onChange={(e) => setBy(e.currentTarget.value as Dimension)}>
          <For each={DIMENSIONS}>
            {(d) => (
              <option value={d} selected={d === by()}>
                {ts(`by.${d}`)}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={!report.error} fallback={<StaffLoadError error={report.error} retry={refetch} />}>
        {/* `latest`: a new breakdown replaces the table without taking the select (and focus) away. */}
        <Show when={report.latest}>
          {(r) => (
            <Show when={r().rows.length} fallback={<p>{ts('noData')}</p>}>
              <ReportTable
                id="learners"
                headingId="learners-title"
                title={ts('learnerReport')}
                csv={csvUrl('learners', props.scope, { by: r().by })}
                columns={[ts(`by.${r().by}`), ts('board.learners'), ts('enrolments'), ts('completed'), ts('completionRate'), ts('passedCol'), ts('passRate'), ts('board.certified')]}
                rows={r().rows.map((row) => [
                  group(row.group),
                  figure(row.learners),
                  figure(row.enrolments),
                  figure(row.completed),
                  percent(row.completionRate),
                  figure(row.passed),
                  percent(row.passRate),
                  figure(row.certified),
                ])}
              />
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}
