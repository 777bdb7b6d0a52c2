import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import * as s from './certificates.schemas';

const tags = ['Certificates'];

export const issue = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: "Issue a learner's certificate once they are eligible (a trainer of the institution); idempotent",
  request: { body: jsonBody(s.IssueRequest) },
  responses: { 201: json(s.Certificate, 'Issued.'), 200: json(s.Certificate, 'Already issued.'), ...errors(400, 401, 403, 404, 409, 503) },
});

export const bulk = createRoute({
  method: 'post',
  path: '/bulk',
  tags,
  summary: "Issue to every eligible learner of a cohort (one of the cohort's trainers)",
  request: { body: jsonBody(s.BulkIssueRequest) },
  responses: { 200: json(s.BulkIssueResult, 'What was issued, and why the others were not.'), ...errors(400, 401, 403, 404, 503) },
});

export const mine = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your certificates, with their signed credentials',
  responses: { 200: json(z.object({ certificates: z.array(s.MyCertificate) }), 'Yours, oldest first.'), ...errors(401) },
});

export const status = createRoute({
  method: 'post',
  path: '/{certificateId}/status',
  tags,
  summary: 'Revoke (permanently), suspend or reinstate, with a reason (an admin of the issuing institution)',
  request: { params: s.CertificateParams, body: jsonBody(s.StatusChange) },
  responses: { 200: json(s.Certificate, 'Changed.'), ...errors(400, 401, 403, 404, 409) },
});

export const verify = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Verify a certificate by id or pasted credential: signature, issuer, dates and current status (public)',
  request: { body: jsonBody(s.VerifyRequest) },
  responses: { 200: json(s.Verification, 'The verdict.'), ...errors(400) },
});

export const statusList = createRoute({
  method: 'get',
  path: '/{institutionId}/{purpose}',
  tags,
  summary: "An issuer's signed Bitstring Status List credential (public, cacheable)",
  request: { params: s.StatusListParams },
  responses: { 200: { description: 'A VC-JOSE JWT (application/vc+jwt).' }, ...errors(400, 404, 503) },
});

export const offlineBundle = createRoute({
  method: 'get',
  path: '/offline',
  tags,
  summary: "Every issuer's public keys and signed status lists, for verifying QR codes offline (public, cacheable)",
  responses: { 200: json(s.OfflineBundle, 'The bundle a verifier caches.'), ...errors(503) },
});
