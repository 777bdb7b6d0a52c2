import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { JoinCohort, Me, PasswordChange, ProfilePatch } from './me.schemas';

const tags = ['Me'];

export const getMe = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your profile, roles and cohorts',
  responses: { 200: json(Me, 'You.'), ...errors(401) },
});

export const patchProfile = createRoute({
  method: 'patch',
  path: '/',
  tags,
  summary: 'Change your profile: name, e-mail, language, country, sector, location, gender',
  request: { body: jsonBody(ProfilePatch) },
  responses: { 200: json(Me, 'The updated profile.'), ...errors(400, 401) },
});

export const changePassword = createRoute({
  method: 'post',
  path: '/password',
  tags,
  summary: 'Change your password; your other sessions end',
  request: { body: jsonBody(PasswordChange) },
  responses: { 204: { description: 'Changed.' }, ...errors(400, 401) },
});

export const joinCohort = createRoute({
  method: 'post',
  path: '/cohorts',
  tags,
  summary: 'Join another cohort with its join code',
  request: { body: jsonBody(JoinCohort) },
  responses: { 200: json(Me, 'You, now in the cohort.'), ...errors(400, 401, 409) },
});
