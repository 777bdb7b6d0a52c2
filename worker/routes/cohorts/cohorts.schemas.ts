import { z } from '@hono/zod-openapi';
import { COHORT_MEMBER_ROLES, COHORT_STATUSES } from '../../../db/schema';
import { IsoDate, Line, Slug, Timestamp, Username, Uuid } from '../../schemas';

export const Cohort = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    name: z.string(),
    joinCode: z.string().openapi({ description: 'Formatted for reading aloud, e.g. 7K3M-Q9TX.' }),
    joinCodeExpiresAt: Timestamp.nullable(),
    capacity: z.number().nullable(),
    status: z.enum(COHORT_STATUSES),
    learners: z.number(),
    trainers: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string() })),
    courses: z.array(z.string()),
    region: z.string().nullable(),
    inCapital: z.boolean().nullable(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    leadTrainerId: z.string().nullable(),
  })
  .openapi('Cohort');


/** Where, when and what a cohort delivers, and who leads it. */
const CohortDetails = {
  courses: z.array(Slug).max(10).openapi({ description: 'Course ids the cohort studies.' }),
  region: Line(80),
  inCapital: z.boolean(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  leadTrainer: Username.openapi({ description: 'A certified or master trainer of every course of the cohort.' }),
};

const datesInOrder = (v: { startsOn?: string | null | undefined; endsOn?: string | null | undefined }) => !v.startsOn || !v.endsOn || v.startsOn <= v.endsOn;
const datesIssue = { message: 'The cohort must end on or after the day it starts.', path: ['endsOn'] };

export const NewCohort = z
  .object({
    name: Line(120, 2),
    capacity: z.number().int().min(1).max(10_000).optional(),
    joinCodeValidDays: z.number().int().min(1).max(365).default(60),
    trainers: z.array(Username).max(20).default([]).openapi({ description: 'Usernames of trainers who deliver it (co-facilitators).' }),
    courses: CohortDetails.courses.default([]),
    region: CohortDetails.region.optional(),
    inCapital: CohortDetails.inCapital.optional(),
    startsOn: CohortDetails.startsOn.optional(),
    endsOn: CohortDetails.endsOn.optional(),
    leadTrainer: CohortDetails.leadTrainer.optional(),
  })
  .refine(datesInOrder, datesIssue)
  .openapi('NewCohort');

export const CohortChange = z
  .object({
    name: Line(120, 2).optional(),
    capacity: z.number().int().min(1).max(10_000).nullable().optional(),
    status: z.enum(COHORT_STATUSES).optional(),
    courses: CohortDetails.courses.optional(),
    region: CohortDetails.region.nullable().optional(),
    inCapital: CohortDetails.inCapital.nullable().optional(),
    startsOn: CohortDetails.startsOn.nullable().optional(),
    endsOn: CohortDetails.endsOn.nullable().optional(),
    leadTrainer: CohortDetails.leadTrainer.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Change at least one thing.', path: ['name'] })
  .refine(datesInOrder, datesIssue)
  .openapi('CohortChange');

export const JoinCodeRotation = z
  .object({ validDays: z.number().int().min(1).max(365).default(60) })
  .openapi('JoinCodeRotation');

export const Announcement = z
  .object({ id: z.string(), cohortId: z.string(), author: z.string().nullable(), body: z.string(), createdAt: Timestamp })
  .openapi('Announcement');
export const NewAnnouncement = z
  .object({ body: z.string().trim().min(3, 'Write at least a few words.').max(2000, 'Keep it under 2,000 characters.') })
  .openapi('NewAnnouncement');

export const CohortParams = z.object({ cohortId: Uuid.openapi({ param: { name: 'cohortId', in: 'path' } }) });

export const CohortMemberParams = CohortParams.extend({
  userId: Uuid.openapi({ param: { name: 'userId', in: 'path' } }),
});

export const RosterEntry = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(COHORT_MEMBER_ROLES),
    joinedAt: Timestamp,
  })
  .openapi('RosterEntry');

export const ResetCode = z
  .object({
    code: z.string().openapi({ description: 'Give it to the learner in person or by phone; shown once.' }),
    expiresAt: Timestamp,
  })
  .openapi('ResetCode');

const BoardCourse = z.object({
  courseId: z.string(),
  lessonsCompleted: z.number(),
  lessons: z.number(),
  summative: z.enum(['not_started', 'open', 'pending_review', 'not_passed', 'passed']),
  practical: z.enum(['passed', 'not_passed', 'not_scored']),
  readyToCertify: z.boolean(),
  certificate: z.object({ id: z.string(), status: z.string() }).nullable(),
});
export const Board = z
  .object({
    cohortId: z.string(),
    courses: z.array(z.object({ courseId: z.string(), lessons: z.number() })),
    learners: z.array(
      z.object({
        userId: z.string(),
        username: z.string(),
        displayName: z.string(),
        joinedAt: Timestamp,
        lastActiveAt: Timestamp.nullable(),
        stuck: z.boolean().openapi({ description: 'No progress for 14 days with a course unfinished.' }),
        courses: z.array(BoardCourse),
      }),
    ),
    summary: z.object({ learners: z.number(), stuck: z.number(), readyToCertify: z.number(), certified: z.number() }),
  })
  .openapi('CohortBoard');

export const RosterImportQuery = z.object({
  commit: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'false (the default) previews; true writes every accepted row, atomically.' }),
});
const ImportLine = z.object({
  line: z.number(),
  status: z.enum(['ok', 'error']),
  username: z.string().optional(),
  action: z.enum(['create', 'add', 'already']).optional(),
  errors: z.array(z.object({ column: z.string(), message: z.string() })).optional(),
});
export const RosterImportResult = z
  .object({
    committed: z.boolean(),
    encoding: z.string(),
    columns: z.array(z.string()),
    problems: z.array(z.string()),
    summary: z.object({ create: z.number(), add: z.number(), already: z.number(), rejected: z.number() }),
    lines: z.array(ImportLine),
    setupCodes: z.array(z.object({ line: z.number(), username: z.string(), displayName: z.string(), code: z.string(), expiresAt: Timestamp })).openapi({
      description: 'One-time codes for the new accounts, shown once: each person sets their password with it at /reset.',
    }),
  })
  .openapi('RosterImportResult');
