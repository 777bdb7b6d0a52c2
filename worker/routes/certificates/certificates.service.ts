import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { certificates, cohortMembers, institutions, issuerKeys, users } from '../../../db/schema';
import { OFFLINE_BUNDLE_FORMAT, type OfflineBundle } from '../../certificates/offline';
import { endorsementJwtFor, PROGRAMME_ISSUER } from '../endorsements/endorsements.service';
import { publishedRelease } from '../../assessments/attempts';
import { audit } from '../../audit';
import { buildCredential } from '../../certificates/credential';
import { jwksOf, signingKeyFor } from '../../certificates/keyring';
import { encodeList, emptyList, randomFreeIndex, setBit, statusListCredential, type StatusPurpose } from '../../certificates/status-list';
import { signCredential, verifyCredentialJwt } from '../../certificates/jwt';
import type { Acting } from '../../context';
import { AppError, notFound } from '../../errors';
import { isUniqueViolation } from '../../lib/db-errors';
import { eligibility, institutionsOf } from '../assessments/assessments.service';
import { latestCertificate, MONTH_MS, renewalFor } from '../../assessments/renewal';
import { compactFieldsOf, encodeCompact } from '../../certificates/compact';
import type { CourseRelease } from '../../content/types';

/** Status lists hold 2^17 entries each: enough for one institution's certificates for years. */
const LIST_BITS = 131_072;

type Certificate = typeof certificates.$inferSelect;

export const statusListUrl = (origin: string, institutionId: string, purpose: StatusPurpose) =>
  `${origin}/api/status-lists/${institutionId}/${purpose}`;
export const issuerUrl = (origin: string, institutionId: string) => `${origin}/api/institutions/${institutionId}/profile`;

/** The status indexes an institution has used, read once and then kept up to date by the caller. */
export async function takenIndexes(db: Db, institutionId: string) {
  const rows = await db
    .select({ r: certificates.revocationIndex, s: certificates.suspensionIndex })
    .from(certificates)
    .where(eq(certificates.institutionId, institutionId));
  return { revocation: new Set(rows.map((x) => x.r)), suspension: new Set(rows.map((x) => x.s)) };
}

/** What every certificate of one issuing run shares: read once for a whole cohort, not per learner. */
export interface IssueContext {
  release: Awaited<ReturnType<typeof publishedRelease>>;
  key: Awaited<ReturnType<typeof signingKeyFor>>;
  taken: Awaited<ReturnType<typeof takenIndexes>>;
  /** The programme's signed endorsement of this course version, if it stands. */
  endorsement: string | undefined;
}

async function issueContext(db: Db, master: CryptoKey, courseId: string, institutionId: string, now: Date): Promise<IssueContext> {
  const release = await publishedRelease(db, courseId);
  return {
    release,
    key: await signingKeyFor(db, master, institutionId, now),
    taken: await takenIndexes(db, institutionId),
    endorsement: await endorsementJwtFor(db, courseId, release.version),
  };
}

/** What issuing would do for this learner now: nothing new, a first certificate, or a renewal. */
type Plan = { kind: 'existing'; certificate: Certificate } | { kind: 'first' } | { kind: 'renewal'; renews: Certificate };

async function planIssue(db: Db, learnerId: string, courseId: string, release: CourseRelease, now: Date): Promise<Plan> {
  const latest = await latestCertificate(db, learnerId, courseId);
  if (latest) {
    const renewal = await renewalFor(db, learnerId, courseId, release, now, latest).catch((err) => {
      if (err instanceof AppError) return undefined; // not renewable: fall through
      throw err;
    });
    if (renewal?.passedAttemptId) return { kind: 'renewal', renews: latest };
    if (latest.courseVersion === release.version) return { kind: 'existing', certificate: latest };
  }
  const check = await eligibility(db, learnerId, courseId, release);
  if (!check.eligible) {
    const missing = [
      ...(check.lessons.missing.length ? [`${check.lessons.missing.length} lesson(s) to complete`] : []),
      ...(check.summative.passed ? [] : ['the summative assessment to pass']),
      ...(check.practical.required && !check.practical.passed ? ['the practical assessment to pass'] : []),
    ];
    throw new AppError(409, 'not_eligible', `Not eligible yet: ${missing.join('; ')}.`);
  }
  return { kind: 'first' };
}

/** The certificate a plan would create, if an earlier or racing request already created it. */
async function alreadyIssued(db: Db, learnerId: string, release: CourseRelease, plan: Exclude<Plan, { kind: 'existing' }>) {
  const [row] = await db
    .select()
    .from(certificates)
    .where(
      plan.kind === 'renewal'
        ? eq(certificates.renews, plan.renews.id)
        : and(eq(certificates.learnerId, learnerId), eq(certificates.courseId, release.courseId), eq(certificates.courseVersion, release.version)),
    );
  return row;
}

function criteria(release: CourseRelease, plan: Exclude<Plan, { kind: 'existing' }>): string {
  const rule = release.certificate;
  if (plan.kind === 'renewal') {
    return `Renewed a certificate in ${release.title} by passing its refresher assessment (pass mark ${Math.round((rule.refresher?.passMark ?? rule.summative.passMark) * 100)}%).`;
  }
  return (
    [
      `Completed ${rule.lessons === 'all' ? 'all' : rule.lessons.length} lessons of ${release.title}`,
      `passed the summative assessment (pass mark ${Math.round(rule.summative.passMark * 100)}%)`,
      ...(rule.practical ? ['passed a practical assessment scored by a qualified trainer against the course rubric'] : []),
    ].join('; ') + '.'
  );
}

/**
 * Issues the learner's certificate for the course's current version if they are eligible, or
 * renews their latest one once they have passed its refresher. Issuing twice (even at the same
 * moment) yields the one certificate. `trainerId` null means the course issued by itself.
 */
export async function issueCertificate(
  db: Db,
  master: CryptoKey,
  by: Acting,
  origin: string,
  input: { learnerId: string; courseId: string; institutionId: string; trainerId?: string | null },
  shared?: IssueContext,
): Promise<{ certificate: Certificate; created: boolean }> {
  const ctx = shared ?? (await issueContext(db, master, input.courseId, input.institutionId, by.now));
  const release = ctx.release;
  const plan = await planIssue(db, input.learnerId, input.courseId, release, by.now);
  if (plan.kind === 'existing') return { certificate: plan.certificate, created: false };
  const trainerId = input.trainerId === undefined ? by.actorId : input.trainerId;
  const [[learner], [trainer], [institution]] = await db.batch([
    db.select().from(users).where(eq(users.id, input.learnerId)),
    db.select().from(users).where(eq(users.id, trainerId ?? input.learnerId)),
    db.select().from(institutions).where(eq(institutions.id, input.institutionId)),
  ]);
  if (!learner || !trainer || !institution) throw notFound('The learner, trainer or institution');
  // Versions only move forward, so the certificate being renewed is the latest of its version.
  const cycle = plan.kind === 'renewal' && plan.renews.courseVersion === release.version ? plan.renews.cycle + 1 : 0;
  const rule = release.certificate;
  return storeCredential(db, ctx, by, origin, {
    learner,
    institution,
    trainer: trainerId ? trainer : null,
    achievement: {
      courseId: release.courseId,
      courseVersion: release.version,
      courseTitle: release.title,
      courseDescription: release.outcomes.map((o) => o.text).join(' '),
      criteriaNarrative: criteria(release, plan),
    },
    validUntil: rule.validityMonths ? new Date(by.now.getTime() + rule.validityMonths * MONTH_MS) : undefined,
    cycle,
    renews: plan.kind === 'renewal' ? plan.renews.id : null,
    endorsement: ctx.endorsement,
    action: plan.kind === 'renewal' ? 'certificate.renewed' : 'certificate.issued',
    detail: { ...(trainerId ? {} : { automatic: true }), ...(plan.kind === 'renewal' ? { renews: plan.renews.id } : {}) },
    winner: () => alreadyIssued(db, input.learnerId, release, plan),
  });
}

/** What a credential says and how it is filed: a course certificate, or a badge such as the mentor's. */
export interface CredentialSpec {
  learner: { id: string; displayName: string };
  institution: { id: string; name: string };
  /** Who assessed, named in the credential; null when nobody did (automatic issue, renewal, badges). */
  trainer: { id: string; displayName: string } | null;
  achievement: { courseId: string; courseVersion: string; courseTitle: string; courseDescription: string; criteriaNarrative: string };
  validUntil: Date | undefined;
  cycle: number;
  renews: string | null;
  endorsement: string | undefined;
  action: string;
  detail: Record<string, unknown>;
  /** The credential an earlier or racing request already stored, if any. */
  winner: () => Promise<Certificate | undefined>;
}

/**
 * The certificate engine's last step for any credential: free status-list entries, the signed
 * OB 3.0 credential and its QR proof, and the row with its audit entry in one batch. Storing the
 * same credential twice (even at the same moment) yields the one row.
 */
export async function storeCredential(
  db: Db,
  ctx: Pick<IssueContext, 'key' | 'taken'>,
  by: Acting,
  origin: string,
  spec: CredentialSpec,
): Promise<{ certificate: Certificate; created: boolean }> {
  const { key } = ctx;
  for (let tries = 0; tries < 3; tries++) {
    const id = crypto.randomUUID();
    const indexes = {
      revocation: randomFreeIndex(LIST_BITS, ctx.taken.revocation),
      suspension: randomFreeIndex(LIST_BITS, ctx.taken.suspension),
    };
    ctx.taken.revocation.add(indexes.revocation);
    ctx.taken.suspension.add(indexes.suspension);
    const credential = buildCredential({
      id,
      learnerId: `urn:uuid:${spec.learner.id}`,
      learnerName: spec.learner.displayName,
      ...spec.achievement,
      issuer: { id: issuerUrl(origin, spec.institution.id), name: spec.institution.name },
      ...(spec.trainer ? { trainer: { id: `urn:uuid:${spec.trainer.id}`, name: spec.trainer.displayName } } : {}),
      issuedAt: by.now,
      validUntil: spec.validUntil,
      statusIndexes: indexes,
      statusListUrls: {
        revocation: statusListUrl(origin, spec.institution.id, 'revocation'),
        suspension: statusListUrl(origin, spec.institution.id, 'suspension'),
      },
      baseUrl: origin,
      ...(spec.endorsement ? { endorsementJwts: [spec.endorsement] } : {}),
    });
    const [jwt, qrProof] = await Promise.all([signCredential(credential, key), encodeCompact(compactFieldsOf(credential), key)]);
    try {
      const [rows] = await db.batch([
        db
          .insert(certificates)
          .values({
            id,
            learnerId: spec.learner.id,
            institutionId: spec.institution.id,
            courseId: spec.achievement.courseId,
            courseVersion: spec.achievement.courseVersion,
            trainerId: spec.trainer?.id ?? null,
            kid: key.kid,
            jwt,
            qrProof,
            cycle: spec.cycle,
            renews: spec.renews,
            revocationIndex: indexes.revocation,
            suspensionIndex: indexes.suspension,
            issuedAt: by.now,
            validUntil: credential.validUntil ? new Date(credential.validUntil) : null,
          })
          .returning(),
        audit(db, by.now, by.requestId, {
          actorId: by.actorId,
          action: spec.action,
          institutionId: spec.institution.id,
          subjectType: 'certificate',
          subjectId: id,
          detail: {
            learnerId: spec.learner.id,
            courseId: spec.achievement.courseId,
            courseVersion: spec.achievement.courseVersion,
            kid: key.kid,
            ...spec.detail,
          },
        }),
      ]);
      return { certificate: rows[0]!, created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Either the same issuance won a race, or another process took this status index: look, then retry.
      const winner = await spec.winner();
      if (winner) return { certificate: winner, created: false };
      ctx.taken = await takenIndexes(db, spec.institution.id);
    }
  }
  throw new AppError(409, 'issue_conflict', 'Could not allocate a status entry. Try again.');
}

/**
 * After a learner's own step (a passed attempt, a scored practical): renews their certificate
 * when a refresher was passed, or issues the first one where the course issues automatically.
 * The issuer is the institution of the certificate being renewed, else the learner's institution.
 * Quietly does nothing when there is nothing to issue or no key to sign with.
 */
export async function issueIfAutomatic(db: Db, master: CryptoKey | undefined, by: Acting, origin: string, learnerId: string, courseId: string) {
  if (!master) return undefined;
  const release = await publishedRelease(db, courseId);
  const latest = await latestCertificate(db, learnerId, courseId);
  const renewing = latest && (await renewalFor(db, learnerId, courseId, release, by.now, latest).catch(() => undefined))?.passedAttemptId;
  if (!renewing && !release.certificate.autoIssue) return undefined;
  const institutionId = renewing ? latest.institutionId : (await institutionsOf(db, learnerId))[0];
  if (!institutionId) return undefined;
  try {
    return await issueCertificate(db, master, by, origin, { learnerId, courseId, institutionId, trainerId: null });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_eligible') return undefined;
    throw err;
  }
}

/**
 * Issues to every learner of a cohort who is eligible, one by one; each is idempotent, so
 * running it again after new learners qualify issues only theirs. Says why each was skipped.
 */
export async function issueToCohort(db: Db, master: CryptoKey, by: Acting, origin: string, cohort: { id: string; institutionId: string }, courseId: string) {
  const learners = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.role, 'learner')));
  const ctx = await issueContext(db, master, courseId, cohort.institutionId, by.now);
  const issued: string[] = [];
  const already: string[] = [];
  const skipped: Array<{ learnerId: string; reason: string }> = [];
  for (const { userId } of learners) {
    try {
      const { certificate, created } = await issueCertificate(db, master, by, origin, { learnerId: userId, courseId, institutionId: cohort.institutionId }, ctx);
      (created ? issued : already).push(certificate.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'not_eligible') throw err;
      skipped.push({ learnerId: userId, reason: err.message });
    }
  }
  return { issued, alreadyIssued: already, skipped };
}

export async function getCertificate(db: Db, id: string): Promise<Certificate> {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  if (!row) throw notFound('The certificate');
  return row;
}

const TRANSITIONS: Record<'revoke' | 'suspend' | 'reinstate', { from: Certificate['status'][]; to: Certificate['status'] }> = {
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
};

/** Revocation is permanent; suspension can be lifted. Each change is audit-logged with its reason. */
export async function changeStatus(db: Db, by: Acting, cert: Certificate, action: keyof typeof TRANSITIONS, reason: string) {
  const step = TRANSITIONS[action];
  if (!step.from.includes(cert.status)) {
    throw new AppError(409, 'status_conflict', `This certificate is ${cert.status}, so it cannot be ${action === 'suspend' ? 'suspended' : `${action}d`}.`);
  }
  const [rows] = await db.batch([
    db.update(certificates).set({ status: step.to, statusReason: reason }).where(eq(certificates.id, cert.id)).returning(),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: `certificate.${step.to === 'valid' ? 'reinstated' : step.to}`,
      institutionId: cert.institutionId,
      subjectType: 'certificate',
      subjectId: cert.id,
      detail: { from: cert.status, to: step.to, reason },
    }),
  ]);
  return rows[0]!;
}

/** A signed status list for one issuer and purpose, built from the certificates themselves. */
export async function signedStatusList(db: Db, master: CryptoKey, origin: string, institutionId: string, purpose: StatusPurpose, now: Date) {
  const rows = await db
    .select({ r: certificates.revocationIndex, s: certificates.suspensionIndex, status: certificates.status })
    .from(certificates)
    .where(eq(certificates.institutionId, institutionId));
  const bits = emptyList(LIST_BITS);
  for (const row of rows) {
    if (purpose === 'revocation' && row.status === 'revoked') setBit(bits, row.r, true);
    if (purpose === 'suspension' && row.status === 'suspended') setBit(bits, row.s, true);
  }
  const credential = statusListCredential({
    id: statusListUrl(origin, institutionId, purpose),
    issuer: issuerUrl(origin, institutionId),
    purpose,
    encodedList: await encodeList(bits),
    validFrom: now,
  });
  return signCredential(credential, await signingKeyFor(db, master, institutionId, now));
}

/** The programme's name, if the achievement carries its endorsement and the programme's key signed it. */
async function endorserOf(db: Db, achievement: { id?: unknown; endorsementJwt?: unknown } | undefined, now: Date): Promise<string | null> {
  const jwts = Array.isArray(achievement?.endorsementJwt) ? achievement.endorsementJwt : [];
  for (const jwt of jwts) {
    if (typeof jwt !== 'string') continue;
    const result = await verifyCredentialJwt(jwt, await jwksOf(db, PROGRAMME_ISSUER), { now });
    const endorsed = result.ok ? (result.credential as Record<string, any>) : undefined;
    if (endorsed?.type?.includes('EndorsementCredential') && endorsed.credentialSubject?.id === achievement?.id) return String(endorsed.issuer?.name ?? '');
  }
  return null;
}

export interface Verification {
  valid: boolean;
  status: 'valid' | 'suspended' | 'revoked' | 'invalid';
  reason?: string;
  certificate?: Record<string, unknown>;
}

/**
 * Verifies a certificate's JWT: the signature under a key of the issuer it names (not just
 * any key we hold), its dates, and its current status. An edited copy fails the signature.
 */
export async function verifyJwt(db: Db, jwt: string, now: Date): Promise<Verification> {
  const result = await verifyCredentialJwt(jwt, await jwksOf(db), { now });
  if (!result.ok) return { valid: false, status: 'invalid', reason: result.reason };
  const credential = result.credential as Record<string, any>;
  const id = String(credential.id ?? '').replace(/^urn:uuid:/, '');
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  if (!row || row.kid !== result.kid) return { valid: false, status: 'invalid', reason: 'unknown_certificate' };
  const subject = credential.credentialSubject ?? {};
  const endorsedBy = await endorserOf(db, subject.achievement, now);
  const summary = {
    id: row.id,
    name: subject.name ?? null,
    course: subject.achievement?.name ?? null,
    courseId: row.courseId,
    courseVersion: row.courseVersion,
    issuedAt: credential.validFrom ?? null,
    validUntil: credential.validUntil ?? null,
    issuer: credential.issuer?.name ?? null,
    trainer: subject.source?.name ?? null,
    endorsedBy,
  };
  if (row.status !== 'valid') return { valid: false, status: row.status, reason: row.statusReason ?? undefined, certificate: summary };
  return { valid: true, status: 'valid', certificate: summary };
}


/**
 * What a verifier caches to check QR codes offline: each institution that holds a key, with
 * its public keys and freshly signed status lists. The programme's endorsement key is left
 * out: it never signs a certificate.
 */
export async function offlineBundle(db: Db, master: CryptoKey, origin: string, now: Date): Promise<OfflineBundle> {
  const issuers = await db
    .selectDistinct({ id: institutions.id, name: institutions.name })
    .from(issuerKeys)
    .innerJoin(institutions, eq(institutions.id, issuerKeys.issuerId))
    .orderBy(institutions.id);
  return {
    format: OFFLINE_BUNDLE_FORMAT,
    generatedAt: now.toISOString(),
    issuers: await Promise.all(
      issuers.map(async (i) => ({
        id: issuerUrl(origin, i.id),
        name: i.name,
        keys: (await jwksOf(db, i.id)).keys,
        statusLists: {
          revocation: await signedStatusList(db, master, origin, i.id, 'revocation', now),
          suspension: await signedStatusList(db, master, origin, i.id, 'suspension', now),
        },
      })),
    ),
  };
}
