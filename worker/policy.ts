import type { Context } from 'hono';
import type { InstitutionRole } from '../db/schema';
import type { Actor, AppEnv } from './context';
import { AppError } from './errors';

/** The facts about the thing acted on that a rule may look at. */
export interface Scope {
  institutionId?: string;
  /** Trainers assigned to the cohort acted on. */
  cohortTrainerIds?: readonly string[];
  /**
   * The institution runs its own exams for the course acted on: it has recorded its adoption
   * of the course version and has an active certified or master trainer of the course.
   */
  runsOwnExams?: boolean;
}

type Rule = (actor: Actor, scope: Scope) => boolean;

const holds = (actor: Actor, scope: Scope, ...roles: InstitutionRole[]) =>
  scope.institutionId !== undefined &&
  actor.memberships.some((m) => m.institutionId === scope.institutionId && roles.includes(m.role));

const isAdmin: Rule = (a, s) => holds(a, s, 'institution_admin');
const trainsCohort: Rule = (a, s) =>
  holds(a, s, 'trainer', 'master_trainer') && (s.cohortTrainerIds ?? []).includes(a.userId);
const nobody: Rule = () => false;

/**
 * Every permission in Cascade. Programme admins may do everything; everyone else
 * only what a rule here grants. Anything not listed is denied.
 */
const RULES = {
  'institution.create': { rule: nobody, what: 'create institutions' },
  'institution.list_all': { rule: nobody, what: 'list every institution' },
  'institution.read': { rule: (a, s) => holds(a, s, ...ALL_ROLES), what: 'see this institution' },
  'membership.read': { rule: isAdmin, what: "see this institution's members" },
  'membership.manage': { rule: isAdmin, what: "manage this institution's members and roles" },
  'invitation.create': { rule: isAdmin, what: 'invite people to this institution' },
  'cohort.create': { rule: isAdmin, what: 'create cohorts in this institution' },
  'cohort.list': {
    rule: (a, s) => holds(a, s, 'institution_admin', 'trainer', 'master_trainer'),
    what: "list this institution's cohorts",
  },
  'cohort.roster': { rule: (a, s) => isAdmin(a, s) || trainsCohort(a, s), what: "see this cohort's roster" },
  'cohort.reset_code': {
    rule: (a, s) => isAdmin(a, s) || trainsCohort(a, s),
    what: "issue password reset codes to this cohort's members",
  },
  'cohort.manage': { rule: isAdmin, what: "change this cohort's details, lead and co-facilitators" },
  'cohort.teach': {
    rule: (a, s) => isAdmin(a, s) || trainsCohort(a, s),
    what: "run this cohort: its progress board, join code and announcements",
  },
  'cohort.import': { rule: (a, s) => isAdmin(a, s) || trainsCohort(a, s), what: "import this cohort's roster" },
  'adoption.manage': { rule: isAdmin, what: "record this institution's curriculum adoption" },
  'course.export': { rule: isAdmin, what: 'export courses for this institution’s own learning system' },
  'course.export_summative': {
    rule: (a, s) => isAdmin(a, s) && s.runsOwnExams === true,
    what: 'export the summative question pool and its answers for this institution',
  },
  'report.read': { rule: isAdmin, what: "read this institution's reports" },
  'report.read_all': { rule: nobody, what: 'read reports across institutions and countries' },
  'cascade.read': {
    rule: (a) => a.memberships.some((m) => m.role === 'trainer' || m.role === 'master_trainer' || m.role === 'institution_admin'),
    what: "see trainers' qualifications, lineage and pages",
  },
  'mentor.review': { rule: isAdmin, what: "approve mentor profiles of this institution's people" },
  'space.moderate_all': { rule: nobody, what: "appoint community moderators" },
  'people.manage': { rule: nobody, what: 'mark people as international experts' },
  'audit.read': { rule: isAdmin, what: "read this institution's audit log" },
  'integration.manage': {
    rule: isAdmin,
    what: "connect this institution's learning platforms (LTI) and learning record store (xAPI)",
  },
  'certificate.issue': {
    rule: (a, s) => holds(a, s, 'trainer', 'master_trainer'),
    what: "issue certificates to this institution's learners",
  },
  'course.endorse': { rule: nobody, what: "endorse or withdraw the programme's endorsement of a course" },
  'certificate.status': { rule: isAdmin, what: "revoke, suspend or reinstate this institution's certificates" },
  'learner.assess': {
    rule: (a, s) => holds(a, s, 'trainer', 'master_trainer'),
    what: "score and review assessments of this institution's learners",
  },
} satisfies Record<string, { rule: Rule; what: string }>;

const ALL_ROLES: InstitutionRole[] = ['learner', 'trainer', 'master_trainer', 'mentor', 'institution_admin'];

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

export function can(actor: Actor | null, action: Action, scope: Scope = {}): boolean {
  if (!actor) return false;
  if (actor.programmeAdmin) return true;
  return RULES[action].rule(actor, scope);
}

/** What a rule needs to know about another person's account. */
export interface Account {
  programmeAdmin: boolean;
  memberships: ReadonlyArray<{ institutionId: string; role: InstitutionRole }>;
}

/**
 * Whether the actor may hand out a reset code for `target`, acting in `institutionId`.
 * A reset code is the account itself, so it may only go to people who hold no power
 * beyond the actor's reach: trainers reset plain learners; institution admins reset
 * people whose roles above learner are all in their institution.
 */
export function mayResetAccount(actor: Actor, target: Account, institutionId: string): boolean {
  if (actor.programmeAdmin) return true;
  if (target.programmeAdmin) return false;
  const elevated = target.memberships.filter((m) => m.role !== 'learner');
  if (holds(actor, { institutionId }, 'institution_admin')) return elevated.every((m) => m.institutionId === institutionId);
  return elevated.length === 0;
}

/** Returns the signed-in actor, or throws 401 if there is none. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError(401, 'unauthenticated', 'Sign in to continue.');
  return actor;
}

/** Throws 401 for anonymous requests and 403 when the policy denies; returns the actor. */
export function authorize(c: Context<AppEnv>, action: Action, scope: Scope = {}): Actor {
  const actor = requireActor(c);
  if (!can(actor, action, scope)) {
    throw new AppError(403, 'forbidden', `Your roles do not allow you to ${RULES[action].what}.`);
  }
  return actor;
}
