import type { Context } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import { certificates } from '../../db/schema';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../context';
import { verifyJwt, type Verification } from './certificates/certificates.service';

const VERDICTS: Record<Verification['status'], { title: string; text: string }> = {
  valid: { title: 'Valid certificate', text: 'The signature is genuine and the certificate has not been revoked or suspended.' },
  suspended: { title: 'Suspended', text: 'The issuer has suspended this certificate. It may be reinstated later.' },
  revoked: { title: 'Revoked', text: 'The issuer has revoked this certificate. It is no longer valid.' },
  invalid: { title: 'Not a genuine certificate', text: 'This could not be verified: it may have been edited, or it was not issued here.' },
};

const Query = z.object({ id: z.uuid().optional() });
const Form = z.object({ id: z.string().trim().optional(), credential: z.string().trim().max(20_000).optional() });

function page(v?: Verification, asked?: { id?: string; credential?: string }) {
  const details = v?.certificate as Record<string, string | null> | undefined;
  const verdict = v ? VERDICTS[v.status] : undefined;
  return html`<!doctype html>
<html lang="en" dir="ltr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Verify a certificate · Cascade</title>
    <link rel="stylesheet" href="/verify.css" />
  </head>
  <body>
    <main>
      <h1>Verify a Cascade certificate</h1>
      ${verdict
        ? html`<section class="verdict ${v!.status}" aria-live="polite">
            <h2>${verdict.title}</h2>
            <p>${verdict.text}${v!.reason && v!.status !== 'invalid' ? html` Reason: ${v!.reason}.` : ''}</p>
            ${details
              ? html`<dl>
                  <dt>Name</dt><dd>${details.name ?? '—'}</dd>
                  <dt>Course</dt><dd>${details.course ?? details.courseId}</dd>
                  <dt>Version</dt><dd>${details.courseVersion}</dd>
                  <dt>Issued</dt><dd>${details.issuedAt}</dd>
                  <dt>Valid until</dt><dd>${details.validUntil ?? 'no expiry'}</dd>
                  <dt>Issuer</dt><dd>${details.issuer}</dd>
                  <dt>Trainer</dt><dd>${details.trainer ?? '—'}</dd>
                  <dt>Certificate id</dt><dd>${details.id}</dd>
                </dl>`
              : ''}
          </section>`
        : ''}
      <p>Type the certificate id printed on the certificate, or paste the credential file's contents. The page checks the issuer's signature and the certificate's current status; an edited copy fails.</p>
      <form method="post" action="/verify">
        <label for="id">Certificate id</label>
        <input id="id" name="id" autocomplete="off" value="${asked?.id ?? ''}" />
        <label for="credential">Or paste the credential</label>
        <textarea id="credential" name="credential" spellcheck="false">${asked?.credential ?? ''}</textarea>
        <button type="submit">Verify</button>
      </form>
    </main>
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

/** GET /verify?id=… and the form's POST: a verdict a person can read, with no JavaScript. */
export async function verifyPage(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
  if (c.req.method === 'POST') {
    const form = Form.safeParse(await c.req.parseBody().catch(() => ({})));
    const asked = form.success ? form.data : {};
    return c.html(page(await verdictFor(c, asked.id, asked.credential), asked));
  }
  const query = Query.safeParse(c.req.query());
  const id = query.success ? query.data.id : c.req.query('id');
  return c.html(page(await verdictFor(c, id, undefined), { id }));
}
