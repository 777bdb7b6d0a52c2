import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { certificates, institutions } from '../../../db/schema';
import { findRelease } from '../../assessments/releases';
import { renewalOpensAt } from '../../assessments/renewal';
import { compactUrl } from '../../certificates/compact';
import { jwksOf } from '../../certificates/keyring';
import { requireLeading } from '../../cascade/qualifications';
import type { CourseRelease } from '../../content/types';
import { fromBase64url } from '../../lib/crypto';
import { actingAs, createRouter, type AppEnv, originOf } from '../../context';
import { AppError, notFound } from '../../errors';
import { authorize, requireActor } from '../../policy';
import { institutionsOf } from '../assessments/assessments.service';
import { getCohort } from '../cohorts/cohorts.service';
import * as routes from './certificates.routes';
import * as service from './certificates.service';

export const certificateView = (c: typeof certificates.$inferSelect, origin: string) => ({
  id: c.id,
  learnerId: c.learnerId,
  institutionId: c.institutionId,
  courseId: c.courseId,
  courseVersion: c.courseVersion,
  status: c.status,
  statusReason: c.statusReason,
  issuedAt: c.issuedAt.toISOString(),
  validUntil: c.validUntil?.toISOString() ?? null,
  credential: c.jwt,
  qrUrl: c.qrProof ? compactUrl(origin, c.qrProof) : null,
  renews: c.renews,
});

/** The signed claims of a stored credential (ours, so no need to verify again to display it). */
function claimsOf(jwt: string): Record<string, any> {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64url(jwt.split('.')[1] ?? '')));
  } catch {
    return {};
  }
}


export function masterKeyOf(master: CryptoKey | undefined): CryptoKey {
  if (!master) throw new AppError(503, 'signing_unavailable', 'This server has no issuer master key configured, so it cannot sign certificates.');
  return master;
}

export function certificatesRouter(master: CryptoKey | undefined) {
  return createRouter({ signedIn: true })
    .openapi(routes.issue, async (c) => {
      const body = c.req.valid('json');
      const actor = authorize(c, 'certificate.issue', { institutionId: body.institutionId });
      await requireLeading(c.get('db'), actor, [body.courseId]);
      if (!(await institutionsOf(c.get('db'), body.learnerId)).includes(body.institutionId)) throw notFound('That learner in this institution');
      const { certificate, created } = await service.issueCertificate(c.get('db'), masterKeyOf(master), actingAs(c, actor.userId), originOf(c), body);
      return created ? c.json(certificateView(certificate, originOf(c)), 201) : c.json(certificateView(certificate, originOf(c)), 200);
    })
    .openapi(routes.bulk, async (c) => {
      const { cohortId, courseId } = c.req.valid('json');
      const { cohort, trainerIds } = await getCohort(c.get('db'), cohortId);
      const actor = authorize(c, 'cohort.roster', { institutionId: cohort.institutionId, cohortTrainerIds: trainerIds });
      authorize(c, 'certificate.issue', { institutionId: cohort.institutionId });
      await requireLeading(c.get('db'), actor, [courseId]);
      const result = await service.issueToCohort(c.get('db'), masterKeyOf(master), actingAs(c, actor.userId), originOf(c), cohort, courseId);
      return c.json(result, 200);
    })
    .openapi(routes.mine, async (c) => {
      const actor = requireActor(c);
      const db = c.get('db');
      const rows = await db.select().from(certificates).where(eq(certificates.learnerId, actor.userId)).orderBy(certificates.issuedAt);
      const releases = new Map<string, CourseRelease | undefined>();
      for (const courseId of new Set(rows.map((r) => r.courseId))) releases.set(courseId, await findRelease(db, courseId));
      const list = rows.map((row) => {
        const claims = claimsOf(row.jwt);
        const subject = claims.credentialSubject ?? {};
        const release = releases.get(row.courseId);
        return {
          ...certificateView(row, originOf(c)),
          learnerName: subject.name ?? null,
          issuerName: String(claims.issuer?.name ?? ''),
          trainerName: subject.source?.name ?? null,
          courseTitle: String(subject.achievement?.name ?? row.courseId),
          renewal: {
            opensAt: (release && renewalOpensAt(row, release)?.toISOString()) ?? null,
            renewedBy: rows.find((r) => r.renews === row.id)?.id ?? null,
          },
        };
      });
      return c.json({ certificates: list }, 200);
    })
    .openapi(routes.status, async (c) => {
      const cert = await service.getCertificate(c.get('db'), c.req.valid('param').certificateId);
      const actor = authorize(c, 'certificate.status', { institutionId: cert.institutionId });
      const { action, reason } = c.req.valid('json');
      return c.json(certificateView(await service.changeStatus(c.get('db'), actingAs(c, actor.userId), cert, action, reason), originOf(c)), 200);
    });
}

/** What anyone may check without signing in: a border post or a court clerk. */
export function verificationRouter(master: CryptoKey | undefined) {
  return createRouter()
    .openapi(routes.offlineBundle, async (c) => {
      const bundle = await service.offlineBundle(c.get('db'), masterKeyOf(master), originOf(c), c.get('now'));
      // As short as the status lists': a verifier that refreshes gets revocations within minutes.
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(bundle, 200);
    })
    .openapi(routes.verify, async (c) => {
    const body = c.req.valid('json');
    const db = c.get('db');
    let jwt = body.credential;
    if (body.id) {
      const [row] = await db.select({ jwt: certificates.jwt }).from(certificates).where(eq(certificates.id, body.id));
      if (!row) return c.json({ valid: false, status: 'invalid' as const, reason: 'unknown_certificate' }, 200);
      jwt = row.jwt;
    }
    return c.json(await service.verifyJwt(db, jwt ?? '', c.get('now')), 200);
  });
}

export function statusListsRouter(master: CryptoKey | undefined) {
  return createRouter().openapi(routes.statusList, async (c) => {
    const { institutionId, purpose } = c.req.valid('param');
    const [institution] = await c.get('db').select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId));
    if (!institution) throw notFound('The institution');
    const jwt = await service.signedStatusList(c.get('db'), masterKeyOf(master), originOf(c), institutionId, purpose, c.get('now'));
    // Short caching: a revocation must reach verifiers within minutes, not days.
    return c.body(jwt, 200, { 'Content-Type': 'application/vc+jwt', 'Cache-Control': 'public, max-age=300' });
  });
}

/** The JWKS at /.well-known/jwks.json: every issuer key, retired ones included, so old certificates verify. */
export async function jwks(c: Context<AppEnv>) {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.json(await jwksOf(c.get('db')), 200);
}
