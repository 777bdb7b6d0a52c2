import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import * as z from 'zod';
import { eq } from 'drizzle-orm';
import { certificates } from '../../db/schema';
import { LOCALES, type Locale } from '../../db/schema/enums';
import { SCRIPT_KEYS, type VerifyDict } from '../../i18n/verify';
import { catalogue } from '../lib/catalogues';
import type { AppEnv } from '../context';
import { verifyJwt, type Verification } from './certificates/certificates.service';

const Query = z.object({ id: z.uuid().optional() });
const Form = z.object({ id: z.string().trim().optional(), credential: z.string().trim().max(20_000).optional() });

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', es: 'Español', ru: 'Русский', ar: 'العربية' };
const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** `?lang=` if it names one of ours, else the first of the browser's languages we have, else English. */
function localeOf(c: Context<AppEnv>): Locale {
  const asked = c.req.query('lang');
  if (isLocale(asked)) return asked;
  for (const part of (c.req.header('Accept-Language') ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().split('-')[0];
    if (isLocale(tag)) return tag;
  }
  return 'en';
}

function formatDate(value: string | null | undefined, locale: Locale): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

type Verdict = 'valid' | 'suspended' | 'revoked' | 'invalid' | 'expired';

function page(locale: Locale, t: VerifyDict, v?: Verification, asked?: { id?: string; credential?: string }) {
  const details = v?.certificate as Record<string, string | null> | undefined;
  const verdict: Verdict | undefined = v ? (v.status === 'invalid' && v.reason === 'expired' ? 'expired' : v.status) : undefined;
  const strings = Object.fromEntries(SCRIPT_KEYS.map((k) => [k, t[k]]));
  // A JSON data block is never executed, so the strict CSP allows it; `<` is escaped so no text can close it.
  const data = raw(JSON.stringify({ locale, strings }).replace(/</g, '\\u003c'));
  return html`<!doctype html>
<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${t.pageTitle}</title>
    <link rel="stylesheet" href="/verify.css" />
    <script type="module" src="/verify.js"></script>
  </head>
  <body>
    <main>
      <nav aria-label="${t.language}" class="languages">
        ${LOCALES.map((l) => html`<a href="/verify?lang=${l}${asked?.id ? `&id=${asked.id}` : ''}" lang="${l}" ${l === locale ? raw('aria-current="page"') : ''}>${LANGUAGE_NAMES[l]}</a> `)}
      </nav>
      <h1>${t.heading}</h1>
      <section id="qr-result" class="verdict" tabindex="-1" aria-live="polite" hidden></section>
      ${verdict
        ? html`<section class="verdict ${verdict}" aria-live="polite">
            <h2>${t[`${verdict}.title` as keyof VerifyDict]}</h2>
            <p>${t[`${verdict}.text` as keyof VerifyDict]}${v!.reason && v!.status !== 'invalid' ? html` ${t.reason.replace('{reason}', v!.reason)}` : ''}</p>
            ${details
              ? html`<dl>
                  <dt>${t.name}</dt><dd>${details.name ?? '—'}</dd>
                  <dt>${t.course}</dt><dd>${details.course ?? details.courseId}</dd>
                  <dt>${t.version}</dt><dd>${details.courseVersion}</dd>
                  <dt>${t.issued}</dt><dd>${formatDate(details.issuedAt, locale)}</dd>
                  <dt>${t.validUntil}</dt><dd>${formatDate(details.validUntil, locale) ?? t.noExpiry}</dd>
                  <dt>${t.issuer}</dt><dd>${details.issuer}</dd>
                  <dt>${t.trainer}</dt><dd>${details.trainer ?? '—'}</dd>
                  ${details.endorsedBy ? html`<dt>${t.endorsedBy}</dt><dd>${details.endorsedBy}</dd>` : ''}
                  <dt>${t.certificateId}</dt><dd>${details.id}</dd>
                </dl>`
              : ''}
          </section>`
        : ''}
      <p>${t.intro}</p>
      <p id="offline-status" class="small">${t.qrIntro}</p>
      <form method="post" action="/verify?lang=${locale}">
        <label for="id">${t.idLabel}</label>
        <input id="id" name="id" autocomplete="off" value="${asked?.id ?? ''}" />
        <label for="credential">${t.credentialLabel}</label>
        <textarea id="credential" name="credential" spellcheck="false">${asked?.credential ?? ''}</textarea>
        <button type="submit">${t.submit}</button>
      </form>
    </main>
    <script type="application/json" id="verify-data">${data}</script>
  </body>
</html>`;
}

async function verdictFor(c: Context<AppEnv>, id: string | undefined, credential: string | undefined): Promise<Verification | undefined> {
  const db = c.get('db');
  if (credential) return verifyJwt(db, credential, c.get('now'));
  if (!id) return undefined;
  if (!z.uuid().safeParse(id).success) return { valid: false, status: 'invalid', reason: 'not_an_id' };
  const [row] = await db.select({ jwt: certificates.jwt }).from(certificates).where(eq(certificates.id, id.toLowerCase()));
  return row ? verifyJwt(db, row.jwt, c.get('now')) : { valid: false, status: 'invalid', reason: 'unknown_certificate' };
}

/**
 * GET /verify?id=… and the form's POST: a verdict a person can read, with no JavaScript. A
 * scanned QR code (`#c=…`, which never reaches the server) is checked by /verify.js on the
 * device, against keys and status lists it caches, so it also works offline.
 */
export async function verifyPage(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Language', localeOf(c));
  c.header('Vary', 'Accept-Language');
  const locale = localeOf(c);
  const t = (await catalogue('verify', c.env))[locale];
  if (c.req.method === 'POST') {
    const form = Form.safeParse(await c.req.parseBody().catch(() => ({})));
    const asked = form.success ? form.data : {};
    return c.html(page(locale, t, await verdictFor(c, asked.id, asked.credential), asked));
  }
  const query = Query.safeParse(c.req.query());
  const id = query.success ? query.data.id : c.req.query('id');
  return c.html(page(locale, t, await verdictFor(c, id, undefined), { id }));
}
