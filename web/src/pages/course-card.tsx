import { Show } from 'solid-js';
import type { CatalogueCourse } from '../content';
import { formatBytes, formatMinutes, formatNumber } from '../format';
import { t } from '../i18n';

/** One course in the catalogue: what it costs in time and data is shown before anything is fetched. */
export function CourseCard(props: { course: CatalogueCourse }) {
  return (
    <li class="course-card">
      <h3>
        <a href={`/courses/${props.course.id}`}>{props.course.title}</a>
      </h3>
      <p>{props.course.summary}</p>
      <p class="facts">
        <span>{t('lessonsCount', { count: formatNumber(props.course.lessons) })}</span>
        <span>{t('studyTime', { time: formatMinutes(props.course.minutes) })}</span>
        <span>{t('downloadSize', { size: formatBytes(props.course.pack.gzipBytes) })}</span>
      </p>
      <Show when={props.course.fallback}>
        <p class="muted">{t('courseNotTranslated')}</p>
      </Show>
    </li>
  );
}
