import { createResource, createSignal, For, Show } from 'solid-js';
import { api, send, type Sector } from '../api';
import { t, type Key } from '../i18n';
import { figure, StaffLoadError, percent } from '../ui/figures';
import { csvUrl, ReportTable, reportJson, type ReportScope } from './report-parts';
import { courseTitles } from './staff-data';
import { SECTORS } from '../../../db/schema/enums';

const DIMENSIONS = ['gender', 'sector', 'location', 'institution', 'course'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** The API's group names that are words, not data: said in the reader's language. */
const WORDS: Record<string, Key> = { 'not stated': 'notStated', capital: 'loc.capital', 'outside the capital': 'loc.outside' };

const load = async ([scope, by]: readonly [ReportScope, Dimension]) => reportJson(await send(api.reports.learners.$get({ query: { ...scope, by } })));

/** Learner outcomes broken down by one dimension, small groups suppressed. */
export function LearnerReport(props: { scope: ReportScope }) {
  const titleOf = courseTitles();
  const [by, setBy] = createSignal<Dimension>('gender');
  const [report, { refetch }] = createResource(() => [props.scope, by()] as const, load);
  const group = (g: string) => {
    const word = WORDS[g];
    if (word) return t(word);
    if (by() === 'sector' && SECTORS.includes(g as Sector)) return t(`sector.${g as Sector}`);
    return by() === 'course' ? titleOf(g) : g;
  };
  return (
    <section class="report">
      <h2 id="learners-title">{t('learnerReport')}</h2>
      <div class="field">
        <label for="f-by">{t('breakDownBy')}</label>
        <select id="f-by" onChange={(e) => setBy(e.currentTarget.value as Dimension)}>
          <For each={DIMENSIONS}>
            {(d) => (
              <option value={d} selected={d === by()}>
                {t(`by.${d}`)}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={!report.error} fallback={<StaffLoadError error={report.error} retry={refetch} />}>
        {/* `latest`: a new breakdown replaces the table without taking the select (and focus) away. */}
        <Show when={report.latest}>
          {(r) => (
            <Show when={r().rows.length} fallback={<p>{t('noData')}</p>}>
              <ReportTable
                id="learners"
                headingId="learners-title"
                title={t('learnerReport')}
                csv={csvUrl('learners', props.scope, { by: r().by })}
                columns={[t(`by.${r().by}`), t('board.learners'), t('enrolments'), t('completed'), t('completionRate'), t('passedCol'), t('passRate'), t('board.certified')]}
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
