import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';
import { CASE_STAGES, MENTOR_PROFILE_STATUSES, MENTORSHIP_REQUEST_STATUSES, MENTORSHIP_STATUSES, OFFENCE_TYPES, POST_FORMATS, SPACE_KINDS } from './enums';
import { users } from './users';

/** A practitioner offering to mentor. Visible to mentees only once an admin approves it. */
export const mentorProfiles = sqliteTable(
  'mentor_profiles',
  {
    userId: text()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text({ enum: MENTOR_PROFILE_STATUSES }).notNull().default('pending'),
    bio: text().notNull(),
    /** Course ids and sectors. */
    expertise: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** ISO 639-1 codes. */
    languages: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** ISO 3166-1 alpha-2 codes. */
    jurisdictions: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** How many mentees at once. */
    capacity: integer().notNull(),
    available: integer({ mode: 'boolean' }).notNull().default(true),
    womensNetwork: integer({ mode: 'boolean' }).notNull().default(false),
    reviewedBy: text().references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp(),
    reviewNote: text(),
    createdAt: timestamp().notNull(),
    updatedAt: timestamp().notNull(),
  },
  (t) => [index('mentor_profiles_status_idx').on(t.status)],
);

/** A mentee's request to one mentor, with what they need. */
export const mentorshipRequests = sqliteTable(
  'mentorship_requests',
  {
    id: id(),
    menteeId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mentorId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    needs: text().notNull(),
    status: text({ enum: MENTORSHIP_REQUEST_STATUSES }).notNull().default('pending'),
    responseNote: text(),
    createdAt: timestamp().notNull(),
    respondedAt: timestamp(),
  },
  (t) => [
    // One open request per mentee and mentor, even when two arrive at once.
    uniqueIndex('mentorship_requests_open_uq').on(t.menteeId, t.mentorId).where(sql`status = 'pending'`),
    index('mentorship_requests_mentor_idx').on(t.mentorId, t.status),
  ],
);

/** An accepted request becomes an agreement: goals, dates and cadence, until either side closes it. */
export const mentorships = sqliteTable(
  'mentorships',
  {
    id: id(),
    requestId: text()
      .notNull()
      .unique()
      .references(() => mentorshipRequests.id, { onDelete: 'cascade' }),
    mentorId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    menteeId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    goals: text().notNull(),
    startsOn: text().notNull(),
    endsOn: text(),
    cadence: text().notNull(),
    status: text({ enum: MENTORSHIP_STATUSES }).notNull().default('active'),
    closedBy: text().references(() => users.id, { onDelete: 'set null' }),
    closedAt: timestamp(),
    mentorFeedback: text(),
    menteeFeedback: text(),
    createdAt: timestamp().notNull(),
  },
  (t) => [index('mentorships_mentor_idx').on(t.mentorId, t.status), index('mentorships_mentee_idx').on(t.menteeId, t.status)],
);

/** The log of a mentorship: when they met, for how long, what was said and what comes next. */
export const mentoringSessions = sqliteTable(
  'mentoring_sessions',
  {
    id: id(),
    mentorshipId: text()
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    heldOn: text().notNull(),
    minutes: integer().notNull(),
    notes: text().notNull(),
    nextSteps: text(),
    loggedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp().notNull(),
  },
  (t) => [index('mentoring_sessions_mentorship_idx').on(t.mentorshipId, t.heldOn)],
);

/** In-app notifications; an operator's mail provider, if any, also gets them. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    /** What to show and where it leads, e.g. { mentorshipId }. */
    data: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
    createdAt: timestamp().notNull(),
    readAt: timestamp(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);


/**
 * An anonymised question about a live case, for the mentors its author chose and no one else
 * (programme admins included). Screened for identifying details before it is stored; deleted
 * when its retention ends.
 */
export const consultations = sqliteTable(
  'consultations',
  {
    id: id(),
    authorId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    jurisdiction: text().notNull(),
    offenceType: text({ enum: OFFENCE_TYPES }).notNull(),
    stage: text({ enum: CASE_STAGES }).notNull(),
    question: text().notNull(),
    /** Findings of the screening the author confirmed are not identifying, e.g. [{ kind, text }]. */
    confirmed: text({ mode: 'json' }).$type<Array<{ kind: string; text: string }>>().notNull(),
    createdAt: timestamp().notNull(),
    retainUntil: timestamp().notNull(),
  },
  (t) => [index('consultations_author_idx').on(t.authorId), index('consultations_retain_idx').on(t.retainUntil)],
);

export const consultationMentors = sqliteTable(
  'consultation_mentors',
  {
    consultationId: text()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    mentorId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.mentorId] }), index('consultation_mentors_mentor_idx').on(t.mentorId)],
);

export const consultationReplies = sqliteTable(
  'consultation_replies',
  {
    id: id(),
    consultationId: text()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    authorId: text().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: timestamp().notNull(),
  },
  (t) => [index('consultation_replies_idx').on(t.consultationId, t.createdAt)],
);

/** Who opened each consultation, and when: its author can see this log. */
export const consultationViews = sqliteTable(
  'consultation_views',
  {
    id: id(),
    consultationId: text()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    viewerId: text().references(() => users.id, { onDelete: 'set null' }),
    viewedAt: timestamp().notNull(),
  },
  (t) => [index('consultation_views_idx').on(t.consultationId, t.viewedAt)],
);

/**
 * Community spaces: one per course, country and sector, and the women's network. Open spaces are
 * readable by everyone signed in; `optIn` spaces only by those who joined.
 */
export const spaces = sqliteTable(
  'spaces',
  {
    id: id(),
    kind: text({ enum: SPACE_KINDS }).notNull(),
    /** The course id, country code or sector; `women` for the women's network. */
    key: text().notNull(),
    name: text().notNull(),
    optIn: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: timestamp().notNull(),
  },
  (t) => [uniqueIndex('spaces_kind_key_uq').on(t.kind, t.key)],
);

export const spaceMembers = sqliteTable(
  'space_members',
  {
    spaceId: text()
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moderator: integer({ mode: 'boolean' }).notNull().default(false),
    joinedAt: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.spaceId, t.userId] }), index('space_members_user_idx').on(t.userId)],
);

/**
 * Threads and replies. `clientId` comes from the device's outbox: a post written offline and
 * sent twice is stored once.
 */
export const posts = sqliteTable(
  'posts',
  {
    id: id(),
    spaceId: text()
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    /** Null for the post that starts a thread. */
    threadId: text(),
    authorId: text().references(() => users.id, { onDelete: 'set null' }),
    clientId: text().notNull(),
    title: text(),
    body: text().notNull(),
    format: text({ enum: POST_FORMATS }).notNull().default('plain'),
    createdAt: timestamp().notNull(),
    /** Last activity in the thread, for ordering; set on the thread's first post. */
    lastActivityAt: timestamp().notNull(),
    hiddenAt: timestamp(),
    hiddenBy: text().references(() => users.id, { onDelete: 'set null' }),
    hiddenReason: text(),
  },
  (t) => [
    uniqueIndex('posts_client_uq').on(t.authorId, t.clientId),
    index('posts_space_threads_idx').on(t.spaceId, t.threadId, t.lastActivityAt),
    index('posts_thread_idx').on(t.threadId, t.createdAt),
  ],
);

export const postReports = sqliteTable(
  'post_reports',
  {
    id: id(),
    postId: text()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    reporterId: text().references(() => users.id, { onDelete: 'set null' }),
    reason: text().notNull(),
    createdAt: timestamp().notNull(),
    resolvedAt: timestamp(),
    resolvedBy: text().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('post_reports_once_uq').on(t.postId, t.reporterId), index('post_reports_open_idx').on(t.resolvedAt)],
);
