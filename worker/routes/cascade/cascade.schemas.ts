import { z } from '@hono/zod-openapi';
import { QUALIFICATION_LEVELS, QUALIFICATION_STATUSES } from '../../../db/schema/enums';
import { Line, Slug, Timestamp, Uuid } from '../../schemas';

export const Grant = z
  .object({
    userId: Uuid,
    courseId: Slug,
    level: z.enum(QUALIFICATION_LEVELS),
    institutionId: Uuid.optional().openapi({ description: 'The nominating institution (required to nominate a candidate).' }),
    evidence: z
      .object({
        cohortIds: z.array(Uuid).max(50).default([]).openapi({ description: 'Cohorts of this course they co-delivered.' }),
        observation: Line(2000, 10).optional().openapi({ description: 'What the granter observed of their delivery.' }),
      })
      .default({ cohortIds: [] }),
  })
  .openapi('QualificationGrant');

export const QualificationParams = z.object({ qualificationId: Uuid.openapi({ param: { name: 'qualificationId', in: 'path' } }) });
export const QualificationChange = z
  .object({ action: z.enum(['suspend', 'reinstate', 'revoke']), reason: Line(500, 3) })
  .openapi('QualificationChange');

export const Qualification = z
  .object({
    id: z.string(),
    userId: z.string(),
    courseId: z.string(),
    level: z.enum(QUALIFICATION_LEVELS),
    status: z.enum(QUALIFICATION_STATUSES),
    institutionId: z.string().nullable(),
    grantedBy: z.string().nullable(),
    grantedAt: Timestamp,
    evidence: z.object({ cohortIds: z.array(z.string()), observation: z.string().optional() }),
    statusReason: z.string().nullable(),
  })
  .openapi('Qualification');

export const NamedQualification = Qualification.extend({
  name: z.string().nullable().openapi({ description: "The person's display name." }),
  grantedByName: z.string().nullable().openapi({ description: "The granter's display name." }),
}).openapi('NamedQualification');

export const QualificationsQuery = z.object({ userId: Uuid.optional(), courseId: Slug.optional() });
export const CourseParams = z.object({ courseId: Slug.openapi({ param: { name: 'courseId', in: 'path' } }) });
export const TrainerParams = z.object({ userId: Uuid.openapi({ param: { name: 'userId', in: 'path' } }) });
export const ExpertChange = z.object({ internationalExpert: z.boolean() }).openapi('ExpertChange');

export const Lineage = z
  .object({
    courseId: z.string(),
    people: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        country: z.string().nullable(),
        internationalExpert: z.boolean(),
        programme: z.boolean().openapi({ description: 'A programme admin who qualified the first trainers.' }),
        level: z.enum(QUALIFICATION_LEVELS).nullable(),
        status: z.enum(QUALIFICATION_STATUSES).nullable(),
        generation: z.number().openapi({ description: '1 for the first trainers, 2 for those they trained, and so on.' }),
        certificatesIssued: z.number(),
        cohortsLed: z.number(),
      }),
    ),
    edges: z.array(z.object({ from: z.string(), to: z.string(), level: z.enum(QUALIFICATION_LEVELS), grantedAt: Timestamp, status: z.string() })),
  })
  .openapi('Lineage');

export const TrainerPage = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    internationalExpert: z.boolean(),
    certificatesIssued: z.number(),
    mentoringHours: z.number().openapi({ description: 'Hours logged as a mentor.' }),
    qualifications: z.array(z.record(z.string(), z.unknown())),
    cohorts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        institution: z.string(),
        role: z.enum(['lead', 'co-facilitator']),
        startsOn: z.string().nullable(),
        endsOn: z.string().nullable(),
        learners: z.number().nullable().openapi({ description: 'Null when fewer than 5 (suppressed).' }),
        certified: z.number().nullable(),
        certifiedShare: z.number().nullable(),
      }),
    ),
  })
  .openapi('TrainerPage');
