import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { CourseProgress, EventBatch, ProgressQuery, SyncResult } from './progress.schemas';

const tags = ['Progress'];

export const sync = createRoute({
  method: 'post',
  path: '/events',
  tags,
  summary: "Upload a batch from the learner's outbox; idempotent by event id",
  request: { body: jsonBody(EventBatch) },
  responses: { 200: json(SyncResult, 'What was stored and what never will be.'), ...errors(400, 401) },
});

export const get = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: "The signed-in learner's progress in one course, for another device to catch up",
  request: { query: ProgressQuery },
  responses: { 200: json(CourseProgress, 'Progress.'), ...errors(400, 401) },
});
