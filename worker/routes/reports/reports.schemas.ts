import { z } from '@hono/zod-openapi';
import { Country, Line, Slug, Uuid } from '../../schemas';
import { HANDOVER_TABLES } from '../../reports/handover';
import { DIMENSIONS } from '../../reports/learners';

const Scope = {
  institutionId: Uuid.optional().openapi({ description: 'One institution (its admins); otherwise programme admins only.' }),
  country: Country.optional().openapi({ description: 'Every institution of one country (programme admins).' }),
};
const Format = z.enum(['json', 'csv']).default('json');

export const HandoverQuery = z.object({ ...Scope, format: Format, table: z.enum(HANDOVER_TABLES).default('summary').openapi({ description: 'Which table, for CSV.' }) });
export const LearnersQuery = z.object({ ...Scope, by: z.enum(DIMENSIONS), format: Format });

const Count = z.number().nullable().openapi({ description: 'Null when fewer than 5 people (suppressed).' });
export const Handover = z
  .object({
    scope: z.object({ institutionId: z.string().nullable(), country: z.string().nullable() }),
    trainers: z.object({ national: Count, international: Count, byGender: z.array(z.object({ gender: z.string(), trainers: Count })) }),
    cohorts: z.array(z.object({ period: z.string(), ledByNational: z.number(), ledByInternational: z.number(), noLead: z.number() })),
    handover: z.object({
      index: z.number().nullable(),
      national: Count,
      international: Count,
      byPeriod: z.array(z.object({ period: z.string(), national: Count, international: Count, index: z.number().nullable() })),
    }),
    learners: z.object({ total: Count, outsideCapital: Count, outsideCapitalShare: z.number().nullable() }),
    outcomes: z.object({ enrolments: Count, completed: Count, completionRate: z.number().nullable(), attempted: Count, passed: Count, passRate: z.number().nullable() }),
    adoption: z.array(z.object({ institution: z.string(), country: z.string(), courseId: z.string(), courseVersion: z.string(), programme: z.string(), year: z.number() })),
  })
  .openapi('HandoverDashboard');

export const LearnerReport = z
  .object({
    by: z.enum(DIMENSIONS),
    rows: z.array(
      z.object({
        group: z.string(),
        learners: Count,
        enrolments: Count,
        completed: Count,
        passed: Count,
        certified: Count,
        completionRate: z.number().nullable(),
        passRate: z.number().nullable(),
      }),
    ),
  })
  .openapi('LearnerReport');

export const AdoptionParams = z.object({ institutionId: Uuid.openapi({ param: { name: 'institutionId', in: 'path' } }) });
export const AdoptionItemParams = AdoptionParams.extend({ adoptionId: Uuid.openapi({ param: { name: 'adoptionId', in: 'path' } }) });
export const NewAdoption = z
  .object({
    courseId: Slug,
    courseVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'Use the course version, e.g. 1.0.0.'),
    programme: Line(120, 3).openapi({ description: 'Your own programme that embeds it, e.g. "Basic police training".' }),
    year: z.number().int().min(2000).max(2100),
    note: Line(500).optional(),
  })
  .openapi('NewAdoption');
export const Adoption = z
  .object({ id: z.string(), institutionId: z.string(), courseId: z.string(), courseVersion: z.string(), programme: z.string(), year: z.number(), note: z.string().nullable(), createdAt: z.string() })
  .openapi('Adoption');
