import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { payloadFromUrl } from '../../worker/certificates/compact';
import { generateIssuerKey, importSigningKey } from '../../worker/certificates/keys';
import { signCredential } from '../../worker/certificates/jwt';
import { verifyOffline, type OfflineBundle } from '../../worker/certificates/offline';
import { encodeList, emptyList, setBit, statusListCredential } from '../../worker/certificates/status-list';
import { expectError } from '../helpers/client';
import { certificateWorld } from '../helpers/certificates';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const { issued } = certificateWorld(setup, built);

async function qrOf(s: Awaited<ReturnType<typeof issued>>) {
  const [mine] = (await s.learner.get('/api/certificates')).body.certificates;
  return { mine, payload: payloadFromUrl(mine.qrUrl)! };
}

describe('the offline QR proof', () => {
  it('fits a printed QR code and verifies against the cached bundle, following every status change', async () => {
    const s = await issued();
    const { mine, payload } = await qrOf(s);
    expect(mine.qrUrl).toMatch(/^http:\/\/localhost\/verify#c=[A-Za-z0-9_-]+$/);
    expect(mine.qrUrl.length).toBeLessThanOrEqual(300);
    const anyone = s.world.anonymous();
    const res = await anyone.get('/api/verify/offline');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const bundle = res.body as OfflineBundle;
    expect(bundle.issuers).toHaveLength(1);
    expect(JSON.stringify(bundle)).not.toMatch(/"d"\s*:/); // never a private key part

    // From here on nothing touches the network: the verdict comes from the bundle alone.
    const verdict = await verifyOffline(payload, bundle, s.t.now());
    expect(verdict).toMatchObject({
      ok: true,
      status: 'valid',
      issuer: { name: s.world.seed.institution },
      proof: { certificateId: s.cert.id, courseId: 'sample', courseVersion: '1.2.0', learnerName: 'Anil Shrestha', nameTruncated: false },
    });

    const path = `/api/certificates/${s.cert.id}/status`;
    const statusNow = async () => {
      const fresh = (await anyone.get('/api/verify/offline')).body as OfflineBundle;
      const v = await verifyOffline(payload, fresh, s.t.now());
      return v.ok ? v.status : v.reason;
    };
    await s.admin.post(path, { action: 'suspend', reason: 'Under review' });
    expect(await statusNow()).toBe('suspended');
    await s.admin.post(path, { action: 'reinstate', reason: 'Review closed' });
    expect(await statusNow()).toBe('valid');
    await s.admin.post(path, { action: 'revoke', reason: 'Obtained by impersonation' });
    expect(await statusNow()).toBe('revoked');
    // A verifier who kept the old bundle still says valid: why the bundle is refreshed on every visit.
    expect((await verifyOffline(payload, bundle, s.t.now())).ok).toBe(true);
  });

  it('refuses an edited proof, an unknown issuer and an expired certificate; a forged status list is not believed', async () => {
    const s = await issued();
    const { payload } = await qrOf(s);
    const bundle = (await s.world.anonymous().get('/api/verify/offline')).body as OfflineBundle;

    // Change one letter of the learner's name inside the signed bytes.
    const bytes = Buffer.from(payload, 'base64url');
    const at = bytes.indexOf(Buffer.from('Anil'));
    bytes[at] = 'E'.charCodeAt(0);
    expect(await verifyOffline(bytes.toString('base64url'), bundle, s.t.now())).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyOffline(payload.slice(0, -8), bundle, s.t.now())).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyOffline(payload, { ...bundle, issuers: [] }, s.t.now())).toEqual({ ok: false, reason: 'unknown_key' });
    const afterExpiry = new Date(s.t.now().getTime() + 25 * 31 * 86_400_000);
    expect(await verifyOffline(payload, bundle, afterExpiry)).toEqual({ ok: false, reason: 'expired' });

    // A list with every bit set, signed by a key that is not the issuer's: ignored, so the status is unchecked.
    const bits = emptyList();
    for (let i = 0; i < bits.length * 8; i++) setBit(bits, i, true);
    const issuer = bundle.issuers[0]!;
    const forger = await importSigningKey(await generateIssuerKey());
    const forged = await signCredential(
      statusListCredential({ id: 'http://localhost/x', issuer: issuer.id, purpose: 'revocation', encodedList: await encodeList(bits), validFrom: s.t.now() }),
      forger,
    );
    const tampered = { ...bundle, issuers: [{ ...issuer, statusLists: { ...issuer.statusLists, revocation: forged } }] };
    expect(await verifyOffline(payload, tampered, s.t.now())).toMatchObject({ ok: true, status: 'unchecked' });
    // The issuer's own suspension list passed off as its revocation list: the purpose is signed, so also unchecked.
    const swapped = { ...bundle, issuers: [{ ...issuer, statusLists: { ...issuer.statusLists, revocation: issuer.statusLists.suspension } }] };
    expect(await verifyOffline(payload, swapped, s.t.now())).toMatchObject({ ok: true, status: 'unchecked' });
  });

  it('says plainly when the server cannot sign status lists', async () => {
    const app = await setup({ content: built.source });
    expectError(await app.world.anonymous().get('/api/verify/offline'), 503, 'signing_unavailable');
  });
});
