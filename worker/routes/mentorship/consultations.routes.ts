import { createRoute, z } from '@hono/zod-openapi';
import { CASE_STAGES, OFFENCE_TYPES } from '../../../db/schema/enums';
import { Country, errors, json, jsonBody, Line, Timestamp, Uuid } from '../../schemas';

const Named = z.object({ id: z.string(), name: z.string().nullable() });
const ConsultationSummary = z
  .object({
    id: z.string(),
    role: z.enum(['author', 'mentor']),
    jurisdiction: z.string(),
    offenceType: z.string(),
    stage: z.string(),
    createdAt: z.string(),
    retainUntil: z.string(),
  })
  .openapi('ConsultationSummary');
const Consultation = z
  .object({
    id: z.string(),
    mine: z.boolean(),
    jurisdiction: z.string(),
    offenceType: z.string(),
    stage: z.string(),
    question: z.string(),
    createdAt: z.string(),
    retainUntil: z.string(),
    mentors: z.array(Named),
    replies: z.array(z.object({ id: z.string(), authorId: z.string().nullable(), author: z.string().nullable(), body: z.string(), createdAt: z.string() })),
  })
  .openapi('Consultation');

const tags = ['Consultations'];
const Confirmed = z
  .array(z.object({ kind: z.string().max(40), text: z.string().max(500) }))
  .max(50)
  .default([])
  .openapi({ description: 'Findings of the screening you confirm are not identifying, each by kind and exact text.' });
const Finding = z.object({ kind: z.string(), start: z.number(), end: z.number(), text: z.string(), explanation: z.string() });

export const Params = z.object({ consultationId: Uuid.openapi({ param: { name: 'consultationId', in: 'path' } }) });
export const NewConsultation = z
  .object({
    jurisdiction: Country,
    offenceType: z.enum(OFFENCE_TYPES),
    stage: z.enum(CASE_STAGES),
    question: Line(6000, 20),
    mentorIds: z.array(Uuid).min(1).max(5),
    retentionDays: z.union([z.literal(30), z.literal(90), z.literal(180)]).default(90),
    confirmed: Confirmed,
  })
  .openapi('NewConsultation');
export const NewReply = z.object({ body: Line(6000, 2), confirmed: Confirmed }).openapi('ConsultationReply');

export const screen = createRoute({
  method: 'post',
  path: '/screen',
  tags,
  summary: 'Check a text for details that could identify a person, before posting it (nothing is stored)',
  request: { body: jsonBody(z.object({ text: z.string().max(20_000) })) },
  responses: { 200: json(z.object({ findings: z.array(Finding) }), 'What was found, each with why and what to do.'), ...errors(400, 401) },
});
export const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Ask chosen mentors about a live case; refused (422) while any identifying detail is neither fixed nor confirmed',
  request: { body: jsonBody(NewConsultation) },
  responses: { 201: json(z.object({ id: z.string() }), 'Posted.'), ...errors(400, 401, 422) },
});
export const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Consultations you wrote or were asked to advise on (metadata only)',
  responses: { 200: json(z.object({ consultations: z.array(ConsultationSummary) }), 'Newest first.'), ...errors(401) },
});
export const get = createRoute({
  method: 'get',
  path: '/{consultationId}',
  tags,
  summary: 'A consultation and its replies (its author and chosen mentors only); the opening is logged',
  request: { params: Params },
  responses: { 200: json(Consultation, 'The consultation.'), ...errors(400, 401, 404) },
});
export const reply = createRoute({
  method: 'post',
  path: '/{consultationId}/replies',
  tags,
  summary: 'Reply in the thread (author and chosen mentors); screened like the question',
  request: { params: Params, body: jsonBody(NewReply) },
  responses: { 201: json(Consultation, 'The consultation with the reply.'), ...errors(400, 401, 404, 422) },
});
export const views = createRoute({
  method: 'get',
  path: '/{consultationId}/views',
  tags,
  summary: 'Who opened the consultation, and when (its author)',
  request: { params: Params },
  responses: { 200: json(z.object({ views: z.array(z.object({ viewer: z.string().nullable(), viewedAt: Timestamp })) }), 'Newest first.'), ...errors(400, 401, 403, 404) },
});
export const remove = createRoute({
  method: 'delete',
  path: '/{consultationId}',
  tags,
  summary: 'Delete it now rather than at the end of its retention (its author)',
  request: { params: Params },
  responses: { 204: { description: 'Deleted.' }, ...errors(400, 401, 403, 404) },
});
