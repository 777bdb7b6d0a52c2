import { z } from '@hono/zod-openapi';
import { Email, DisplayName, Locale, Password, TypedCode, Username } from '../../schemas';

export const Register = z
  .object({
    username: Username,
    password: Password,
    displayName: DisplayName,
    joinCode: TypedCode.optional().openapi({ description: 'The cohort join code from your trainer.' }),
    invitation: z
      .string()
      .trim()
      .min(20, 'This invitation is incomplete; copy the whole link or code.')
      .max(128)
      .optional()
      .openapi({ description: 'An invitation token from an institution admin.' }),
    email: Email.optional(),
    locale: Locale.optional(),
  })
  .refine((b) => Boolean(b.joinCode) !== Boolean(b.invitation), {
    message: 'Give either a join code or an invitation, not both.',
    path: ['joinCode'],
  })
  .refine((b) => b.password.toLowerCase() !== b.username, {
    message: 'Choose a password that is not your username.',
    path: ['password'],
  })
  .openapi('Register');

export const Login = z
  .object({ username: Username, password: z.string().min(1, 'Enter your password.').max(128) })
  .openapi('Login');

export const ResetWithCode = z
  .object({ username: Username, code: TypedCode, newPassword: Password })
  .openapi('ResetWithCode');
