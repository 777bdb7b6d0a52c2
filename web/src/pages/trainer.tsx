import { createResource, For, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { formatDate, formatNumber } from '../format';
import { locale, t } from '../i18n';
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
  [from, to].every((d) => d === null) ? t('notSaid') : t('dateRange', { from: from ? formatDate(from) : t('notSaid'), to: to ? formatDate(to) : t('notSaid') });

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
                  <span>{t('certificatesIssued', { count: formatNumber(p().certificatesIssued) })}</span>
                </p>
                <ReportTable
                  id="qualifications"
                  title={t('qualifications')}
                  numeric={99}
                  empty={t('noQualifications')}
                  columns={[t('by.course'), t('colLevel'), t('certificateStatus'), t('grantedBy'), t('grantedOn')]}
                  rows={p().qualifications.map((q) => [
                    titleOf(text(q.courseId)),
                    isLevel(q.level) ? t(`level.${q.level}`) : text(q.level),
                    isStatus(q.status) ? t(`qual.${q.status}`) : text(q.status),
                    text(q.grantedBy) || t('notSaid'),
                    text(q.grantedAt) ? formatDate(text(q.grantedAt)) : t('notSaid'),
                  ])}
                />
                <ReportTable
                  id="delivered"
                  title={t('cohortsDelivered')}
                  numeric={4}
                  empty={t('noneDelivered')}
                  columns={[t('cohort'), t('by.institution'), t('cohortRole'), t('dates'), t('board.learners'), t('board.certified'), t('certifiedShare')]}
                  rows={p().cohorts.map((c) => [
                    c.name,
                    c.institution,
                    c.role === 'lead' ? t('leadTrainer') : t('level.co_facilitator'),
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
