/**
 * Academies' own learning systems: LTI 1.3 platforms that launch learners into Cascade and take
 * grades back (Assignment and Grade Services), and the learning record stores (xAPI) that
 * receive what learners achieve. Both outboxes are filled by SQLite triggers (migration 0015)
 * in the statement that records the achievement, so nothing is lost whichever code path wrote
 * it, and are drained with retry by worker/xapi/deliveries.ts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { cohorts, institutions } from './institutions';
import { users } from './users';

/** An academy's LMS registered by its institution admin (IMS LTI 1.3 "platform"). */
export const ltiPlatforms = sqliteTable(
  'lti_platforms',
  {
    id: id(),
    institutionId: text()
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** The `iss` of the platform's id_tokens, e.g. https://moodle.academy.example. */
    issuer: text().notNull(),
    /** The client id the platform gave Cascade: the `aud` of its id_tokens. */
    clientId: text().notNull(),
    deploymentIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    jwksUrl: text().notNull(),
    /** OIDC authorisation endpoint: where the login initiation redirects. */
    authUrl: text().notNull(),
    /** OAuth 2 token endpoint: client-credentials grants for grades and rosters. */
    tokenUrl: text().notNull(),
    lastLaunchAt: timestamp(),
    /** The latest refused launch, so the admin screen can say what to fix. */
    lastErrorCode: text(),
    lastErrorMessage: text(),
    lastErrorAt: timestamp(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
    updatedAt: timestamp().notNull(),
  },
  (t) => [uniqueIndex('lti_platforms_issuer_client_uq').on(t.issuer, t.clientId), index('lti_platforms_institution_idx').on(t.institutionId)],
);

/** A login initiation in flight: its state (hashed, and also in a cookie of the browser) and nonce, used once. */
export const ltiLogins = sqliteTable(
  'lti_logins',
  {
    stateHash: text().primaryKey(),
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    nonce: text().notNull(),
    createdAt: timestamp().notNull(),
    expiresAt: timestamp().notNull(),
    usedAt: timestamp(),
  },
  (t) => [index('lti_logins_expiry_idx').on(t.expiresAt)],
);

/** Who a platform's user (`sub`) is in Cascade. */
export const ltiAccounts = sqliteTable(
  'lti_accounts',
  {
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    sub: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.sub] }), index('lti_accounts_user_idx').on(t.userId)],
);

/** A course of the platform (an LTI context) and the cohort its learners are placed in. */
export const ltiContexts = sqliteTable(
  'lti_contexts',
  {
    id: id(),
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    contextId: text().notNull(),
    title: text().notNull(),
    cohortId: text().references(() => cohorts.id, { onDelete: 'set null' }),
    /** Names and Role Provisioning: the context's membership URL, when the platform offers it. */
    membershipsUrl: text(),
    rosterSyncedAt: timestamp(),
    rosterError: text(),
    createdAt: timestamp().notNull(),
  },
  (t) => [uniqueIndex('lti_contexts_platform_context_uq').on(t.platformId, t.contextId), index('lti_contexts_cohort_idx').on(t.cohortId)],
);

/** A placement of a Cascade course or lesson in the platform, with its gradebook column (AGS line item). */
export const ltiResourceLinks = sqliteTable(
  'lti_resource_links',
  {
    id: id(),
    platformId: text()
      .notNull()
      .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
    resourceLinkId: text().notNull(),
    contextRowId: text().references(() => ltiContexts.id, { onDelete: 'set null' }),
    title: text(),
    courseId: text().notNull(),
    /** Null when the link opens the whole course: its grade is the summative assessment. */
    lessonId: text(),
    lineItemUrl: text(),
    lineItemsUrl: text(),
    agsScopes: text({ mode: 'json' }).$type<string[]>().notNull(),
    createdAt: timestamp().notNull(),
    updatedAt: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex('lti_resource_links_platform_link_uq').on(t.platformId, t.resourceLinkId),
    index('lti_resource_links_course_idx').on(t.courseId, t.lessonId),
  ],
);

/** Learners who launched a link: whose results go to its line item, under their platform id. */
export const ltiLinkLearners = sqliteTable(
  'lti_link_learners',
  {
    linkId: text()
      .notNull()
      .references(() => ltiResourceLinks.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sub: text().notNull(),
    lastLaunchAt: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.userId] }), index('lti_link_learners_user_idx').on(t.userId)],
);

/** Scores waiting for (or given to) a platform's gradebook: the AGS outbox. */
export const ltiScores = sqliteTable(
  'lti_scores',
  {
    id: id(),
    linkId: text()
      .notNull()
      .references(() => ltiResourceLinks.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** One score per achievement: a lesson completion or a graded attempt. */
    dedupeKey: text().notNull(),
    scoreGiven: real(),
    scoreMaximum: real(),
    activityProgress: text().notNull(),
    gradingProgress: text().notNull(),
    occurredAt: timestamp().notNull(),
    createdAt: timestamp().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp().notNull(),
    /** A drain holds the row until then, so two drains never send it twice at once. */
    leaseUntil: timestamp(),
    deliveredAt: timestamp(),
    lastError: text(),
  },
  (t) => [
    uniqueIndex('lti_scores_dedupe_uq').on(t.linkId, t.dedupeKey),
    index('lti_scores_due_idx').on(t.nextAttemptAt).where(sql`delivered_at IS NULL`),
  ],
);

/** Cascade's own RSA keys as an LTI tool (platforms accept RS256), sealed like the issuer keys. */
export const ltiToolKeys = sqliteTable('lti_tool_keys', {
  kid: text().primaryKey(),
  publicJwk: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
  sealedPrivateJwk: text().notNull(),
  createdAt: timestamp().notNull(),
  retiredAt: timestamp(),
});

/** An instructor choosing what to place (Deep Linking): where to return, and what the platform asked us to echo. */
export const ltiDeepLinks = sqliteTable('lti_deep_links', {
  id: id(),
  platformId: text()
    .notNull()
    .references(() => ltiPlatforms.id, { onDelete: 'cascade' }),
  deploymentId: text().notNull(),
  userId: text()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  returnUrl: text().notNull(),
  data: text(),
  acceptMultiple: integer({ mode: 'boolean' }).notNull(),
  createdAt: timestamp().notNull(),
  expiresAt: timestamp().notNull(),
  usedAt: timestamp(),
});

/** An institution's learning record store (xAPI), with its Basic credentials sealed under the master key. */
export const lrsConnections = sqliteTable('lrs_connections', {
  institutionId: text()
    .primaryKey()
    .references(() => institutions.id, { onDelete: 'cascade' }),
  /** The xAPI endpoint, ending before `statements`, e.g. https://lrs.academy.example/xapi/. */
  endpoint: text().notNull(),
  username: text().notNull(),
  sealedSecret: text().notNull(),
  /** This deployment's origin when it was configured: the actors' account home page and the activities' base. */
  homePage: text().notNull(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  lastDeliveredAt: timestamp(),
  lastError: text(),
  lastErrorAt: timestamp(),
  createdBy: text().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp().notNull(),
  updatedAt: timestamp().notNull(),
});

/** Statements waiting for (or delivered to) an institution's LRS. The id is the statement id, so a resend is idempotent. */
export const xapiStatements = sqliteTable(
  'xapi_statements',
  {
    id: text().primaryKey(),
    institutionId: text()
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    /** lesson.completed, assessment.passed or certificate.issued. */
    kind: text().notNull(),
    dedupeKey: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: text().notNull(),
    courseVersion: text().notNull(),
    lessonId: text(),
    /** The progress event, attempt or certificate it reports. */
    refId: text().notNull(),
    scoreRaw: real(),
    scoreMax: real(),
    occurredAt: timestamp().notNull(),
    createdAt: timestamp().notNull(),
    /** Fixed at the first send, so every retry sends exactly the same statement. */
    statement: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp().notNull(),
    leaseUntil: timestamp(),
    deliveredAt: timestamp(),
    lastError: text(),
  },
  (t) => [
    uniqueIndex('xapi_statements_dedupe_uq').on(t.institutionId, t.dedupeKey),
    index('xapi_statements_due_idx').on(t.nextAttemptAt).where(sql`delivered_at IS NULL`),
    index('xapi_statements_user_idx').on(t.userId),
  ],
);
