import { z } from '@hono/zod-openapi';
import { Slug, Uuid } from '../../schemas';

const Comment = z.string().trim().max(4000, 'Use at most 4,000 characters.');

export const CourseParams = z.object({ courseId: Slug.openapi({ param: { name: 'courseId', in: 'path' } }) });
export const PracticalParams = z.object({ practicalId: Uuid.openapi({ param: { name: 'practicalId', in: 'path' } }) });
export const AttemptParams = z.object({ attemptId: Uuid.openapi({ param: { name: 'attemptId', in: 'path' } }) });

export const NewPractical = z
  .object({
    learnerId: Uuid,
    courseId: Slug,
    institutionId: Uuid,
    levels: z.record(Slug, Slug).openapi({ description: 'Criterion id → level id, for every criterion of the rubric.' }),
    comments: Comment.optional(),
  })
  .openapi('NewPractical');

export const Moderation = z.object({ levels: z.record(Slug, Slug), comment: Comment.optional() }).openapi('Moderation');

export const ShortAnswerScore = z
  .object({ questionId: Slug, points: z.number().min(0).max(20), comment: Comment.optional() })
  .openapi('ShortAnswerScore');

export const LearnerQuery = z.object({ learnerId: Uuid.optional().openapi({ description: 'Defaults to you.' }) });
export const InstitutionQuery = z.object({
  institutionId: Uuid.optional().openapi({ description: "Only this institution's learners; required unless you are a programme admin." }),
});

export const Practical = z
  .object({
    id: z.string(),
    learnerId: z.string(),
    institutionId: z.string(),
    courseId: z.string(),
    courseVersion: z.string(),
    scorerId: z.string().nullable(),
    levels: z.record(z.string(), z.string()),
    comments: z.string().nullable(),
    points: z.number(),
    passed: z.boolean(),
    createdAt: z.string(),
    moderation: z
      .object({
        moderatorId: z.string().nullable(),
        levels: z.record(z.string(), z.string()).nullable(),
        points: z.number().nullable(),
        passed: z.boolean().nullable(),
        comment: z.string().nullable(),
        at: z.string(),
      })
      .nullable(),
    final: z.object({ points: z.number(), passed: z.boolean() }),
  })
  .openapi('Practical');

export const ScoredAttempt = z
  .object({ id: z.string(), status: z.string(), points: z.number().nullable(), maxPoints: z.number().nullable(), passed: z.boolean().nullable() })
  .openapi('ScoredAttempt');

export const ItemStats = z
  .object({
    courseId: z.string(),
    attempts: z.number(),
    items: z.array(z.object({ questionId: z.string(), answered: z.number(), difficulty: z.number(), discrimination: z.number().nullable() })),
  })
  .openapi('ItemStats');

export const Eligibility = z
  .object({
    courseId: z.string(),
    courseVersion: z.string(),
    learnerId: z.string(),
    lessons: z.object({ required: z.number(), completed: z.number(), missing: z.array(z.string()) }),
    summative: z.object({ passed: z.boolean(), attemptId: z.string().nullable() }),
    practical: z.object({ required: z.boolean(), passed: z.boolean().nullable() }),
    eligible: z.boolean(),
  })
  .openapi('Eligibility');
