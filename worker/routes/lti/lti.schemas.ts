import { z } from '@hono/zod-openapi';
import { Line } from '../../schemas';

const HttpsUrl = (example: string) =>
  z
    .string()
    .trim()
    .max(2000, 'Use at most 2000 characters.')
    .pipe(z.url({ protocol: /^https$/, message: 'Use a full https:// address.' }))
    .openapi({ example });

export const PlatformFields = z.object({
  name: Line(120).openapi({ example: 'National Police Academy Moodle' }),
  issuer: HttpsUrl('https://moodle.police-academy.example').openapi({
    description: "The platform's issuer (`iss`): for Moodle, the site's address, exactly as Moodle shows it.",
  }),
  clientId: Line(255).openapi({ example: 'a1B2c3D4e5F6g7H' }),
  deploymentIds: z
    .array(Line(255))
    .min(1, 'Add at least one deployment id.')
    .max(50, 'Use at most 50 deployment ids.')
    .openapi({ example: ['1'] }),
  jwksUrl: HttpsUrl('https://moodle.police-academy.example/mod/lti/certs.php'),
  authUrl: HttpsUrl('https://moodle.police-academy.example/mod/lti/auth.php'),
  tokenUrl: HttpsUrl('https://moodle.police-academy.example/mod/lti/token.php'),
});

export const NewPlatform = PlatformFields.extend({ institutionId: z.uuid() }).openapi('NewLtiPlatform');
export const PlatformPatch = PlatformFields.partial().openapi('LtiPlatformPatch');

const Timestamp = z.string().openapi({ example: '2026-11-28T09:00:00.000Z' });

export const Platform = PlatformFields.extend({
  id: z.string(),
  institutionId: z.string(),
  lastLaunchAt: Timestamp.nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: Timestamp }).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).openapi('LtiPlatform');

export const PlatformList = z.object({ platforms: z.array(Platform) });

export const ToolConfig = z
  .object({
    loginUrl: z.string().openapi({ description: 'OIDC login initiation URL.' }),
    redirectUrl: z.string().openapi({ description: 'The redirect URI (and the launch URL for every link).' }),
    targetLinkUrl: z.string(),
    deepLinkingUrl: z.string(),
    jwksUrl: z.string().openapi({ description: "Cascade's public keys (RS256)." }),
    customParameters: z.string().openapi({ description: 'What a link set by hand names: the course, and optionally the lesson.' }),
  })
  .openapi('LtiToolConfig');

export const PlatformParam = z.object({ platformId: z.string().min(1).max(64) });
export const ContextParam = z.object({ contextId: z.string().min(1).max(64) });
export const InstitutionQuery = z.object({ institutionId: z.uuid() });

export const Check = z.object({ name: z.enum(['jwks', 'token', 'tool_key']), ok: z.boolean(), message: z.string() });
export const CheckResult = z.object({ ok: z.boolean(), checks: z.array(Check) }).openapi('LtiPlatformCheck');

export const Context = z
  .object({
    id: z.string(),
    contextId: z.string(),
    title: z.string(),
    cohort: z.object({ id: z.string(), name: z.string() }).nullable(),
    rosterSync: z.boolean().openapi({ description: 'Whether the platform offers Names and Role Provisioning for it.' }),
    rosterSyncedAt: Timestamp.nullable(),
    rosterError: z.string().nullable(),
    links: z.array(
      z.object({
        id: z.string(),
        title: z.string().nullable(),
        courseId: z.string(),
        lessonId: z.string().nullable(),
        gradebook: z.boolean(),
        learners: z.number().int(),
      }),
    ),
    scores: z.object({ pending: z.number().int(), delivered: z.number().int(), failing: z.number().int(), lastError: z.string().nullable() }),
  })
  .openapi('LtiContext');

export const ContextList = z.object({ contexts: z.array(Context) });

export const RosterResult = z
  .object({ members: z.number().int(), added: z.number().int(), removed: z.number().int(), learners: z.number().int() })
  .openapi('LtiRosterSync');
