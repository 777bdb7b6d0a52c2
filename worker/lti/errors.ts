/** The refusals of an LTI launch, each said so that the learner or the academy's admin knows what to do. */
import { AppError } from '../errors';
import type { Platform } from './platforms';

const AGAIN = 'Launch again from your learning platform.';

export const unknownDeployment = (p: Pick<Platform, 'name'>, deploymentId: string) =>
  new AppError(
    400,
    'lti_unknown_deployment',
    `The launch's deployment id "${deploymentId}" is not registered for this platform (${p.name}). An institution admin can add it to the platform's deployment ids in Cascade.`,
  );

export const refusals = {
  loginUnknown: () =>
    new AppError(401, 'lti_login_unknown', `This launch did not start at Cascade's login address, or its state was altered. ${AGAIN}`),
  loginExpired: () => new AppError(401, 'lti_login_expired', `This launch took more than 10 minutes to arrive. ${AGAIN}`),
  stateNotBound: () =>
    new AppError(
      401,
      'lti_state_mismatch',
      `This launch did not start in this browser, or the browser blocked Cascade's cookie. ${AGAIN} If it keeps failing, ask the academy to open Cascade in a new window.`,
    ),
  replayed: () => new AppError(401, 'lti_nonce_replayed', `This launch was already used (its nonce is spent): each launch works once. ${AGAIN}`),
  nonceMismatch: () =>
    new AppError(401, 'lti_nonce_mismatch', `The launch's nonce does not belong to this login: it may be a replayed launch. ${AGAIN}`),
  forged: (p: Pick<Platform, 'name' | 'jwksUrl'>) =>
    new AppError(
      401,
      'lti_signature_invalid',
      `The launch's signature does not match the keys ${p.name} publishes at ${p.jwksUrl}: it was forged or altered on the way.`,
    ),
  unknownKey: (p: Pick<Platform, 'name' | 'jwksUrl'>) =>
    new AppError(
      401,
      'lti_key_unknown',
      `The launch is signed with a key that ${p.name} does not publish at ${p.jwksUrl}. Check the JWKS URL registered for this platform.`,
    ),
  keysUnreachable: (p: Pick<Platform, 'jwksUrl'>, why: string) =>
    new AppError(502, 'lti_jwks_unavailable', `Cascade could not read the platform's keys at ${p.jwksUrl} (${why}). Check the JWKS URL registered for this platform.`),
  expired: (at: string) => new AppError(401, 'lti_launch_expired', `The launch expired at ${at}. ${AGAIN} If this keeps happening, check the platform's clock.`),
  wrongAudience: (p: Pick<Platform, 'name' | 'clientId'>, aud: unknown) =>
    new AppError(
      401,
      'lti_wrong_audience',
      `The launch is addressed to ${JSON.stringify(aud)}, not to the client id ${p.clientId} registered for ${p.name}. Check the client id in Cascade.`,
    ),
  wrongIssuer: (p: Pick<Platform, 'issuer'>, iss: unknown) =>
    new AppError(401, 'lti_wrong_issuer', `The launch comes from issuer ${JSON.stringify(iss)}, not ${p.issuer} as registered. Check the issuer in Cascade.`),
  malformed: (why: string) => new AppError(400, 'lti_bad_message', `The launch message is not a valid LTI 1.3 message: ${why}.`),
};
