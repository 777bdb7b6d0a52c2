import { createResource, For, onCleanup, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { loadCourse } from '../content';
import { formatDate } from '../format';
import { locale, t } from '../i18n';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';

type Certificate = Awaited<ReturnType<typeof loadCertificates>>[number];

const loadCertificates = async () => (await send(api.certificates.$get())).certificates;

/** The credential as a file to save: a Blob behind an object URL, freed when the row goes. */
function DownloadCredential(props: { certificate: Certificate }) {
  const url = URL.createObjectURL(new Blob([props.certificate.credential], { type: 'application/jwt' }));
  onCleanup(() => URL.revokeObjectURL(url));
  return (
    <a href={url} download={`${props.certificate.courseId}-${props.certificate.courseVersion}-${props.certificate.id}.jwt`}>
      {t('downloadCredential')}
    </a>
  );
}

function CourseTitle(props: { courseId: string }) {
  // The title in the reader's language when the course is known, else its id.
  const [course] = createResource(
    () => [props.courseId, locale()] as const,
    ([id, l]) => loadCourse(id, l).catch(() => undefined),
  );
  return <>{course.latest?.title ?? props.courseId}</>;
}

/** The learner's certificates: what, when, until when, and whether it still stands. */
export function Certificates() {
  const [certificates, { refetch }] = createResource(loadCertificates);
  return (
    <Page title={t('myCertificates')}>
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>
        <Show when={!certificates.error} fallback={<LoadError error={certificates.error} retry={refetch} />}>
          <Show when={certificates()}>
            {(list) => (
              <Show when={list().length > 0} fallback={<p id="no-certificates">{t('noCertificates')}</p>}>
                <ul class="cards certificates">
                  <For each={list()}>
                    {(c) => (
                      <li>
                        <h2>
                          <Suspense fallback={c.courseId}>
                            <CourseTitle courseId={c.courseId} />
                          </Suspense>
                        </h2>
                        <dl class="facts-list">
                          <dt>{t('courseVersion')}</dt>
                          <dd>{c.courseVersion}</dd>
                          <dt>{t('issuedOn')}</dt>
                          <dd>{formatDate(c.issuedAt)}</dd>
                          <dt>{t('validUntil')}</dt>
                          <dd>{c.validUntil ? formatDate(c.validUntil) : t('noExpiry')}</dd>
                          <dt>{t('certificateStatus')}</dt>
                          <dd>
                            <span class={`tag ${c.status === 'valid' ? 'done' : 'bad'}`}>{t(`certificate.${c.status}`)}</span>
                            <Show when={c.status !== 'valid' && c.statusReason}>
                              {(reason) => <span class="small">{t('statusReason', { reason: reason() })}</span>}
                            </Show>
                          </dd>
                        </dl>
                        <p>
                          <DownloadCredential certificate={c} />
                        </p>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
        </Show>
      </Suspense>
    </Page>
  );
}
