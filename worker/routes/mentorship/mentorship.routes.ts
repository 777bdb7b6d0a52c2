import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { Certificate } from '../certificates/certificates.schemas';
import * as s from './mentorship.schemas';

const tags = ['Mentorship'];

export const myProfile = createRoute({
  tags,
  method: 'get', path: '/me', summary: 'Your mentor profile, if you have one',
  responses: { 200: json(z.object({ profile: s.Profile.nullable() }), 'Yours.'), ...errors(401) },
});
export const saveProfile = createRoute({
  tags,
  method: 'put', path: '/me', summary: 'Create or edit your mentor profile; a new one waits for an admin to approve it',
  request: { body: jsonBody(s.ProfileInput) },
  responses: { 200: json(s.Profile, 'Saved.'), ...errors(400, 401) },
});
export const pending = createRoute({
  tags,
  method: 'get', path: '/pending', summary: 'Mentor profiles waiting for your review (admins of their institution, programme admins)',
  responses: { 200: json(z.object({ profiles: z.array(s.PendingProfile) }), 'Waiting.'), ...errors(401, 403) },
});
export const review = createRoute({
  tags,
  method: 'post', path: '/{userId}/review', summary: 'Approve or reject a mentor profile (admins of their institution, programme admins)',
  request: { params: s.UserParams, body: jsonBody(s.Review) },
  responses: { 200: json(s.Profile, 'Reviewed.'), ...errors(400, 401, 403, 404) },
});
export const badgeRecord = createRoute({
  tags,
  method: 'get', path: '/{userId}/badge', summary: "A mentor's record towards the mentor Open Badge (the mentor, admins of their institution, programme admins)",
  request: { params: s.UserParams },
  responses: { 200: json(s.BadgeRecord, 'The record.'), ...errors(401, 403, 404) },
});
export const issueBadge = createRoute({
  tags,
  method: 'post', path: '/{userId}/badge', summary: 'Issue the mentor Open Badge through the certificate engine (an admin of the institution that issues it)',
  request: { params: s.UserParams, body: jsonBody(s.BadgeIssue) },
  responses: { 201: json(Certificate, 'Issued.'), 200: json(Certificate, 'Already issued.'), ...errors(400, 401, 403, 404, 409, 503) },
});
export const approved = createRoute({
  tags,
  method: 'get', path: '/', summary: 'Approved mentors by name, whatever their load: whom a consultation may ask',
  responses: { 200: json(z.object({ mentors: z.array(s.MentorCard) }), 'By name.'), ...errors(401) },
});
export const suggestions = createRoute({
  tags,
  method: 'post', path: '/suggestions', summary: 'Mentors ranked for what you need, each with the reasons for the match',
  request: { body: jsonBody(s.Needs) },
  responses: { 200: json(z.object({ suggestions: z.array(s.Suggestion) }), 'Best first.'), ...errors(400, 401) },
});

export const mine = createRoute({
  tags,
  method: 'get', path: '/', summary: 'Your requests (sent and received) and mentorships',
  responses: { 200: json(s.MyMentoring, 'Yours.'), ...errors(401) },
});
export const request = createRoute({
  tags,
  method: 'post', path: '/requests', summary: 'Ask a mentor to mentor you',
  request: { body: jsonBody(s.NewRequest) },
  responses: { 201: json(z.object({ id: z.string() }), 'Sent.'), ...errors(400, 401, 404, 409) },
});
export const respond = createRoute({
  tags,
  method: 'post', path: '/requests/{requestId}/response', summary: 'Accept, with the agreement, or decline a request (the mentor asked)',
  request: { params: s.RequestParams, body: jsonBody(s.Response) },
  responses: { 200: json(z.object({ mentorshipId: z.string().nullable() }), 'Answered.'), ...errors(400, 401, 404, 409) },
});
export const withdraw = createRoute({
  tags,
  method: 'post', path: '/requests/{requestId}/withdraw', summary: 'Withdraw your request before it is answered',
  request: { params: s.RequestParams },
  responses: { 204: { description: 'Withdrawn.' }, ...errors(400, 401, 404, 409) },
});
export const get = createRoute({
  tags,
  method: 'get', path: '/{mentorshipId}', summary: 'A mentorship and its session log (its two people only)',
  request: { params: s.MentorshipParams },
  responses: { 200: json(s.MentorshipView, 'The mentorship.'), ...errors(400, 401, 404) },
});
export const session = createRoute({
  tags,
  method: 'post', path: '/{mentorshipId}/sessions', summary: 'Log a session: date, duration, notes and next steps (either side)',
  request: { params: s.MentorshipParams, body: jsonBody(s.NewSession) },
  responses: { 201: json(s.MentorshipView, 'Logged.'), ...errors(400, 401, 404, 409) },
});
export const close = createRoute({
  tags,
  method: 'post', path: '/{mentorshipId}/close', summary: 'Close the mentorship with your feedback, or add your feedback once it is closed (either side)',
  request: { params: s.MentorshipParams, body: jsonBody(s.Closure) },
  responses: { 200: json(s.MentorshipView, 'Closed.'), ...errors(400, 401, 404) },
});

export const notifications = createRoute({
  tags,
  method: 'get', path: '/', summary: 'Your notifications, newest first, with the unread count',
  request: { query: s.NotificationsQuery },
  responses: { 200: json(s.Notifications, 'Yours.'), ...errors(400, 401) },
});
export const markRead = createRoute({
  tags,
  method: 'post', path: '/read', summary: 'Mark notifications as read (all, or those named)',
  request: { body: jsonBody(s.MarkRead) },
  responses: { 204: { description: 'Marked.' }, ...errors(400, 401) },
});
