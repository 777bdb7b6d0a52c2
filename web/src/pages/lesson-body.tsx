import { createEffect } from 'solid-js';
import { t } from '../i18n';
import { dataSaver } from '../settings';

/**
 * Prepares the build-time HTML for a phone: wide tables scroll in their own focusable box
 * (so the page never scrolls sideways at 320 px), and with data saver each image becomes a
 * small button that loads it on request. A <template> parses the HTML inertly, so no image
 * starts downloading before we decide.
 */
function prepare(html: string, saveData: boolean): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const content = template.content;
  for (const [i, table] of [...content.querySelectorAll('table')].entries()) {
    const box = document.createElement('div');
    box.className = 'table-box';
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    // Numbered, so each scrolling region has its own name for screen-reader landmark lists.
    box.setAttribute('aria-label', table.querySelector('caption')?.textContent || t('table', { n: String(i + 1) }));
    table.replaceWith(box);
    box.appendChild(table);
    // An empty corner cell in a Markdown table heads nothing; as a header it confuses screen readers.
    for (const th of table.querySelectorAll('th')) {
      if (!th.textContent?.trim()) th.replaceWith(Object.assign(document.createElement('td'), { className: 'corner' }));
    }
  }
  for (const img of content.querySelectorAll('img')) {
    img.loading = 'lazy';
    if (!saveData) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'image-skipped';
    button.dataset.src = img.getAttribute('src') ?? '';
    button.dataset.alt = img.alt;
    button.textContent = t('showImage', { alt: img.alt || t('image') });
    img.replaceWith(button);
  }
  return content;
}

function showImage(event: MouseEvent): void {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.image-skipped');
  if (!button) return;
  const img = document.createElement('img');
  img.src = button.dataset.src ?? '';
  img.alt = button.dataset.alt ?? '';
  button.replaceWith(img);
}

export function LessonBody(props: { html: string }) {
  let box: HTMLDivElement | undefined;
  createEffect(() => box?.replaceChildren(prepare(props.html, dataSaver())));
  return <div class="lesson-body" data-lesson-body ref={box} onClick={showImage} />;
}
