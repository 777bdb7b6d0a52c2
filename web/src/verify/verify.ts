/**
 * /verify.js: checks a scanned QR code (`/verify#c=…`) on this device. The fragment never
 * reaches a server, so the check is local: the Ed25519 signature against the issuers' public
 * keys, then the issuer's signed status lists, all from a bundle this script keeps in Cache
 * Storage and refreshes whenever there is a connection. The id and paste forms above it need
 * no script at all.
 */
import { payloadFromHash } from '../../../worker/certificates/compact-proof';
import { verifyOffline, type OfflineBundle, type OfflineVerdict } from '../../../worker/certificates/offline';
import type { ScriptKey } from '../../../i18n/verify';

const BUNDLE_URL = '/api/verify/offline';
const BUNDLE_CACHE = 'cascade-verify-v1';
const NETWORK_PATIENCE_MS = 6_000;

const { locale, strings } = JSON.parse(document.getElementById('verify-data')?.textContent ?? '{}') as { locale: string; strings: Record<ScriptKey, string> };
const t = (key: ScriptKey, vars: Record<string, string> = {}) => (strings[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
const formatDate = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);

/** The freshest bundle: from the server when it answers in time, else the kept copy. */
async function loadBundle(): Promise<OfflineBundle | undefined> {
  const cache = await caches.open(BUNDLE_CACHE).catch(() => undefined);
  try {
    const res = await fetch(BUNDLE_URL, { cache: 'no-store', signal: AbortSignal.timeout(NETWORK_PATIENCE_MS) });
    if (res.ok) {
      await cache?.put(BUNDLE_URL, res.clone());
      return (await res.json()) as OfflineBundle;
    }
  } catch {
    // Offline or too slow: the kept copy follows.
  }
  const kept = await cache?.match(BUNDLE_URL);
  return kept ? ((await kept.json()) as OfflineBundle) : undefined;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

function show(verdict: OfflineVerdict | { ok: false; reason: 'no_crypto' | 'no_bundle' }) {
  const box = document.getElementById('qr-result');
  if (!box) return;
  box.replaceChildren();
  let kind: 'valid' | 'suspended' | 'revoked' | 'invalid' | 'expired' | 'unchecked';
  let note: string | undefined;
  if (verdict.ok) kind = verdict.status;
  else if (verdict.reason === 'expired') kind = 'expired';
  else {
    kind = 'invalid';
    if (verdict.reason === 'no_crypto') note = t('noCrypto');
    else if (verdict.reason === 'no_bundle') note = t('needsConnection');
    else if (verdict.reason === 'unknown_key') note = t('unknownIssuer');
  }
  box.className = `verdict ${kind}`;
  box.dataset.verdict = kind;
  // appendChild, not append: the Workers types this project also loads redeclare Element#append.
  box.appendChild(element('h2', t(`${kind}.title`)));
  box.appendChild(element('p', note ?? t(`${kind}.text`)));
  if (verdict.ok) {
    const p = verdict.proof;
    const list = element('dl');
    const row = (label: ScriptKey, value: string) => {
      list.appendChild(element('dt', t(label)));
      list.appendChild(element('dd', value));
    };
    row('name', p.learnerName ? `${p.learnerName}${p.nameTruncated ? ` ${t('nameShortened')}` : ''}` : '—');
    row('course', p.courseId);
    row('version', p.courseVersion);
    row('issued', formatDate(p.issuedOn));
    row('validUntil', p.lastValidDay ? formatDate(p.lastValidDay) : t('noExpiry'));
    row('issuer', verdict.issuer.name);
    row('certificateId', p.certificateId);
    box.appendChild(list);
    if (verdict.listsFrom) box.appendChild(element('p', t('checkedOffline', { date: formatDate(verdict.listsFrom) }), { class: 'small' }));
    if (navigator.onLine) box.appendChild(element('p')).appendChild(element('a', t('seeFull'), { href: `/verify?lang=${locale}&id=${p.certificateId}` }));
  }
  box.hidden = false;
  box.focus();
}

async function hasEd25519(): Promise<boolean> {
  try {
    await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, { name: 'Ed25519' }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  // Keep the page for offline use; a browser without service workers still verifies while online.
  navigator.serviceWorker?.register('/verify-sw.js', { scope: '/verify' }).catch(() => undefined);
  const payload = payloadFromHash(location.hash);
  const bundle = await loadBundle();
  const status = document.getElementById('offline-status');
  if (status) status.textContent = bundle ? t('readyOffline', { date: formatDate(new Date(bundle.generatedAt)) }) : t('needsConnection');
  // Language links keep the scanned code, so switching language re-checks it in the new one.
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.languages a')) if (payload) a.hash = location.hash;
  if (!payload) return;
  if (!window.isSecureContext || !(await hasEd25519())) return show({ ok: false, reason: 'no_crypto' });
  if (!bundle) return show({ ok: false, reason: 'no_bundle' });
  show(await verifyOffline(payload, bundle, new Date()));
}

addEventListener('hashchange', () => void main());
void main();
