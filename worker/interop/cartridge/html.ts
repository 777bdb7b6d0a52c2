/**
 * The cartridge's web content: self-contained HTML pages with relative links only, so they
 * work wherever an LMS unpacks them. Lesson bodies are the build's own HTML (rendered from
 * Markdown with raw HTML off); everything else added here is escaped.
 */
import type { Locale } from '../../../db/schema/enums';
import type { Label } from './strings';

export interface Reference {
  id: string;
  title: string;
  publisher: string;
  year: number;
  url: string;
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A whole page in the cartridge's language; Arabic reads right to left. */
export function page(pageLocale: Locale, title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${pageLocale}" dir="${pageLocale === 'ar' ? 'rtl' : 'ltr'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const list = (items: string[], tag: 'ul' | 'ol' = 'ul') => (items.length ? `<${tag}>\n${items.map((i) => `<li>${i}</li>`).join('\n')}\n</${tag}>` : '');

export const referenceItem = (r: Reference) =>
  `<a href="${escapeHtml(r.url)}" rel="noopener noreferrer">${escapeHtml(r.title)}</a>. ${escapeHtml(r.publisher)}, ${r.year}.`;

export function referencesSection(label: Label, locale: Locale, refs: Reference[]): string {
  return refs.length ? `<h2>${escapeHtml(label(locale, 'references'))}</h2>\n${list(refs.map(referenceItem), 'ol')}` : '';
}

export const footer = (label: Label, locale: Locale, courseTitle: string, version: string) =>
  `<hr>\n<p><small>${escapeHtml(courseTitle)}. ${escapeHtml(label(locale, 'version', { version }))}. ${escapeHtml(label(locale, 'licence'))}: ${escapeHtml(label(locale, 'licenceText'))}</small></p>`;

/**
 * Points a lesson's links and images at the cartridge's own files: another lesson of the
 * course becomes a sibling page, a built image (`/content/...`) a file under media/.
 * Returns the content paths of the images it used.
 */
export function relinkLesson(html: string, courseId: string, mediaName: (contentPath: string) => string): { html: string; media: string[] } {
  const media: string[] = [];
  const lessonPrefix = `/courses/${courseId}/lessons/`;
  const out = html.replace(/ (href|src)="([^"]*)"/g, (whole, attr: string, value: string) => {
    if (attr === 'href' && value.startsWith(lessonPrefix)) return ` href="${value.slice(lessonPrefix.length)}.html"`;
    if (attr === 'src' && value.startsWith('/content/')) {
      const path = value.slice('/content/'.length);
      media.push(path);
      return ` src="../media/${mediaName(path)}"`;
    }
    return whole;
  });
  return { html: out, media };
}
