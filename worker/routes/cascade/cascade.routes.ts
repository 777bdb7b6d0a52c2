import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import * as s from './cascade.schemas';

const tags = ['Cascade'];

export const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: "Trainer qualifications, by person or course (staff; anyone sees their own)",
  request: { query: s.QualificationsQuery },
  responses: { 200: json(z.object({ qualifications: z.array(s.NamedQualification) }), 'Oldest first.'), ...errors(400, 401, 403) },
});

export const grant = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Grant a step of the trainer pathway, with evidence: candidates by their institution, co-facilitators by the lead trainer, certified and master trainers by a master trainer',
  request: { body: jsonBody(s.Grant) },
  responses: { 201: json(s.Qualification, 'Granted.'), 200: json(s.Qualification, 'Already held.'), ...errors(400, 401, 403, 404, 409) },
});

export const change = createRoute({
  method: 'post',
  path: '/{qualificationId}/status',
  tags,
  summary: "Suspend, reinstate or revoke a qualification, with a reason (the course's master trainers)",
  request: { params: s.QualificationParams, body: jsonBody(s.QualificationChange) },
  responses: { 200: json(s.Qualification, 'Changed.'), ...errors(400, 401, 403, 404, 409) },
});

export const lineage = createRoute({
  method: 'get',
  path: '/{courseId}/lineage',
  tags,
  summary: "Who trained whom in a course, back to the first trainers (staff)",
  request: { params: s.CourseParams },
  responses: { 200: json(s.Lineage, 'People by generation, and who qualified whom.'), ...errors(400, 401, 403) },
});

export const trainer = createRoute({
  method: 'get',
  path: '/{userId}',
  tags,
  summary: "A trainer's page: qualifications, cohorts delivered and how their learners did (staff)",
  request: { params: s.TrainerParams },
  responses: { 200: json(s.TrainerPage, 'The page.'), ...errors(400, 401, 403, 404) },
});

export const markExpert = createRoute({
  method: 'patch',
  path: '/{userId}',
  tags,
  summary: 'Mark a person as an international expert, or as national (programme admin)',
  request: { params: s.TrainerParams, body: jsonBody(s.ExpertChange) },
  responses: { 200: json(z.object({ id: z.string(), internationalExpert: z.boolean() }), 'Changed.'), ...errors(400, 401, 403, 404) },
});
