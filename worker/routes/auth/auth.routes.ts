import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../schemas';
import { Me } from '../me/me.schemas';
import { Login, Register, ResetWithCode } from './auth.schemas';

const tags = ['Accounts'];

export const register = createRoute({
  method: 'post',
  path: '/register',
  tags,
  summary: 'Create an account with a cohort join code or an invitation, and sign in',
  request: { body: jsonBody(Register) },
  responses: { 201: json(Me, 'The new account, signed in.'), ...errors(400, 409) },
});

export const login = createRoute({
  method: 'post',
  path: '/login',
  tags,
  summary: 'Sign in; replaces any session the request carried',
  request: { body: jsonBody(Login) },
  responses: { 200: json(Me, 'Signed in.'), ...errors(400, 401, 429) },
});

export const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags,
  summary: 'Sign out of this session',
  responses: { 204: { description: 'Signed out (also when there was no session).' } },
});

export const reset = createRoute({
  method: 'post',
  path: '/reset',
  tags,
  summary: "Set a new password with a trainer's one-time reset code, and sign in",
  request: { body: jsonBody(ResetWithCode) },
  responses: { 200: json(Me, 'Password changed; signed in.'), ...errors(400, 429) },
});
