import { Show } from 'solid-js';
import { t } from '../i18n';
import { ts } from '../i18n/staff';
import { QUALIFICATION_LEVELS, QUALIFICATION_STATUSES, type QualificationLevel, type QualificationStatus } from '../../../db/schema/enums';

export const isLevel = (v: unknown): v is QualificationLevel => QUALIFICATION_LEVELS.includes(v as QualificationLevel);
export const isStatus = (v: unknown): v is QualificationStatus => QUALIFICATION_STATUSES.includes(v as QualificationStatus);

/** A trainer's highest step on the pathway, whether it stands, and national or international. */
export function TrainerTags(props: { level: unknown; status: unknown; internationalExpert: boolean; programme?: boolean }) {
  return (
    <>
      <Show when={props.programme} fallback={<span class="tag">{props.internationalExpert ? ts('internationalExpert') : ts('nationalTrainer')}</span>}>
        <span class="tag">{t('programmeAdmin')}</span>
      </Show>{' '}
      <Show when={isLevel(props.level) && props.level}>{(level) => <span class="tag done">{ts(`level.${level()}`)}</span>}</Show>{' '}
      <Show when={isStatus(props.status) && props.status !== 'active' && props.status}>{(status) => <span class="tag bad">{ts(`qual.${status()}`)}</span>}</Show>
    </>
  );
}
