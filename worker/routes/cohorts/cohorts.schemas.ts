import { z } from '@hono/zod-openapi';
import { COHORT_MEMBER_ROLES, COHORT_STATUSES } from '../../../db/schema';
import { Line, Timestamp, Username, Uuid } from '../../schemas';

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
  })
  .openapi('Cohort');

export const NewCohort = z
  .object({
    name: Line(120, 2),
    capacity: z.number().int().min(1).max(10_000).optional(),
    joinCodeValidDays: z.number().int().min(1).max(365).default(60),
    trainers: z.array(Username).max(20).default([]).openapi({ description: 'Usernames of trainers who deliver it.' }),
  })
  .openapi('NewCohort');

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
