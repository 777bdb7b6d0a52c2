import { z } from '@hono/zod-openapi';
import { INSTITUTION_ROLES, LOCALES, SECTORS } from '../db/schema';

/** Shared request and response schemas; each domain adds its own beside its routes. */

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      requestId: z.string().optional(),
      fields: z.record(z.string(), z.string()).optional(),
      details: z
        .array(z.record(z.string(), z.unknown()))
        .optional()
        .openapi({ description: 'Items to act on one by one, e.g. each identifying detail found in a consultation.' }),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS = {
  400: 'The input is not valid; `fields` names each bad field.',
  401: 'Not signed in.',
  403: 'Signed in, but the policy does not allow this.',
  404: 'Not found, or not visible to you.',
  409: 'Conflicts with what is already stored.',
  413: 'The request body is too large.',
  422: 'Understood, but cannot be used as it is; the message says why.',
  429: 'Too many attempts; see Retry-After.',
  503: 'Not available on this server yet; the message says what to do.',
} as const;

/** The error responses a route can give, for the OpenAPI document. */
export function errors(...statuses: Array<keyof typeof ERROR_DESCRIPTIONS>) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content: { 'application/json': { schema: ErrorBody } } }]),
  ) as Record<keyof typeof ERROR_DESCRIPTIONS, { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }>;
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Use at least 3 characters.')
  .max(32, 'Use at most 32 characters.')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use letters a-z, digits, dots, dashes or underscores, starting with a letter or digit.')
  .openapi({ example: 'amina.k' });

export const Password = z
  .string()
  .min(8, 'Use at least 8 characters.')
  .max(128, 'Use at most 128 characters.')
  .openapi({ example: 'a long passphrase', description: 'Any characters; commonly used passwords are refused with `password_common`.' });

// Control characters are never meant in a name or a place, and SQLite text stops at NUL.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line of text a person typed: trimmed, bounded, no control characters. */
export const Line = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'This cannot be empty.' : `Use at least ${min} characters.`)
    .max(max, `Use at most ${max} characters.`)
    .refine((s) => !CONTROL.test(s), 'Remove the control characters.');

export const DisplayName = Line(80);

export const Email = z.email('Enter a valid e-mail address.').max(254);

/** ISO 3166-1 alpha-2, upper case. */
export const Country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 country code, e.g. NP or ML.');

export const Locale = z.enum(LOCALES);
export const Sector = z.enum(SECTORS);
export const InstitutionRole = z.enum(INSTITUTION_ROLES);

/** A code typed by a person: join codes and reset codes. */
export const TypedCode = z.string().trim().min(4, 'The code is too short.').max(32, 'The code is too long.');

/** Ids are stored in lower case; an id typed or copied in upper case still finds its row. */
/** Course, lesson and question ids: lower-case kebab-case, as in courses/. */
export const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Ids are lower-case kebab-case.').max(80);

export const Uuid = z
  .uuid('This is not a valid id.')
  .transform((s) => s.toLowerCase());

/** A calendar date as people write it in forms, e.g. 2027-03-15. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2027-03-15.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'That date does not exist.');

export const Timestamp = z.string().openapi({ format: 'date-time' });
