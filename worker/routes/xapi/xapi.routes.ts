import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { DeliveryResult, InstitutionParam, Lrs, LrsInput } from './xapi.schemas';

const tags = ['xAPI'];

export const get = createRoute({
  method: 'get',
  path: '/lrs/{institutionId}',
  tags,
  summary: "The institution's learning record store and its queue of statements",
  request: { params: InstitutionParam },
  responses: { 200: json(Lrs, 'The connection (null when none) and the queue.'), ...errors(400, 401, 403, 404) },
});

export const put = createRoute({
  method: 'put',
  path: '/lrs/{institutionId}',
  tags,
  summary: "Connect (or change) the institution's LRS: lessons completed, assessments passed and certificates issued are sent to it",
  request: { params: InstitutionParam, body: jsonBody(LrsInput) },
  responses: { 200: json(Lrs, 'Connected.'), ...errors(400, 401, 403, 404, 503) },
});

export const remove = createRoute({
  method: 'delete',
  path: '/lrs/{institutionId}',
  tags,
  summary: 'Disconnect the LRS; statements not yet sent are dropped',
  request: { params: InstitutionParam },
  responses: { 204: { description: 'Disconnected.' }, ...errors(400, 401, 403, 404) },
});

export const send = createRoute({
  method: 'post',
  path: '/lrs/{institutionId}/send',
  tags,
  summary: 'Send pending statements now instead of at their next retry',
  request: { params: InstitutionParam },
  responses: { 200: json(DeliveryResult, 'What was sent, and what still waits.'), ...errors(400, 401, 403, 404) },
});
