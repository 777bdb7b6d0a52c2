/**
 * The closed vocabularies of the schema, without drizzle, so the web app can import
 * them at no cost to the bundle.
 */

export const SECTORS = [
  'police',
  'prosecution',
  'judiciary',
  'labour_inspection',
  'border',
  'financial_intelligence',
  'victim_support',
  'civil_society',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const LOCALES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export const INSTITUTION_KINDS = [
  'academy',
  'training_institute',
  'prosecution_service',
  'police',
  'judiciary',
  'labour_inspectorate',
  'ngo',
  'ministry',
  'other',
] as const;

/** Roles held within one institution. Programme admin is a user flag, not a membership. */
export const INSTITUTION_ROLES = [
  'learner',
  'trainer',
  'master_trainer',
  'mentor',
  'institution_admin',
] as const;
export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];

export const COHORT_STATUSES = ['open', 'closed'] as const;

export const COHORT_MEMBER_ROLES = ['learner', 'trainer'] as const;

/** What the learner's outbox reports: progress through lessons and answers to practice checks. */
export const PROGRESS_EVENT_TYPES = ['lesson.opened', 'lesson.completed', 'check.answered'] as const;
export type ProgressEventType = (typeof PROGRESS_EVENT_TYPES)[number];

export const ATTEMPT_STATUSES = ['open', 'pending_review', 'graded'] as const;
/** `certification` earns a first certificate; `refresher` renews one that is expiring or expired. */
export const ATTEMPT_PURPOSES = ['certification', 'refresher'] as const;
export type AttemptPurpose = (typeof ATTEMPT_PURPOSES)[number];
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export const CERTIFICATE_STATUSES = ['valid', 'suspended', 'revoked'] as const;
export type CertificateStatusValue = (typeof CERTIFICATE_STATUSES)[number];

/**
 * The train-the-trainer pathway, per course, in order: each level needs the one before it.
 * Certified and master trainers lead cohorts and issue certificates; master trainers qualify others.
 */
export const QUALIFICATION_LEVELS = ['candidate', 'co_facilitator', 'certified_trainer', 'master_trainer'] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];
export const QUALIFICATION_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

export const MENTOR_PROFILE_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type MentorProfileStatus = (typeof MENTOR_PROFILE_STATUSES)[number];
export const MENTORSHIP_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export const MENTORSHIP_STATUSES = ['active', 'closed'] as const;
export const MENTORING_CADENCES = ['weekly', 'fortnightly', 'monthly', 'as_needed'] as const;

export const OFFENCE_TYPES = ['trafficking_sexual', 'trafficking_labour', 'trafficking_other', 'smuggling', 'related_offence'] as const;
export const CASE_STAGES = ['identification', 'investigation', 'prosecution', 'trial', 'appeal', 'victim_support', 'other'] as const;

export const SPACE_KINDS = ['course', 'country', 'sector', 'womens_network'] as const;
export type SpaceKind = (typeof SPACE_KINDS)[number];
export const POST_FORMATS = ['plain', 'markdown'] as const;
