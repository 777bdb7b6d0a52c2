import type { CASE_STAGES, MENTORING_CADENCES, OFFENCE_TYPES, SPACE_KINDS } from '../../../db/schema/enums';

/*
 * The schema's vocabularies these screens list, checked against it by type. Copies, because
 * db/schema/enums.ts sits in the learner's shell: each constant imported from it here would be
 * kept in the shell's chunk for everyone.
 */
export const CADENCES = ['weekly', 'fortnightly', 'monthly', 'as_needed'] as const satisfies typeof MENTORING_CADENCES;
export const OFFENCES = ['trafficking_sexual', 'trafficking_labour', 'trafficking_other', 'smuggling', 'related_offence'] as const satisfies typeof OFFENCE_TYPES;
export const STAGES = ['identification', 'investigation', 'prosecution', 'trial', 'appeal', 'victim_support', 'other'] as const satisfies typeof CASE_STAGES;
export const KINDS = ['course', 'country', 'sector', 'womens_network'] as const satisfies typeof SPACE_KINDS;
