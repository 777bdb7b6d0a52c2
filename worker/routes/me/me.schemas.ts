import { z } from '@hono/zod-openapi';
import { COHORT_MEMBER_ROLES } from '../../../db/schema';
import { Country, DisplayName, Line, Email, InstitutionRole, Locale, Password, Sector, TypedCode } from '../../schemas';

export const Me = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    locale: Locale,
    country: z.string().nullable(),
    sector: Sector.nullable(),
    region: z.string().nullable(),
    inCapital: z.boolean().nullable(),
    gender: z.string().nullable(),
    programmeAdmin: z.boolean(),
    memberships: z.array(
      z.object({ id: z.string(), institutionId: z.string(), institutionName: z.string(), role: InstitutionRole }),
    ),
    cohorts: z.array(
      z.object({ id: z.string(), name: z.string(), institutionId: z.string(), role: z.enum(COHORT_MEMBER_ROLES) }),
    ),
  })
  .openapi('Me');
export type Me = z.infer<typeof Me>;

export const ProfilePatch = z
  .object({
    displayName: DisplayName,
    email: Email.nullable(),
    locale: Locale,
    country: Country.nullable(),
    sector: Sector.nullable(),
    region: Line(80).nullable(),
    inCapital: z.boolean().nullable(),
    gender: Line(60)
      .nullable()
      .openapi({ description: 'Self-described and optional; null removes it.' }),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one field to change.' })
  .openapi('ProfilePatch');

export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: Password })
  .openapi('PasswordChange');

export const JoinCohort = z.object({ joinCode: TypedCode }).openapi('JoinCohort');

export const AccountDeletion = z
  .object({ password: z.string().min(1, 'Type your password to confirm.').max(128) })
  .openapi('AccountDeletion');
