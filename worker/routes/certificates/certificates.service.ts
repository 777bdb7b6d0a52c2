import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { certificates, cohortMembers, institutions, users } from '../../../db/schema';
import { publishedRelease } from '../../assessments/attempts';
import { audit } from '../../audit';
import { buildCredential } from '../../certificates/credential';
import { jwksOf, signingKeyFor } from '../../certificates/keyring';
import { encodeList, emptyList, randomFreeIndex, setBit, statusListCredential, type StatusPurpose } from '../../certificates/status-list';
import { signCredential, verifyCredentialJwt } from '../../certificates/jwt';
import type { Acting } from '../../context';
import { AppError, notFound } from '../../errors';
import { isUniqueViolation } from '../../lib/db-errors';
import { eligibility } from '../assessments/assessments.service';

/** Status lists hold 2^17 entries each: enough for one institution's certificates for years. */
const LIST_BITS = 131_072;
const MONTH_MS = 30.44 * 86_400_000;

type Certificate = typeof certificates.$inferSelect;

export const statusListUrl = (origin: string, institutionId: string, purpose: StatusPurpose) =>
  `${origin}/api/status-lists/${institutionId}/${purpose}`;
export const issuerUrl = (origin: string, institutionId: string) => `${origin}/api/institutions/${institutionId}/profile`;

/** The status indexes an institution has used, read once and then kept up to date by the caller. */
async function takenIndexes(db: Db, institutionId: string) {
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
}

async function issueContext(db: Db, master: CryptoKey, courseId: string, institutionId: string, now: Date): Promise<IssueContext> {
  return {
    release: await publishedRelease(db, courseId),
    key: await signingKeyFor(db, master, institutionId, now),
    taken: await takenIndexes(db, institutionId),
  };
}

/**
 * Issues the learner's certificate for the course's current version, if they are
 * eligible. Issuing twice (even at the same moment) yields the one certificate.
 */
export async function issueCertificate(
  db: Db,
  master: CryptoKey,
  by: Acting,
  origin: string,
  input: { learnerId: string; courseId: string; institutionId: string },
  shared?: IssueContext,
): Promise<{ certificate: Certificate; created: boolean }> {
  const ctx = shared ?? (await issueContext(db, master, input.courseId, input.institutionId, by.now));
  const release = ctx.release;
  const existing = await findIssued(db, input.learnerId, input.courseId, release.version);
  if (existing) return { certificate: existing, created: false };
  const check = await eligibility(db, input.learnerId, input.courseId, release);
  if (!check.eligible) {
    const missing = [
      ...(check.lessons.missing.length ? [`${check.lessons.missing.length} lesson(s) to complete`] : []),
      ...(check.summative.passed ? [] : ['the summative assessment to pass']),
      ...(check.practical.required && !check.practical.passed ? ['the practical assessment to pass'] : []),
    ];
    throw new AppError(409, 'not_eligible', `Not eligible yet: ${missing.join('; ')}.`);
  }
  const [[learner], [trainer], [institution]] = await db.batch([
    db.select().from(users).where(eq(users.id, input.learnerId)),
    db.select().from(users).where(eq(users.id, by.actorId)),
    db.select().from(institutions).where(eq(institutions.id, input.institutionId)),
  ]);
  if (!learner || !trainer || !institution) throw notFound('The learner, trainer or institution');
  const rule = release.certificate;
  const key = ctx.key;
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
      learnerId: `urn:uuid:${input.learnerId}`,
      learnerName: learner.displayName,
      courseId: release.courseId,
      courseVersion: release.version,
      courseTitle: release.title,
      courseDescription: release.outcomes.map((o) => o.text).join(' '),
      criteriaNarrative: [
        `Completed ${rule.lessons === 'all' ? 'all' : rule.lessons.length} lessons of ${release.title}`,
        `passed the summative assessment (pass mark ${Math.round(rule.summative.passMark * 100)}%)`,
        ...(rule.practical ? ['passed a practical assessment scored by a qualified trainer against the course rubric'] : []),
      ].join('; ') + '.',
      issuer: { id: issuerUrl(origin, institution.id), name: institution.name },
      trainer: { id: `urn:uuid:${trainer.id}`, name: trainer.displayName },
      issuedAt: by.now,
      validUntil: rule.validityMonths ? new Date(by.now.getTime() + rule.validityMonths * MONTH_MS) : undefined,
      statusIndexes: indexes,
      statusListUrls: {
        revocation: statusListUrl(origin, institution.id, 'revocation'),
        suspension: statusListUrl(origin, institution.id, 'suspension'),
      },
      baseUrl: origin,
    });
    const jwt = await signCredential(credential, key);
    try {
      const [rows] = await db.batch([
        db
          .insert(certificates)
          .values({
            id,
            learnerId: input.learnerId,
            institutionId: institution.id,
            courseId: release.courseId,
            courseVersion: release.version,
            trainerId: trainer.id,
            kid: key.kid,
            jwt,
            revocationIndex: indexes.revocation,
            suspensionIndex: indexes.suspension,
            issuedAt: by.now,
            validUntil: credential.validUntil ? new Date(credential.validUntil) : null,
          })
          .returning(),
        audit(db, by.now, by.requestId, {
          actorId: by.actorId,
          action: 'certificate.issued',
          institutionId: institution.id,
          subjectType: 'certificate',
          subjectId: id,
          detail: { learnerId: input.learnerId, courseId: release.courseId, courseVersion: release.version, kid: key.kid },
        }),
      ]);
      return { certificate: rows[0]!, created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Either the same issuance won a race, or another process took this status index: look, then retry.
      const winner = await findIssued(db, input.learnerId, input.courseId, release.version);
      if (winner) return { certificate: winner, created: false };
      ctx.taken = await takenIndexes(db, input.institutionId);
    }
  }
  throw new AppError(409, 'issue_conflict', 'Could not allocate a status entry. Try again.');
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

async function findIssued(db: Db, learnerId: string, courseId: string, version: string) {
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.learnerId, learnerId), eq(certificates.courseId, courseId), eq(certificates.courseVersion, version)));
  return row;
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
    throw new AppError(409, 'status_conflict', `A ${cert.status} certificate cannot be ${action === 'reinstate' ? 'reinstated' : `${action}d`}.`);
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
  };
  if (row.status !== 'valid') return { valid: false, status: row.status, reason: row.statusReason ?? undefined, certificate: summary };
  return { valid: true, status: 'valid', certificate: summary };
}

