import { z } from '@hono/zod-openapi';
import { MENTOR_PROFILE_STATUSES, MENTORING_CADENCES, SECTORS } from '../../../db/schema/enums';
import { IsoDate, Country, Line, Slug, Timestamp, Uuid } from '../../schemas';

const Language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'Use two-letter language codes, e.g. fr or ar.');
/** Expertise is a course id or a sector. */
const Expertise = z.union([z.enum(SECTORS), Slug]);

export const ProfileInput = z
  .object({
    bio: z.string().trim().min(20, 'Say a little more: at least 20 characters.').max(1500),
    expertise: z.array(Expertise).min(1).max(12),
    languages: z.array(Language).min(1).max(8),
    jurisdictions: z.array(Country).max(10).default([]),
    capacity: z.number().int().min(1).max(10),
    available: z.boolean().default(true),
    womensNetwork: z.boolean().default(false),
  })
  .openapi('MentorProfileInput');

export const Profile = z
  .object({
    userId: z.string(),
    status: z.enum(MENTOR_PROFILE_STATUSES),
    bio: z.string(),
    expertise: z.array(z.string()),
    languages: z.array(z.string()),
    jurisdictions: z.array(z.string()),
    capacity: z.number(),
    available: z.boolean(),
    womensNetwork: z.boolean(),
    reviewNote: z.string().nullable(),
  })
  .openapi('MentorProfile');

export const PendingProfile = Profile.extend({ name: z.string(), username: z.string() }).openapi('PendingMentorProfile');
export const UserParams = z.object({ userId: Uuid.openapi({ param: { name: 'userId', in: 'path' } }) });
export const Review = z.object({ decision: z.enum(['approve', 'reject']), note: Line(500).optional() }).openapi('MentorReview');

export const Needs = z
  .object({
    expertise: z.array(Expertise).max(12).default([]),
    languages: z.array(Language).max(8).default([]),
    jurisdiction: Country.optional(),
    preferWoman: z.boolean().default(false),
  })
  .refine((n) => n.expertise.length + n.languages.length > 0, { message: 'Say what expertise or language you need.', path: ['expertise'] })
  .openapi('MenteeNeeds');

export const MentorCard = z
  .object({ userId: z.string(), name: z.string(), bio: z.string(), expertise: z.array(z.string()), languages: z.array(z.string()), jurisdictions: z.array(z.string()) })
  .openapi('MentorCard');
export const Suggestion = z
  .object({
    mentor: MentorCard,
    score: z.number(),
    reasons: z.array(z.object({ kind: z.enum(['expertise', 'language', 'jurisdiction', 'woman', 'room']), text: z.string() }).loose()),
  })
  .openapi('MentorSuggestion');

export const NewRequest = z.object({ mentorId: Uuid, needs: Line(1000, 10) }).openapi('MentorshipRequest');
export const RequestParams = z.object({ requestId: Uuid.openapi({ param: { name: 'requestId', in: 'path' } }) });
export const Response = z
  .object({
    decision: z.enum(['accept', 'decline']),
    note: Line(500).optional(),
    agreement: z
      .object({
        goals: Line(1500, 10),
        startsOn: IsoDate,
        endsOn: IsoDate.optional(),
        cadence: z.enum(MENTORING_CADENCES),
      })
      .refine((a) => !a.endsOn || a.startsOn <= a.endsOn, { message: 'It must end on or after the day it starts.', path: ['endsOn'] })
      .optional(),
  })
  .openapi('MentorshipResponse');

export const MentorshipParams = z.object({ mentorshipId: Uuid.openapi({ param: { name: 'mentorshipId', in: 'path' } }) });
export const NewSession = z
  .object({
    heldOn: IsoDate,
    minutes: z.number().int().min(5).max(600),
    notes: Line(4000, 3),
    nextSteps: Line(2000).optional(),
  })
  .openapi('MentoringSession');
export const Closure = z.object({ feedback: Line(2000, 3) }).openapi('MentorshipClosure');

export const MentorshipView = z
  .object({
    id: z.string(),
    mentor: z.object({ id: z.string(), name: z.string().nullable() }),
    mentee: z.object({ id: z.string(), name: z.string().nullable() }),
    goals: z.string(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    cadence: z.string(),
    status: z.enum(['active', 'closed']),
    closedAt: Timestamp.nullable(),
    mentorFeedback: z.string().nullable(),
    menteeFeedback: z.string().nullable(),
    minutes: z.number().openapi({ description: 'Mentoring time logged, in minutes.' }),
    sessions: z.array(z.object({ id: z.string(), heldOn: z.string(), minutes: z.number(), notes: z.string(), nextSteps: z.string().nullable(), createdAt: Timestamp })),
  })
  .openapi('Mentorship');

const Person = z.object({ id: z.string(), name: z.string().nullable() });
export const MyMentoring = z
  .object({
    requests: z.array(
      z.object({
        id: z.string(),
        direction: z.enum(['sent', 'received']),
        mentor: Person,
        mentee: Person,
        needs: z.string(),
        status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
        responseNote: z.string().nullable(),
        createdAt: Timestamp,
      }),
    ),
    mentorships: z.array(
      z.object({ id: z.string(), role: z.enum(['mentor', 'mentee']), with: Person, status: z.enum(['active', 'closed']), startsOn: z.string(), cadence: z.string() }),
    ),
  })
  .openapi('MyMentoring');

export const NotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(0).max(50).default(50).openapi({ description: 'How many to list, newest first; 0 for the unread count alone.' }),
});
export const Notifications = z
  .object({
    unread: z.number(),
    notifications: z.array(z.object({ id: z.string(), kind: z.string(), data: z.record(z.string(), z.string()), createdAt: Timestamp, read: z.boolean() })),
  })
  .openapi('Notifications');
export const MarkRead = z.object({ ids: z.array(Uuid).max(100).optional().openapi({ description: 'Leave out to mark all as read.' }) }).openapi('MarkRead');

export const BadgeRecord = z
  .object({
    closedMentorships: z.int(),
    hours: z.number(),
    rule: z.object({ closedMentorships: z.int(), hours: z.number() }),
    missing: z.array(z.string()).openapi({ description: 'What is still needed, in English; empty when eligible.' }),
    eligible: z.boolean(),
    certificateId: z.string().nullable().openapi({ description: 'The badge, once issued: a certificate like any other.' }),
  })
  .openapi('MentorBadgeRecord');
export const BadgeIssue = z.object({ institutionId: Uuid }).openapi('MentorBadgeIssue');
