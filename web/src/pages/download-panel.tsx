import { createEffect, Match, on, Switch } from 'solid-js';
import type { CourseDetail } from '../content';
import { formatBytes } from '../format';
import { t } from '../i18n';
import { courseDownload } from '../offline/download';
import { Notice } from '../ui/notice';

/** "Download this course": the size first, then a progress bar with a cancel button, then "available offline". */
export function DownloadPanel(props: { course: CourseDetail }) {
  const download = () => courseDownload(props.course.id);
  createEffect(on(() => props.course, (course) => void download().check(course)));
  const size = () => formatBytes(props.course.pack.gzipBytes);
  // Progress counts decoded bytes; shown scaled to the transfer size the button promised.
  const shown = () => {
    const p = download().progress();
    return p.total ? Math.round((p.done / p.total) * props.course.pack.gzipBytes) : 0;
  };
  return (
    <section class="download" aria-labelledby="download-title">
      <h2 id="download-title">{t('offlineTitle')}</h2>
      <Switch>
        <Match when={download().state() === 'done'}>
          <Notice kind="ok">{t('availableOffline')}</Notice>
        </Match>
        <Match when={download().state() === 'downloading'}>
          <label for="download-progress">{t('downloading', { done: formatBytes(shown()), total: size() })}</label>
          <progress id="download-progress" max={download().progress().total || 1} value={download().progress().done} />
          <button type="button" onClick={() => download().cancel()}>
            {t('cancel')}
          </button>
        </Match>
        <Match when={download().state() !== 'checking'}>
          <p class="hint">{t('downloadHint', { size: size() })}</p>
          <button type="button" class="primary" onClick={() => void download().start(props.course)}>
            {t('download', { size: size() })}
          </button>
        </Match>
      </Switch>
      <p role="status" class="status">
        {download().state() === 'cancelled' ? t('downloadCancelled') : download().state() === 'failed' ? t('downloadFailed') : ''}
      </p>
    </section>
  );
}
