import { z } from '@hono/zod-openapi';
import { Slug } from '../../schemas';
import { PROGRESS_EVENT_TYPES } from '../../../db/schema/enums';

/** One event from the outbox. Checked one by one, so a bad event never blocks the good ones. */
export const ProgressEvent = z
  .object({
    id: z.uuid('Give each event a UUID made on the device.').transform((s) => s.toLowerCase()),
    type: z.enum(PROGRESS_EVENT_TYPES),
    courseId: Slug,
    courseVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'Use the course version, e.g. 1.0.0.'),
    lessonId: Slug,
    checkId: Slug.optional(),
    answer: z.array(Slug).max(20).optional(),
    correct: z.boolean().optional(),
    at: z.iso.datetime({ offset: true, message: 'Give the time as an ISO 8601 date-time.' }),
  })
  .strict()
  .refine((e) => (e.type === 'check.answered') === (e.checkId !== undefined && e.answer !== undefined), {
    message: 'check.answered events carry checkId and answer; other events carry neither.',
    path: ['checkId'],
  })
  .openapi('ProgressEvent');
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const EventBatch = z
  .object({
    events: z
      .array(z.unknown())
      .min(1, 'Send at least one event.')
      .max(100, 'Send at most 100 events a request; the rest in the next one.')
      .openapi({ type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/components/schemas/ProgressEvent' } }),
  })
  .openapi('EventBatch');

export const SyncResult = z
  .object({
    accepted: z.array(z.string()).openapi({ description: 'Stored now or before: remove them from the outbox.' }),
    rejected: z
      .array(z.object({ id: z.string(), code: z.string(), message: z.string() }))
      .openapi({ description: 'Will never be stored: do not send them again.' }),
  })
  .openapi('SyncResult');

export const ProgressQuery = z.object({ courseId: Slug });

export const CourseProgress = z
  .object({
    courseId: z.string(),
    lessons: z.array(z.object({ lessonId: z.string(), openedAt: z.string().optional(), completedAt: z.string().optional() })),
    checks: z.array(z.object({ lessonId: z.string(), checkId: z.string(), correct: z.boolean().nullable(), at: z.string() })),
  })
  .openapi('CourseProgress');
