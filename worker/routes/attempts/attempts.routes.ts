import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { Answer, AnswerParams, AttemptParams, AttemptSummary, AttemptsQuery, AttemptView, StartAttempt, Submit } from './attempts.schemas';

const tags = ['Assessments'];

export const start = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Start a summative attempt, or resume the open one; questions drawn on the server, no answer keys',
  request: { body: jsonBody(StartAttempt) },
  responses: { 200: json(AttemptView, 'The open attempt.'), ...errors(400, 401, 404, 409) },
});

export const get = createRoute({
  method: 'get',
  path: '/{attemptId}',
  tags,
  summary: 'One of your attempts, with saved answers and, once graded, the result',
  request: { params: AttemptParams },
  responses: { 200: json(AttemptView, 'The attempt.'), ...errors(400, 401, 404) },
});

export const answer = createRoute({
  method: 'put',
  path: '/{attemptId}/answers/{questionId}',
  tags,
  summary: 'Save an answer as it is given; allowed until the deadline plus a grace for slow links',
  request: { params: AnswerParams, body: jsonBody(Answer) },
  responses: { 204: { description: 'Saved.' }, ...errors(400, 401, 404, 409) },
});

export const submit = createRoute({
  method: 'post',
  path: '/{attemptId}/submit',
  tags,
  summary: 'Submit and grade; idempotent by submitId',
  request: { params: AttemptParams, body: jsonBody(Submit) },
  responses: { 200: json(AttemptView, 'The graded attempt.'), ...errors(400, 401, 404, 409) },
});

export const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your attempts at a course: used, allowed, any open one, and when a cool-down ends',
  request: { query: AttemptsQuery },
  responses: { 200: json(AttemptSummary, 'Your attempts.'), ...errors(400, 401, 404) },
});
