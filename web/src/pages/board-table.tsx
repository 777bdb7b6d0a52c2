import { createSignal, For, Show } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { api, ApiError, send } from '../api';
import { formatDate, formatNumber } from '../format';
import { t, type Key } from '../i18n';
import { ts, type StaffKey } from '../i18n/staff';

export type Board = InferResponseType<(typeof api.cohorts)[':cohortId']['board']['$get'], 200>;
export type BoardLearner = Board['learners'][number];

/** A practical is passed or not like the assessment, or not scored yet. */
const PRACTICAL: Record<BoardLearner['courses'][number]['practical'], StaffKey> = {
  passed: 'assessment.passed',
  not_passed: 'assessment.not_passed',
  not_scored: 'practical.not_scored',
};
const CERTIFICATE: Record<string, Key> = { valid: 'certificate.valid', suspended: 'certificate.suspended', revoked: 'certificate.revoked' };

/** A one-time password reset code for one learner, shown once, here, and gone when the page goes. */
function ResetCode(props: { cohortId: string; learner: BoardLearner }) {
  const [code, setCode] = createSignal<{ code: string; expiresAt: string }>();
  const [failed, setFailed] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const issue = async () => {
    setBusy(true);
    setFailed('');
    try {
      setCode(await send(api.cohorts[':cohortId'].members[':userId']['reset-code'].$post({ param: { cohortId: props.cohortId, userId: props.learner.userId } })));
    } catch (err) {
      setFailed(err instanceof ApiError && err.code !== 'offline' ? err.message : t('offline'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="small-button" onClick={issue} disabled={busy()} aria-label={ts('resetCodeFor', { name: props.learner.displayName })}>
        {t('resetCode')}
      </button>
      <div role="status">
        <Show when={code()}>
          {(c) => (
            <p class="one-time">
              <span>{ts('resetCodeShown', { date: formatDate(c().expiresAt) })}</span> <code class="code">{c().code}</code>
            </p>
          )}
        </Show>
        <Show when={failed()}>
          <p class="field-error">{failed()}</p>
        </Show>
      </div>
    </>
  );
}

/**
 * One row a learner, for one course. Under 40rem it scrolls sideways with the learner's
 * name held at the start edge, so a row never loses who it is about.
 */
export function BoardTable(props: { cohortId: string; courseId: string; learners: BoardLearner[]; caption: string }) {
  const course = (l: BoardLearner) => l.courses.find((c) => c.courseId === props.courseId);
  return (
    <div class="table-box board-box" role="region" aria-labelledby="board-caption" tabindex="0">
      <table class="data board">
        <caption id="board-caption">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('role.learner')}</th>
            <th scope="col" class="num">
              {t('courseLessons')}
            </th>
            <th scope="col">{ts('colAssessment')}</th>
            <th scope="col">{ts('colPractical')}</th>
            <th scope="col">{ts('colCertificate')}</th>
            <th scope="col">{ts('colLastActive')}</th>
            <th scope="col">{t('resetCode')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.learners}>
            {(l) => (
              <tr data-learner={l.username}>
                <th scope="row">
                  {l.displayName}
                  <span class="small muted">{l.username}</span>
                  <Show when={l.stuck}>
                    <span class="tag warn">{ts('board.stuck')}</span>
                  </Show>
                </th>
                <Show when={course(l)} fallback={<td colspan="4">{t('notSaid')}</td>}>
                  {(c) => (
                    <>
                      <td class="num">
                        <bdi dir="ltr">
                          {formatNumber(c().lessonsCompleted)}/{formatNumber(c().lessons)}
                        </bdi>
                      </td>
                      <td>{ts(`assessment.${c().summative}`)}</td>
                      <td>{ts(PRACTICAL[c().practical])}</td>
                      <td>
                        <Show when={c().certificate} fallback={c().readyToCertify ? <span class="tag done">{ts('board.ready')}</span> : t('notSaid')}>
                          {(cert) => t(CERTIFICATE[cert().status] ?? 'certificate.valid')}
                        </Show>
                      </td>
                    </>
                  )}
                </Show>
                <td>{l.lastActiveAt ? formatDate(l.lastActiveAt) : ts('never')}</td>
                <td>
                  <ResetCode cohortId={props.cohortId} learner={l} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
