import { z } from '@hono/zod-openapi';
import { ATTEMPT_PURPOSES } from '../../../db/schema/enums';
import { Slug, Uuid } from '../../schemas';

export const StartAttempt = z
  .object({
    courseId: Slug,
    purpose: z
      .enum(ATTEMPT_PURPOSES)
      .default('certification')
      .openapi({ description: '`refresher` renews a certificate that is about to expire (or has).' }),
  })
  .openapi('StartAttempt');
export const AttemptParams = z.object({ attemptId: Uuid.openapi({ param: { name: 'attemptId', in: 'path' } }) });
export const AnswerParams = AttemptParams.extend({ questionId: Slug.openapi({ param: { name: 'questionId', in: 'path' } }) });

export const Answer = z
  .object({
    answer: z
      .union([z.array(Slug).max(50), z.record(Slug, Slug), z.string().max(5000)])
      .openapi({ description: 'Option ids (choice), item ids in order (ordering), left→right ids (matching), or text (short answer).' }),
  })
  .openapi('Answer');

export const Submit = z
  .object({ submitId: Uuid.openapi({ description: 'Made by the client once per submit; a retry sends the same one.' }) })
  .openapi('Submit');

export const AttemptView = z
  .object({
    id: z.string(),
    courseId: z.string(),
    courseVersion: z.string(),
    purpose: z.enum(ATTEMPT_PURPOSES),
    status: z.enum(['open', 'pending_review', 'graded']),
    startedAt: z.string(),
    deadlineAt: z.string(),
    graceSeconds: z.number(),
    questions: z.array(z.record(z.string(), z.unknown())),
    answers: z.record(z.string(), z.unknown()),
    result: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Attempt');

export const AttemptsQuery = z.object({ courseId: Slug });

export const AttemptSummary = z
  .object({
    courseId: z.string(),
    attemptsAllowed: z.number(),
    attemptsUsed: z.number(),
    passed: z.boolean(),
    openAttemptId: z.string().nullable(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When the cool-down ends, if one is running.' }),
    attempts: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['open', 'pending_review', 'graded']),
        startedAt: z.string(),
        submittedAt: z.string().nullable(),
        points: z.number().nullable(),
        maxPoints: z.number().nullable(),
        passed: z.boolean().nullable(),
      }),
    ),
  })
  .openapi('AttemptSummary');
