import { z } from '@hono/zod-openapi';
import { CC_VERSIONS } from '../../interop/cartridge/profile';
import { Locale, Slug, Uuid } from '../../schemas';

export const CartridgeParams = z.object({ courseId: Slug.openapi({ param: { name: 'courseId', in: 'path' } }) });

export const CartridgeQuery = z.object({
  institutionId: Uuid.optional().openapi({ description: 'The institution exporting (its admins); programme admins may leave it out.' }),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'Give a version like 1.0.0.')
    .optional()
    .openapi({ description: 'The course version; the one built on this server if left out.' }),
  lang: Locale.default('en').openapi({ description: 'The language of the lessons and checks; lessons not yet translated come in English, flagged.' }),
  include: z.enum(['summative']).optional().openapi({ description: 'Add the summative pool and its answers (institutions that run their own exams).' }),
  cc: z.enum(CC_VERSIONS).default('1.3').openapi({ description: 'Common Cartridge version: 1.3, or 1.1 for Moodle’s course restore.' }),
});
