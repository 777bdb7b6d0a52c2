import { createResource, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { formatDate, formatNumber } from '../format';
import { locale, t } from '../i18n';
import { ts } from '../i18n/staff';
import type { Params } from '../router';
import { figure, percent, StaffLoadError } from '../ui/figures';
import { Page } from '../ui/page';
import { ReportTable } from './report-parts';
import { courseTitles } from './staff-data';
import { isLevel, isStatus, TrainerTags } from './trainer-tags';

const loadTrainer = (userId: string) => send(api.trainers[':userId'].$get({ param: { userId } }));

/** The API types a qualification only as a record: read each field for what it is. */
const text = (v: unknown) => (typeof v === 'string' ? v : '');

const dates = (from: string | null, to: string | null) =>
  [from, to].every((d) => d === null) ? t('notSaid') : ts('dateRange', { from: from ? formatDate(from) : t('notSaid'), to: to ? formatDate(to) : t('notSaid') });

/** One trainer: the steps they were granted and by whom, and the cohorts they delivered with how their learners did. */
export function Trainer(props: { params: Params }) {
  const userId = () => props.params.userId ?? '';
  const titleOf = courseTitles();
  const [trainer, { refetch }] = createResource(userId, loadTrainer);
  return (
    <Suspense fallback={<p class="muted">{t('loading')}</p>}>
      <Show when={!trainer.error} fallback={<StaffLoadError error={trainer.error} retry={refetch} />}>
        <Show when={trainer()}>
          {(p) => (
            <Page title={p().name}>
              <div class="wide">
                <p>
                  <TrainerTags level={null} status={null} internationalExpert={p().internationalExpert} />
                </p>
                <p class="facts">
                  <Show when={p().country}>{(c) => <span>{new Intl.DisplayNames([locale()], { type: 'region' }).of(c()) ?? c()}</span>}</Show>
                  <span>{ts('certificatesIssued', { count: formatNumber(p().certificatesIssued) })}</span>
                </p>
                <ReportTable
                  id="qualifications"
                  title={ts('qualifications')}
                  numeric={99}
                  empty={ts('noQualifications')}
                  columns={[ts('by.course'), ts('colLevel'), t('certificateStatus'), ts('grantedBy'), ts('grantedOn')]}
                  rows={p().qualifications.map((q) => [
                    titleOf(text(q.courseId)),
                    isLevel(q.level) ? ts(`level.${q.level}`) : text(q.level),
                    isStatus(q.status) ? ts(`qual.${q.status}`) : text(q.status),
                    text(q.grantedBy) || t('notSaid'),
                    text(q.grantedAt) ? formatDate(text(q.grantedAt)) : t('notSaid'),
                  ])}
                />
                <ReportTable
                  id="delivered"
                  title={ts('cohortsDelivered')}
                  numeric={4}
                  empty={ts('noneDelivered')}
                  columns={[ts('cohort'), ts('by.institution'), ts('cohortRole'), ts('dates'), ts('board.learners'), ts('board.certified'), ts('certifiedShare')]}
                  rows={p().cohorts.map((c) => [
                    c.name,
                    c.institution,
                    c.role === 'lead' ? ts('leadTrainer') : ts('level.co_facilitator'),
                    dates(c.startsOn, c.endsOn),
                    figure(c.learners),
                    figure(c.certified),
                    percent(c.certifiedShare),
                  ])}
                />
              </div>
            </Page>
          )}
        </Show>
      </Show>
    </Suspense>
  );
}
