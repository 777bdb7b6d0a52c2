import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import * as s from './assessments.schemas';

const tags = ['Assessments'];

export const scorePractical = createRoute({
  method: 'post',
  path: '/practicals',
  tags,
  summary: "Score a learner's practical against the course rubric (a trainer of the learner's institution)",
  request: { body: jsonBody(s.NewPractical) },
  responses: { 201: json(s.Practical, 'Scored.'), ...errors(400, 401, 403, 404, 409) },
});

export const getPractical = createRoute({
  method: 'get',
  path: '/practicals/{practicalId}',
  tags,
  summary: 'One practical assessment (the learner, or a trainer of the institution)',
  request: { params: s.PracticalParams },
  responses: { 200: json(s.Practical, 'The assessment.'), ...errors(400, 401, 403, 404) },
});

export const moderate = createRoute({
  method: 'post',
  path: '/practicals/{practicalId}/moderation',
  tags,
  summary: 'Moderate a practical score (a second trainer of the institution)',
  request: { params: s.PracticalParams, body: jsonBody(s.Moderation) },
  responses: { 200: json(s.Practical, 'Moderated.'), ...errors(400, 401, 403, 404, 409) },
});

export const scoreShortAnswer = createRoute({
  method: 'post',
  path: '/attempts/{attemptId}/scores',
  tags,
  summary: "Score a short answer in a learner's submitted attempt (a trainer of the learner's institution)",
  request: { params: s.AttemptParams, body: jsonBody(s.ShortAnswerScore) },
  responses: { 200: json(s.ScoredAttempt, 'The attempt now.'), ...errors(400, 401, 403, 404, 409) },
});

export const itemStats = createRoute({
  method: 'get',
  path: '/{courseId}/item-stats',
  tags,
  summary: 'Difficulty and discrimination of each summative question, to find weak ones (trainers)',
  request: { params: s.CourseParams, query: s.InstitutionQuery },
  responses: { 200: json(s.ItemStats, 'Statistics.'), ...errors(400, 401, 403, 404) },
});

export const eligibility = createRoute({
  method: 'get',
  path: '/{courseId}/eligibility',
  tags,
  summary: "What a learner still needs for the course's certificate (the learner, or their trainers)",
  request: { params: s.CourseParams, query: s.LearnerQuery },
  responses: { 200: json(s.Eligibility, 'Eligibility.'), ...errors(400, 401, 403, 404) },
});
