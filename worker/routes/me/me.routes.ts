import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { AccountDeletion, JoinCohort, Me, PasswordChange, ProfilePatch } from './me.schemas';

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

export const exportData = createRoute({
  method: 'get',
  path: '/export',
  tags,
  summary: 'Everything stored about you, as one JSON file to keep or take elsewhere',
  responses: { 200: json(z.object({ format: z.literal('cascade-personal-data/1'), exportedAt: z.string() }).loose(), 'Your data.'), ...errors(401) },
});

export const deleteAccount = createRoute({
  method: 'delete',
  path: '/',
  tags,
  summary: 'Delete your account and what is only yours; certificates you hold stay valid, posts stay without your name',
  request: { body: jsonBody(AccountDeletion) },
  responses: { 204: { description: 'Deleted; you are signed out.' }, ...errors(400, 401, 409) },
});

export const signOutEverywhere = createRoute({
  method: 'post',
  path: '/sessions/end',
  tags,
  summary: 'Sign out everywhere: end every session of yours, this one too (e.g. after losing a phone)',
  responses: { 204: { description: 'Every session ended.' }, ...errors(401) },
});
