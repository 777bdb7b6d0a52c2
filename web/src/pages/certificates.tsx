import { createResource, createSignal, For, onCleanup, Show, Suspense } from 'solid-js';
import { api, send } from '../api';
import { loadCourse } from '../content';
import { formatDate } from '../format';
import { locale, t } from '../i18n';
import { LoadError } from '../ui/load-error';
import { Page } from '../ui/page';

type Certificate = Awaited<ReturnType<typeof loadCertificates>>[number];

const loadCertificates = async () => (await send(api.certificates.$get())).certificates;
const DAY_MS = 86_400_000;
/** From this many days before expiry, the learner is told how long is left. */
const WARN_DAYS = 90;

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

const titleIn = (c: Certificate) => loadCourse(c.courseId, locale()).then((course) => course.title, () => c.courseTitle);

/**
 * The printable PDF with its QR code. pdf-lib is some 190 KB, so it loads only on this click,
 * never on the way to a lesson.
 */
function DownloadPdf(props: { certificate: Certificate; qrUrl: string }) {
  const [state, setState] = createSignal<'idle' | 'busy' | 'failed'>('idle');
  const make = async () => {
    setState('busy');
    try {
      const c = props.certificate;
      const [{ certificatePdf }, { canvasRasterize }, courseTitle] = await Promise.all([
        import('../certificates/pdf'),
        import('../certificates/rasterize'),
        titleIn(c),
      ]);
      const bytes = await certificatePdf(
        {
          locale: locale(),
          learnerName: c.learnerName ?? '',
          courseTitle,
          courseId: c.courseId,
          courseVersion: c.courseVersion,
          issuedAt: new Date(c.issuedAt),
          ...(c.validUntil ? { validUntil: new Date(c.validUntil) } : {}),
          issuerName: c.issuerName,
          ...(c.trainerName ? { trainerName: c.trainerName } : {}),
          certificateId: c.id,
          qrUrl: props.qrUrl,
          verifyUrl: `${location.origin}/verify?id=${c.id}`,
        },
        canvasRasterize,
      );
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `${c.courseId}-${c.courseVersion}-${c.id}.pdf` });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" onClick={make} disabled={state() === 'busy'} aria-busy={state() === 'busy'}>
        {state() === 'busy' ? t('preparingPdf') : t('downloadPdf')}
      </button>
      <Show when={state() === 'failed'}>
        <span class="small" role="alert">
          {t('pdfFailed')}
        </span>
      </Show>
    </>
  );
}

function CourseTitle(props: { certificate: Certificate }) {
  // The title in the reader's language when the course is known, else the signed title.
  const [title] = createResource(() => [props.certificate, locale()] as const, ([c]) => titleIn(c));
  return <>{title.latest ?? props.certificate.courseTitle}</>;
}

/** How long is left, once it matters: the last three months, and after. */
function Expiry(props: { validUntil: string }) {
  const days = () => Math.ceil((new Date(props.validUntil).getTime() - Date.now()) / DAY_MS);
  return (
    <Show when={days() <= WARN_DAYS}>
      {' '}
      <span class={`tag ${days() <= 0 ? 'bad' : 'warn'}`}>{days() <= 0 ? t('certificateExpired') : t('expiresIn', { days: String(days()) })}</span>
    </Show>
  );
}

/** Renewed already, renewable now (the refresher), or when renewal opens. */
function Renewal(props: { certificate: Certificate }) {
  const c = () => props.certificate;
  const opensAt = () => c().renewal.opensAt;
  return (
    <Show when={!c().renewal.renewedBy} fallback={<p class="small">{t('renewedBy')}</p>}>
      <Show when={c().status === 'valid' && opensAt()}>
        {(opens) => (
          <Show when={new Date(opens()).getTime() <= Date.now()} fallback={<p class="small">{t('renewalOpens', { date: formatDate(opens()) })}</p>}>
            <p>
              <a href={`/courses/${encodeURIComponent(c().courseId)}/refresher`} class="button">
                {t('takeRefresher')}
              </a>
            </p>
          </Show>
        )}
      </Show>
    </Show>
  );
}

/** The learner's certificates: what, when, until when, whether it still stands, and how to renew it. */
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
                  <For each={[...list()].reverse()}>
                    {(c) => (
                      <li data-certificate={c.id}>
                        <h2>
                          <Suspense fallback={c.courseTitle}>
                            <CourseTitle certificate={c} />
                          </Suspense>
                        </h2>
                        <dl class="facts-list">
                          <dt>{t('courseVersion')}</dt>
                          <dd>{c.courseVersion}</dd>
                          <dt>{t('issuedOn')}</dt>
                          <dd>{formatDate(c.issuedAt)}</dd>
                          <dt>{t('validUntil')}</dt>
                          <dd>
                            {c.validUntil ? formatDate(c.validUntil) : t('noExpiry')}
                            <Show when={c.validUntil && !c.renewal.renewedBy && c.validUntil}>{(until) => <Expiry validUntil={until()} />}</Show>
                          </dd>
                          <dt>{t('certificateStatus')}</dt>
                          <dd>
                            <span class={`tag ${c.status === 'valid' ? 'done' : 'bad'}`}>{t(`certificate.${c.status}`)}</span>
                            <Show when={c.status !== 'valid' && c.statusReason}>
                              {(reason) => <span class="small">{t('statusReason', { reason: reason() })}</span>}
                            </Show>
                          </dd>
                        </dl>
                        <Renewal certificate={c} />
                        <p class="actions">
                          <Show when={c.qrUrl}>{(qr) => <DownloadPdf certificate={c} qrUrl={qr()} />}</Show>
                          <DownloadCredential certificate={c} />
                          <a href={`/verify?id=${c.id}`}>{t('verifyOnline')}</a>
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
