import { describe, expect, it } from 'vitest';
import { certificatePdf, qrModules } from '../../web/src/certificates/pdf';
import { payloadFromUrl } from '../../worker/certificates/compact';
import { verifyOffline, type OfflineBundle } from '../../worker/certificates/offline';
import type { CourseRelease } from '../../worker/content/types';
import type { Fetcher } from '../helpers/client';
import { certify } from '../helpers/certify';
import { decodeQr } from '../helpers/qr';
import type { World } from '../helpers/world';


/**
 * Issue 5's "done when", through the API of either runtime: a learner completes the course,
 * passes the summative and the practical; a trainer issues; the learner gets the PDF with its
 * QR; /verify accepts it, the QR verifies with no network; an edited copy fails; revoked shows revoked.
 */
export function describeCertificateJourney(runtime: string, setup: () => Promise<{ world: World; fetcher: Fetcher; release: CourseRelease }>) {
  describe(`certificate journey (${runtime})`, () => {
    it('completes, passes, is issued, prints, verifies online and offline, and shows revoked after revocation', async () => {
      const { world, release } = await setup();
      const [learner, trainer, admin] = await Promise.all(['learner', 'trainer', 'academy.admin'].map((u) => world.signIn(u)));
      const learnerId: string = (await learner!.get('/api/me')).body.id;
      const institutionId: string = (await admin!.get('/api/me')).body.memberships[0].institutionId;
      // The programme stands behind the course, so the certificate carries its endorsement.
      const programme = await world.signIn('programme.admin');
      expect((await programme.post('/api/endorsements', { courseId: release.courseId })).status).toBe(201);
      const issued = await certify({ learner: learner!, trainer: trainer!, release, learnerId, institutionId });

      // The learner's copy: everything the PDF needs, and the PDF's QR holds the signed proof.
      const [mine] = (await learner!.get('/api/certificates')).body.certificates.filter((c: { id: string }) => c.id === issued.id);
      expect(mine).toMatchObject({ learnerName: 'Anil Shrestha', trainerName: 'Bikash Thapa', issuerName: world.seed.institution, status: 'valid' });
      const pdf = await certificatePdf({
        locale: 'en',
        learnerName: mine.learnerName,
        courseTitle: mine.courseTitle,
        courseId: mine.courseId,
        courseVersion: mine.courseVersion,
        issuedAt: new Date(mine.issuedAt),
        validUntil: new Date(mine.validUntil),
        issuerName: mine.issuerName,
        trainerName: mine.trainerName,
        certificateId: mine.id,
        qrUrl: mine.qrUrl,
        verifyUrl: `http://localhost/verify?id=${mine.id}`,
      });
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
      expect(decodeQr(qrModules(mine.qrUrl))).toBe(mine.qrUrl);

      const anyone = world.anonymous();
      const page = await anyone.get(`/verify?id=${issued.id}`);
      expect(page.body).toContain('Valid certificate');
      expect(page.body).toContain('Anil Shrestha');
      expect(page.body).toMatch(/Endorsed by<\/dt><dd>Cascade programme/);

      // Offline: the bundle is fetched once, then nothing else touches the network.
      const bundle = (await anyone.get('/api/verify/offline')).body as OfflineBundle;
      const payload = payloadFromUrl(mine.qrUrl)!;
      expect(await verifyOffline(payload, bundle, new Date())).toMatchObject({ ok: true, status: 'valid', proof: { certificateId: issued.id } });

      // An edited copy: the credential's payload with another name, and the QR proof with one byte changed.
      const [h, p, s] = issued.credential.split('.');
      const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(p!.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))));
      claims.credentialSubject.name = 'Someone Else';
      const forgedPayload = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const forged = await anyone.call('POST', '/verify', `credential=${encodeURIComponent(`${h}.${forgedPayload}.${s}`)}`, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(forged.body).toContain('Not a genuine certificate');
      expect(forged.body).not.toContain('Someone Else</dd>');
      const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
      bytes[40] = bytes[40]! ^ 1;
      const edited = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      expect(await verifyOffline(edited, bundle, new Date())).toMatchObject({ ok: false });

      const revoked = await admin!.post(`/api/certificates/${issued.id}/status`, { action: 'revoke', reason: 'Obtained by impersonation' });
      expect(revoked.status).toBe(200);
      expect((await anyone.get(`/verify?id=${issued.id}`)).body).toMatch(/Revoked[\s\S]*Obtained by impersonation/);
      const fresh = (await anyone.get('/api/verify/offline')).body as OfflineBundle;
      expect(await verifyOffline(payload, fresh, new Date())).toMatchObject({ ok: true, status: 'revoked' });
    });
  });
}
