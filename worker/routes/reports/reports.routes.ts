import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import * as s from './reports.schemas';

const csv = { 'text/csv': { schema: z.string() } };

export const handover = createRoute({
  method: 'get',
  path: '/handover',
  tags: ['Reports'],
  summary: 'The handover dashboard: national trainers, who leads cohorts, the handover index, reach outside the capital, outcomes, adoption; any table as CSV',
  request: { query: s.HandoverQuery },
  responses: { 200: { description: 'The dashboard, or one table as CSV.', content: { ...json(s.Handover, '').content, ...csv } }, ...errors(400, 401, 403) },
});

export const learners = createRoute({
  method: 'get',
  path: '/learners',
  tags: ['Reports'],
  summary: 'Learner outcomes by gender, sector, location, institution or course, small cells suppressed; as JSON or CSV',
  request: { query: s.LearnersQuery },
  responses: { 200: { description: 'The table.', content: { ...json(s.LearnerReport, '').content, ...csv } }, ...errors(400, 401, 403) },
});

export const adoptions = createRoute({
  method: 'get',
  path: '/{institutionId}/adoptions',
  tags: ['Institutions'],
  summary: "Where the institution has embedded Cascade courses in its own programmes (its members)",
  request: { params: s.AdoptionParams },
  responses: { 200: json(z.object({ adoptions: z.array(s.Adoption) }), 'Newest year first.'), ...errors(400, 401, 403, 404) },
});

export const adopt = createRoute({
  method: 'post',
  path: '/{institutionId}/adoptions',
  tags: ['Institutions'],
  summary: 'Record that a course version is embedded in one of its programmes for a year (its admins)',
  request: { params: s.AdoptionParams, body: jsonBody(s.NewAdoption) },
  responses: { 201: json(s.Adoption, 'Recorded.'), ...errors(400, 401, 403, 404, 409) },
});

export const unadopt = createRoute({
  method: 'delete',
  path: '/{institutionId}/adoptions/{adoptionId}',
  tags: ['Institutions'],
  summary: 'Remove an adoption record (its admins)',
  request: { params: s.AdoptionItemParams },
  responses: { 204: { description: 'Removed.' }, ...errors(400, 401, 403, 404) },
});
