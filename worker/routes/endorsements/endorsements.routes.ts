import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import * as s from './endorsements.schemas';

const tags = ['Endorsements'];

export const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: "The programme's endorsements of course versions, standing and withdrawn (public)",
  responses: { 200: json(z.object({ endorsements: z.array(s.Endorsement) }), 'Newest first.') },
});

export const endorse = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: "Endorse a course's current version, so its certificates carry the programme's signed endorsement (programme admin); idempotent",
  request: { body: jsonBody(s.EndorseRequest) },
  responses: { 201: json(s.Endorsement, 'Endorsed.'), 200: json(s.Endorsement, 'Already endorsed.'), ...errors(400, 401, 403, 404, 503) },
});

export const withdraw = createRoute({
  method: 'post',
  path: '/{endorsementId}/withdraw',
  tags,
  summary: 'Withdraw an endorsement: new certificates stop carrying it (programme admin)',
  request: { params: s.EndorsementParams, body: jsonBody(s.Withdraw) },
  responses: { 200: json(s.Endorsement, 'Withdrawn.'), ...errors(400, 401, 403, 404, 409) },
});
