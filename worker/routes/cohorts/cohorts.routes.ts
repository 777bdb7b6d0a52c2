import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { Announcement, Board, Cohort, CohortChange, CohortMemberParams, CohortParams, JoinCodeRotation, NewAnnouncement, RosterImportQuery, RosterImportResult, ResetCode, RosterEntry } from './cohorts.schemas';

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

export const update = createRoute({
  method: 'patch',
  path: '/{cohortId}',
  tags,
  summary: "Change a cohort's details, courses or lead trainer (its institution's admins)",
  request: { params: CohortParams, body: jsonBody(CohortChange) },
  responses: { 200: json(Cohort, 'Changed.'), ...errors(400, 401, 403, 404, 409) },
});

export const rotateJoinCode = createRoute({
  method: 'post',
  path: '/{cohortId}/join-code',
  tags,
  summary: 'Replace the join code; the old one stops working at once (its trainers and admins)',
  request: { params: CohortParams, body: jsonBody(JoinCodeRotation) },
  responses: { 200: json(Cohort, 'The cohort with its new code.'), ...errors(400, 401, 403, 404, 409) },
});

export const addTrainer = createRoute({
  method: 'put',
  path: '/{cohortId}/trainers/{userId}',
  tags,
  summary: 'Add a co-facilitator: a trainer of the institution (its admins)',
  request: { params: CohortMemberParams },
  responses: { 200: json(Cohort, 'Added.'), ...errors(400, 401, 403, 404, 409) },
});

export const removeTrainer = createRoute({
  method: 'delete',
  path: '/{cohortId}/trainers/{userId}',
  tags,
  summary: 'Remove a co-facilitator (its admins)',
  request: { params: CohortMemberParams },
  responses: { 200: json(Cohort, 'Removed.'), ...errors(400, 401, 403, 404, 409) },
});

export const board = createRoute({
  method: 'get',
  path: '/{cohortId}/board',
  tags,
  summary: 'Progress board: each learner and course, who is stuck, who is ready to certify (its trainers and admins)',
  request: { params: CohortParams },
  responses: { 200: json(Board, 'The board.'), ...errors(400, 401, 403, 404) },
});

export const announcementsList = createRoute({
  method: 'get',
  path: '/{cohortId}/announcements',
  tags,
  summary: "The cohort's announcements, newest first (its members, trainers and admins)",
  request: { params: CohortParams },
  responses: { 200: json(z.object({ announcements: z.array(Announcement) }), 'Newest first.'), ...errors(400, 401, 403, 404) },
});

export const announce = createRoute({
  method: 'post',
  path: '/{cohortId}/announcements',
  tags,
  summary: 'Post an announcement to the cohort (its trainers and admins)',
  request: { params: CohortParams, body: jsonBody(NewAnnouncement) },
  responses: { 201: json(Announcement, 'Posted.'), ...errors(400, 401, 403, 404) },
});

export const importRoster = createRoute({
  method: 'post',
  path: '/{cohortId}/roster',
  tags,
  summary: 'Import learners from a CSV file: a row-by-row preview, or (commit=true) every accepted row at once or none (its trainers and admins)',
  request: {
    params: CohortParams,
    query: RosterImportQuery,
    body: { content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The spreadsheet saved as CSV, up to 10,000 rows and 2 MB.' },
  },
  responses: { 200: json(RosterImportResult, 'What was (or would be) imported, line by line.'), ...errors(400, 401, 403, 404, 409, 413, 422) },
});
