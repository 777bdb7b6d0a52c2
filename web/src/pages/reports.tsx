import { createResource, createSignal, For, Show, Suspense } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { api, send, type Me } from '../api';
import { locale, t } from '../i18n';
import { ts, type StaffKey } from '../i18n/staff';
import { me } from '../session';
import { BarChart } from '../ui/bar-chart';
import { figure, percent, Quarter, StaffLoadError } from '../ui/figures';
import { Page } from '../ui/page';
import { LearnerReport } from './learner-report';
import { csvUrl, ReportTable, reportJson, type ReportScope } from './report-parts';
import { adminOf, courseTitles, loadInstitutions, type Institution } from './staff-data';

type Handover = Exclude<InferResponseType<typeof api.reports.handover.$get, 200>, string | Response>;

/** "all", "c:NP" (a country) or "i:<id>" (an institution): one string, so the select and the fetch agree. */
const scopeOf = (key: string): ReportScope =>
  key.startsWith('c:') ? { country: key.slice(2) } : key.startsWith('i:') ? { institutionId: key.slice(2) } : {};

const countryName = (code: string) => (typeof Intl.DisplayNames === 'function' ? (new Intl.DisplayNames([locale()], { type: 'region' }).of(code) ?? code) : code);

/** What the person may report on: the programme and each country (programme admins), and the institutions they administer. */
function scopes(person: Me, institutions: readonly Institution[]): Array<{ key: string; label: string }> {
  const countries = [...new Set(institutions.map((i) => i.country))].map((c) => ({ key: `c:${c}`, label: countryName(c) }));
  return [
    ...(person.programmeAdmin ? [{ key: 'all', label: ts('wholeProgramme') }, ...countries.sort((a, b) => a.label.localeCompare(b.label, locale()))] : []),
    ...adminOf(person).map((m) => ({ key: `i:${m.institutionId}`, label: m.institutionName })),
  ];
}

const loadHandover = async (key: string) => reportJson(await send(api.reports.handover.$get({ query: scopeOf(key) })));

function Headline(props: { d: Handover; scope: ReportScope }) {
  const items = (): Array<[StaffKey, number | null, (n: number | null) => string]> => [
    ['handoverIndex', props.d.handover.index, percent],
    ['nationalTrainers', props.d.trainers.national, figure],
    ['outsideCapital', props.d.learners.outsideCapitalShare, percent],
    ['completionRate', props.d.outcomes.completionRate, percent],
    ['passRate', props.d.outcomes.passRate, percent],
  ];
  return (
    <section id="headline">
      <h2 id="headline-title" class="sr-only">
        {ts('headline')}
      </h2>
      <dl class="figures">
        <For each={items()}>
          {([key, value, format]) => (
            <div>
              <dt>{ts(key)}</dt>
              <dd classList={{ suppressed: value === null }}>{format(value)}</dd>
            </div>
          )}
        </For>
      </dl>
      <p class="hint">{ts('handoverIndexHint')}</p>
      <p>
        <a href={csvUrl('handover', props.scope, { table: 'summary' })} download="" class="csv" aria-describedby="headline-title">
          {ts('downloadCsv')}
        </a>
      </p>
    </section>
  );
}

function Dashboard(props: { d: Handover; scope: ReportScope }) {
  const titleOf = courseTitles();
  const periods = () => props.d.cohorts.map((c) => c.period);
  const byPeriod = () => props.d.handover.byPeriod;
  const csv = (table: string) => csvUrl('handover', props.scope, { table });
  return (
    <>
      <Headline d={props.d} scope={props.scope} />
      <ReportTable
        id="cohorts-by-lead"
        title={ts('cohortsByLead')}
        csv={csv('cohorts')}
        columns={[ts('quarter'), ts('nationalTrainer'), ts('internationalExpert'), ts('noLead')]}
        rows={props.d.cohorts.map((c) => [<Quarter period={c.period} />, figure(c.ledByNational), figure(c.ledByInternational), figure(c.noLead)])}
        before={
          <BarChart
            labels={periods()}
            series={[
              { kind: 'series-national', name: ts('nationalTrainer'), values: props.d.cohorts.map((c) => c.ledByNational) },
              { kind: 'series-international', name: ts('internationalExpert'), values: props.d.cohorts.map((c) => c.ledByInternational) },
              { kind: 'series-none', name: ts('noLead'), values: props.d.cohorts.map((c) => c.noLead) },
            ]}
            label={(i) => figure((props.d.cohorts[i]?.ledByNational ?? 0) + (props.d.cohorts[i]?.ledByInternational ?? 0) + (props.d.cohorts[i]?.noLead ?? 0))}
          />
        }
      />
      <ReportTable
        id="handover-by-quarter"
        title={ts('handoverByQuarter')}
        csv={csv('handover')}
        columns={[ts('quarter'), ts('byNational'), ts('byInternational'), ts('handoverIndex')]}
        rows={byPeriod().map((p) => [<Quarter period={p.period} />, figure(p.national), figure(p.international), percent(p.index)])}
        before={
          <BarChart
            labels={byPeriod().map((p) => p.period)}
            series={[{ kind: 'series-national', name: ts('handoverIndex'), values: byPeriod().map((p) => p.index) }]}
            max={1}
            label={(i) => (byPeriod()[i]?.index == null ? t('notSaid') : percent(byPeriod()[i]!.index))}
          />
        }
      />
      <ReportTable
        id="trainers-by-gender"
        title={ts('trainersByGender')}
        csv={csv('trainers')}
        columns={[ts('by.gender'), ts('nationalTrainers')]}
        rows={props.d.trainers.byGender.map((g) => [g.gender === 'not stated' ? ts('notStated') : g.gender, figure(g.trainers)])}
      />
      <ReportTable
        id="adoption"
        title={ts('adoptionTitle')}
        csv={csv('adoption')}
        numeric={5}
        empty={ts('noAdoption')}
        columns={[ts('by.institution'), t('country'), ts('by.course'), t('courseVersion'), ts('programmeCol'), ts('year')]}
        rows={props.d.adoption.map((a) => [a.institution, countryName(a.country), titleOf(a.courseId), a.courseVersion, a.programme, String(a.year)])}
      />
    </>
  );
}

/** The handover dashboard: is the programme leaving national trainers who carry on without it? */
export function Reports() {
  const person = me();
  const [institutions] = createResource(() => person?.programmeAdmin, () => loadInstitutions().catch(() => []));
  const options = () => (person ? scopes(person, institutions.latest ?? []) : []);
  const [chosen, setChosen] = createSignal<string>();
  const key = () => chosen() ?? options()[0]?.key;
  const [dashboard, { refetch }] = createResource(key, loadHandover);
  return (
    <Page title={ts('reportsTitle')}>
      <Show when={options().length} fallback={<p class="alert">{ts('notAllowed')}</p>}>
        <Show when={options().length > 1}>
          <div class="field">
            <label for="f-scope">{ts('reportFor')}</label>
            <select id="f-scope" onChange={(e) => setChosen(e.currentTarget.value)}>
              <For each={options()}>
                {(o) => (
                  <option value={o.key} selected={o.key === key()}>
                    {o.label}
                  </option>
                )}
              </For>
            </select>
          </div>
        </Show>
        <div class="wide">
          <Suspense fallback={<p class="muted">{t('loading')}</p>}>
            <Show when={!dashboard.error} fallback={<StaffLoadError error={dashboard.error} retry={refetch} />}>
              <Show when={dashboard()}>{(d) => <Dashboard d={d()} scope={scopeOf(key() ?? '')} />}</Show>
            </Show>
          </Suspense>
          <Suspense fallback={<p class="muted">{t('loading')}</p>}>
            <LearnerReport scope={scopeOf(key() ?? '')} />
          </Suspense>
        </div>
      </Show>
    </Page>
  );
}
