import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { CheckResult, ContextList, ContextParam, InstitutionQuery, NewPlatform, Platform, PlatformList, PlatformParam, PlatformPatch, RosterResult, ToolConfig } from './lti.schemas';

const tags = ['LTI'];

export const tool = createRoute({
  method: 'get',
  path: '/tool',
  tags,
  summary: "The addresses to enter in a platform's tool registration (login, redirect, keys, deep linking)",
  security: [],
  responses: { 200: json(ToolConfig, 'The tool configuration for this deployment.') },
});

export const list = createRoute({
  method: 'get',
  path: '/platforms',
  tags,
  summary: "An institution's registered LTI platforms",
  request: { query: InstitutionQuery },
  responses: { 200: json(PlatformList, 'The platforms.'), ...errors(400, 401, 403, 404) },
});

export const create = createRoute({
  method: 'post',
  path: '/platforms',
  tags,
  summary: "Register an academy's platform (Moodle, Canvas, …) so it can launch learners into Cascade",
  request: { body: jsonBody(NewPlatform) },
  responses: { 201: json(Platform, 'Registered.'), ...errors(400, 401, 403, 404, 409) },
});

export const update = createRoute({
  method: 'patch',
  path: '/platforms/{platformId}',
  tags,
  summary: "Change a platform's registration, e.g. add a deployment id",
  request: { params: PlatformParam, body: jsonBody(PlatformPatch) },
  responses: { 200: json(Platform, 'Changed.'), ...errors(400, 401, 403, 404, 409) },
});

export const remove = createRoute({
  method: 'delete',
  path: '/platforms/{platformId}',
  tags,
  summary: 'Remove a platform: it can no longer launch; accounts, cohorts and results stay',
  request: { params: PlatformParam },
  responses: { 204: { description: 'Removed.' }, ...errors(401, 403, 404) },
});

export const check = createRoute({
  method: 'post',
  path: '/platforms/{platformId}/check',
  tags,
  summary: "Try the platform's keys and token endpoint now, and say what is wrong",
  request: { params: PlatformParam },
  responses: { 200: json(CheckResult, 'What works and what does not.'), ...errors(401, 403, 404) },
});

export const contexts = createRoute({
  method: 'get',
  path: '/platforms/{platformId}/contexts',
  tags,
  summary: "The platform's courses that launched into Cascade: cohorts, links, learners and gradebook deliveries",
  request: { params: PlatformParam },
  responses: { 200: json(ContextList, 'The courses.'), ...errors(401, 403, 404) },
});

export const sendScores = createRoute({
  method: 'post',
  path: '/platforms/{platformId}/scores/send',
  tags,
  summary: "Send the platform's pending scores now instead of at their next retry",
  request: { params: PlatformParam },
  responses: { 200: json(z.object({ sent: z.number().int(), failed: z.number().int() }), 'What was sent.'), ...errors(401, 403, 404) },
});

export const roster = createRoute({
  method: 'post',
  path: '/contexts/{contextId}/roster',
  tags,
  summary: "Bring the cohort in line with the platform course's roster (Names and Role Provisioning)",
  request: { params: ContextParam },
  responses: { 200: json(RosterResult, 'Synced.'), ...errors(401, 403, 404, 409) },
});
