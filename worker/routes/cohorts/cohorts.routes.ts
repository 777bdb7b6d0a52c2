import { createRoute, z } from '@hono/zod-openapi';
import { errors, json } from '../../schemas';
import { CohortMemberParams, CohortParams, ResetCode, RosterEntry } from './cohorts.schemas';

const tags = ['Cohorts'];

export const roster = createRoute({
  method: 'get',
  path: '/{cohortId}/members',
  tags,
  summary: "The cohort's learners and trainers (its trainers and institution admins)",
  request: { params: CohortParams },
  responses: { 200: json(z.object({ members: z.array(RosterEntry) }), 'The roster.'), ...errors(400, 401, 403, 404) },
});

export const resetCode = createRoute({
  method: 'post',
  path: '/{cohortId}/members/{userId}/reset-code',
  tags,
  summary: 'Issue a one-time password reset code to a member (its trainers and institution admins)',
  request: { params: CohortMemberParams },
  responses: { 201: json(ResetCode, 'The code, valid for 24 hours.'), ...errors(400, 401, 403, 404) },
});
