import { createRoute, z } from '@hono/zod-openapi';
import { errors } from '../../schemas';
import { CartridgeParams, CartridgeQuery } from './cartridge.schemas';

export const cartridge = createRoute({
  method: 'get',
  path: '/{courseId}/cartridge',
  tags: ['Courses'],
  summary: 'The course as an IMS Common Cartridge for an academy’s own LMS (institution admins); the summative pool only for institutions that run their own exams',
  request: { params: CartridgeParams, query: CartridgeQuery },
  responses: {
    200: { description: 'The cartridge (.imscc), a zip.', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errors(400, 401, 403, 404, 409, 503),
  },
});
