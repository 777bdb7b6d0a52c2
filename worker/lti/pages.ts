/**
 * The pages Cascade shows inside an academy's platform: a refused launch, the Deep Linking
 * picker and the form that carries the choice back. Server-rendered and without inline script
 * or style, like /verify, so the app's strict policy holds; only `frame-ancestors` (and, for the
 * hand-back, `form-action`) open to the platform.
 */
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { LOCALES, type Locale } from '../../db/schema/enums';
import { ltiText } from '../../i18n/lti';
import type { IndexCourse } from '../content/types';
import type { AppError } from '../errors';

/** The stylesheet of these pages, served at /lti/lti.css. */
export const LTI_CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;padding:1rem;max-width:42rem;line-height:1.5;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}fieldset{border:1px solid #ccc;border-radius:4px;margin:0 0 1rem;padding:.5rem 1rem}
label{display:flex;gap:.5rem;align-items:flex-start;padding:.35rem 0;min-height:44px;box-sizing:border-box}input{margin-top:.3rem}
button{font:inherit;padding:.6rem 1.2rem;background:#0b4f6c;color:#fff;border:0;border-radius:4px;min-height:44px}
button:focus-visible,input:focus-visible{outline:3px solid #f0a500;outline-offset:2px}.refusal{border-inline-start:6px solid #b00020;padding:.75rem 1rem;background:#f4f4f4}
.small{font-size:.9rem;color:#444}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}.refusal{background:#222}.small{color:#bbb}}`;

/** Submits the hand-back form as soon as it loads; served at /lti/return.js (no inline script). */
export const RETURN_JS = `document.getElementById('lti-return')?.submit();`;

/** The person's language, else the browser's first one we have, else English. */
export function pageLocale(c: Context, preferred?: string | null): Locale {
  if (LOCALES.includes(preferred as Locale)) return preferred as Locale;
  for (const part of (c.req.header('Accept-Language') ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().split('-')[0];
    if (LOCALES.includes(tag as Locale)) return tag as Locale;
  }
  return 'en';
}

function shell(locale: Locale, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>, script?: string) {
  return html`<!doctype html>
<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · Cascade</title>
    <link rel="stylesheet" href="/lti/lti.css" />
    ${script ? html`<script src="${script}" defer></script>` : ''}
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;
}

/** A refused launch, for a person in the platform's frame: what went wrong, and its code for the admin. */
export function refusalPage(locale: Locale, err: AppError) {
  const title = ltiText(locale, 'errorTitle');
  return shell(
    locale,
    title,
    html`<h1>${title}</h1>
      <div class="refusal" role="alert">
        <p>${err.message}</p>
        <p class="small">${ltiText(locale, 'errorCode', { code: err.code })}</p>
      </div>`,
  );
}

/** The Deep Linking picker: every course, whole or by lesson, in the person's language where it exists. */
export function pickerPage(locale: Locale, input: { platform: string; courses: readonly IndexCourse[]; multiple: boolean; action: string }) {
  const type = input.multiple ? 'checkbox' : 'radio';
  const title = ltiText(locale, 'pickTitle', { platform: input.platform });
  const courses = input.courses.map((course) => {
    const text = course.locales[locale] ?? course.locales.en;
    return html`<fieldset>
      <legend><strong>${text.title}</strong></legend>
      <label><input type="${type}" name="item" value="${course.id}" /> <span>${ltiText(locale, 'wholeCourse', { course: text.title })}</span></label>
      <h2>${ltiText(locale, 'lessons', { course: text.title })}</h2>
      ${text.lessons.map((l) => html`<label><input type="${type}" name="item" value="${course.id}/${l.id}" /> <span>${l.title}</span></label>`)}
    </fieldset>`;
  });
  return shell(
    locale,
    title,
    html`<h1>${title}</h1>
      <p>${ltiText(locale, 'pickHint')}${input.multiple ? raw(' ') : ''}${input.multiple ? ltiText(locale, 'pickMany') : ''}</p>
      ${input.courses.length === 0
        ? html`<p>${ltiText(locale, 'noCourses')}</p>`
        : html`<form method="post" action="${input.action}">
            ${courses}
            <button type="submit">${ltiText(locale, 'place', { platform: input.platform })}</button>
          </form>`}`,
  );
}

/** Posts the signed answer to the platform's return URL (the script submits it; the button is for when it cannot). */
export function returnPage(locale: Locale, input: { platform: string; returnUrl: string; jwt: string }) {
  const title = ltiText(locale, 'place', { platform: input.platform });
  return shell(
    locale,
    title,
    html`<h1>${title}</h1>
      <form id="lti-return" method="post" action="${input.returnUrl}">
        <input type="hidden" name="JWT" value="${input.jwt}" />
        <p>${ltiText(locale, 'returning', { platform: input.platform })}</p>
        <button type="submit">${ltiText(locale, 'continue')}</button>
      </form>`,
    '/lti/return.js',
  );
}

/** Where no web app is served (an API-only host): a plain link on to the course or lesson. */
export function openPage(locale: Locale, href: string) {
  const title = ltiText(locale, 'openLesson');
  return shell(locale, title, html`<h1>Cascade</h1><p><a href="${href}">${title}</a></p>`);
}
