import { z } from '@hono/zod-openapi';
import { Line } from '../../schemas';

export const InstitutionParam = z.object({ institutionId: z.uuid() });

export const LrsInput = z
  .object({
    endpoint: z
      .string()
      .trim()
      .max(2000, 'Use at most 2000 characters.')
      .pipe(z.url({ protocol: /^https$/, message: 'Use the full https:// address of the LRS endpoint.' }))
      .openapi({ example: 'https://lrs.police-academy.example/xapi/', description: 'The xAPI endpoint: statements are sent to <endpoint>statements.' }),
    username: Line(255).openapi({ description: 'The Basic authentication key (username) the LRS issued for Cascade.' }),
    password: z
      .string()
      .min(1, 'Enter the secret.')
      .max(500, 'Use at most 500 characters.')
      .optional()
      .openapi({ description: 'The Basic authentication secret; leave it out to keep the stored one.' }),
    enabled: z.boolean().default(true),
  })
  .openapi('LrsConnectionInput');

const Timestamp = z.string().openapi({ example: '2026-11-28T09:00:00.000Z' });

export const Queue = z.object({
  pending: z.number().int().openapi({ description: 'Waiting to be sent, including those that failed and will be retried.' }),
  delivered: z.number().int(),
  failing: z.number().int().openapi({ description: 'Pending statements whose last attempt failed.' }),
  nextAttemptAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
});

export const Lrs = z
  .object({
    connection: z
      .object({
        endpoint: z.string(),
        username: z.string(),
        enabled: z.boolean(),
        homePage: z.string().openapi({ description: "The actors' account home page and the base of the activity ids." }),
        lastDeliveredAt: Timestamp.nullable(),
        lastError: z.object({ message: z.string(), at: Timestamp }).nullable(),
        updatedAt: Timestamp,
      })
      .nullable(),
    queue: Queue,
  })
  .openapi('LrsConnection');

export const DeliveryResult = z.object({ sent: z.number().int(), failed: z.number().int(), queue: Queue }).openapi('LrsDelivery');
