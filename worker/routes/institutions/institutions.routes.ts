import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { Cohort, NewCohort } from '../cohorts/cohorts.schemas';
import {
  AuditEntry,
  AuditQuery,
  Grant,
  Institution,
  InstitutionParams,
  Invitation,
  Member,
  MemberParams,
  NewInstitution,
  NewInvitation,
} from './institutions.schemas';

const tags = ['Institutions'];

export const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create an institution (programme admin)',
  request: { body: jsonBody(NewInstitution) },
  responses: { 201: json(Institution, 'Created.'), ...errors(400, 401, 403, 409) },
});

export const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Institutions you belong to; all of them for a programme admin',
  responses: { 200: json(z.object({ institutions: z.array(Institution) }), 'The institutions.'), ...errors(401) },
});

export const get = createRoute({
  method: 'get',
  path: '/{institutionId}',
  tags,
  summary: 'One institution',
  request: { params: InstitutionParams },
  responses: { 200: json(Institution, 'The institution.'), ...errors(400, 401, 403, 404) },
});

export const members = createRoute({
  method: 'get',
  path: '/{institutionId}/members',
  tags,
  summary: 'Members and their roles (institution admin)',
  request: { params: InstitutionParams },
  responses: { 200: json(z.object({ members: z.array(Member) }), 'The members.'), ...errors(400, 401, 403, 404) },
});

export const grant = createRoute({
  method: 'post',
  path: '/{institutionId}/members',
  tags,
  summary: 'Give an existing account a role here (institution admin)',
  request: { params: InstitutionParams, body: jsonBody(Grant) },
  responses: { 201: json(Member, 'Granted.'), ...errors(400, 401, 403, 404, 409) },
});

export const revoke = createRoute({
  method: 'delete',
  path: '/{institutionId}/members/{membershipId}',
  tags,
  summary: 'Remove one role from a member (institution admin)',
  request: { params: MemberParams },
  responses: { 204: { description: 'Removed.' }, ...errors(400, 401, 403, 404, 409) },
});

export const invite = createRoute({
  method: 'post',
  path: '/{institutionId}/invitations',
  tags,
  summary: 'Create a single-use invitation with a role (institution admin)',
  request: { params: InstitutionParams, body: jsonBody(NewInvitation) },
  responses: { 201: json(Invitation, 'The invitation; its token is shown only now.'), ...errors(400, 401, 403, 404) },
});

export const createCohort = createRoute({
  method: 'post',
  path: '/{institutionId}/cohorts',
  tags,
  summary: 'Create a cohort with a join code (institution admin)',
  request: { params: InstitutionParams, body: jsonBody(NewCohort) },
  responses: { 201: json(Cohort, 'Created.'), ...errors(400, 401, 403, 404, 409) },
});

export const listCohorts = createRoute({
  method: 'get',
  path: '/{institutionId}/cohorts',
  tags,
  summary: "The institution's cohorts (admins and trainers)",
  request: { params: InstitutionParams },
  responses: { 200: json(z.object({ cohorts: z.array(Cohort) }), 'The cohorts.'), ...errors(400, 401, 403, 404) },
});

export const auditLog = createRoute({
  method: 'get',
  path: '/{institutionId}/audit',
  tags,
  summary: "The institution's audit log, newest first (institution admin)",
  request: { params: InstitutionParams, query: AuditQuery },
  responses: { 200: json(z.object({ entries: z.array(AuditEntry) }), 'Entries.'), ...errors(400, 401, 403, 404) },
});
