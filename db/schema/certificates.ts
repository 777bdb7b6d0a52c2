import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';
import { CERTIFICATE_STATUSES } from './enums';
import { users } from './users';

/**
 * Signing keys, one current key per issuer (an institution, or `programme`). The private
 * JWK is sealed with AES-GCM under the deployment's master key (a Workers secret, or a
 * file the Node entry creates); retired keys keep verifying.
 */
export const issuerKeys = sqliteTable(
  'issuer_keys',
  {
    kid: text().primaryKey(),
    issuerId: text().notNull(),
    publicJwk: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
    sealedPrivateJwk: text().notNull(),
    createdAt: timestamp().notNull(),
    retiredAt: timestamp(),
  },
  (t) => [index('issuer_keys_issuer_idx').on(t.issuerId, t.createdAt)],
);

/** Issued certificates. The signed JWT is the certificate; the rest indexes and tracks it. */
export const certificates = sqliteTable(
  'certificates',
  {
    id: text().primaryKey(),
    learnerId: text().references(() => users.id, { onDelete: 'set null' }),
    institutionId: text().notNull(),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    trainerId: text(),
    kid: text().notNull(),
    jwt: text().notNull(),
    /** The offline QR proof (compact.ts), signed with the same key when the certificate was issued. */
    qrProof: text(),
    /** 0 for a first certificate; each renewal of the same course version counts up. */
    cycle: integer().notNull().default(0),
    /** The certificate this one renews, after a passed refresher assessment. */
    renews: text(),
    /** Random positions in the issuer's revocation and suspension lists. */
    revocationIndex: integer().notNull(),
    suspensionIndex: integer().notNull(),
    status: text({ enum: CERTIFICATE_STATUSES }).notNull().default('valid'),
    statusReason: text(),
    issuedAt: timestamp().notNull(),
    validUntil: timestamp(),
  },
  (t) => [
    // One certificate per learner, course, version and renewal, even when two issue requests race.
    uniqueIndex('certificates_learner_course_cycle_uq').on(t.learnerId, t.courseId, t.courseVersion, t.cycle),
    uniqueIndex('certificates_revocation_index_uq').on(t.institutionId, t.revocationIndex),
    uniqueIndex('certificates_suspension_index_uq').on(t.institutionId, t.suspensionIndex),
    // "Holds a valid certificate for the course?", per learner, in reports.
    index('certificates_learner_status_idx').on(t.learnerId, t.courseId, t.status),
    // Certificates a trainer issued, per course: the lineage and the trainer page.
    index('certificates_trainer_idx').on(t.trainerId, t.courseId),
  ],
);

/**
 * The programme's endorsements of course versions: signed EndorsementCredentials (VC-JOSE JWTs
 * under the programme's own key) that certificates of that version carry. Withdrawing one
 * stops new certificates carrying it; those already issued keep what was signed.
 */
export const endorsements = sqliteTable(
  'endorsements',
  {
    id: text().primaryKey(),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    jwt: text().notNull(),
    comment: text(),
    endorsedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
    withdrawnAt: timestamp(),
  },
  (t) => [
    // One standing endorsement per course version, even when two requests race.
    uniqueIndex('endorsements_current_uq').on(t.courseId, t.courseVersion).where(sql`withdrawn_at IS NULL`),
  ],
);
