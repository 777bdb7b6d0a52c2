/**
 * The LTI 1.3 / LTI Advantage claims Cascade reads from a platform's id_token (IMS LTI Core 1.3,
 * Deep Linking 2.0, Assignment and Grade Services 2.0, Names and Role Provisioning Services 2.0).
 */
import * as z from 'zod';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  deepLinkingMessage: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
} as const;

export const SCOPE = {
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

const Text = z.string().min(1).max(2000);
const Url = z.url().max(2000);

/** What every message Cascade accepts carries, beyond the JWT's own iss/aud/exp. */
export const LaunchClaims = z.looseObject({
  sub: z.string().min(1, 'The launch names no user (sub): anonymous launches are not supported.').max(255),
  nonce: z.string().min(1).max(255),
  azp: z.string().optional(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
  locale: z.string().max(35).optional(),
  [CLAIM.messageType]: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.targetLinkUri]: Url.optional(),
  [CLAIM.roles]: z.array(z.string().max(500)).max(100),
  [CLAIM.resourceLink]: z.looseObject({ id: Text, title: z.string().max(500).optional() }).optional(),
  [CLAIM.context]: z
    .looseObject({ id: Text, title: z.string().max(500).optional(), label: z.string().max(500).optional() })
    .optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.launchPresentation]: z.looseObject({ locale: z.string().max(35).optional() }).optional(),
  [CLAIM.ags]: z
    .looseObject({ scope: z.array(z.string()).default([]), lineitems: Url.optional(), lineitem: Url.optional() })
    .optional(),
  [CLAIM.nrps]: z.looseObject({ context_memberships_url: Url }).optional(),
  [CLAIM.deepLinkingSettings]: z
    .looseObject({
      deep_link_return_url: Url,
      accept_types: z.array(z.string()).default([]),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4000).optional(),
    })
    .optional(),
});
export type LaunchClaims = z.infer<typeof LaunchClaims>;

const role = (name: string) => [`http://purl.imsglobal.org/vocab/lis/v2/membership#${name}`, name];
const LEARNER = new Set(role('Learner'));
const STAFF = new Set([
  ...role('Instructor'),
  ...role('ContentDeveloper'),
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  ...role('Administrator'),
]);

/** A learner in the launch's context (LIS membership role Learner). */
export const isLearner = (roles: readonly string[]) => roles.some((r) => LEARNER.has(r));
/** An instructor, content developer or administrator: may choose content with Deep Linking. */
export const isInstructor = (roles: readonly string[]) => roles.some((r) => STAFF.has(r));

/** The first zod issue of a claims check, said as the claim's name and what is wrong. */
export function claimProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.map(String).join('.') || 'the message';
  return `${where}: ${issue?.message ?? 'not valid'}`;
}
