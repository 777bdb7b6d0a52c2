import { count } from 'drizzle-orm';
import type { Db } from './client';
import { cohortCourses, cohortMembers, cohorts, institutions, memberships, mentorProfiles, spaceMembers, spaces, trainerQualifications, users, type InstitutionRole } from './schema';
import { normaliseCode, randomCode } from '../worker/lib/crypto';
import { hashPassword } from '../worker/lib/password';

export interface DemoLogin {
  role: string;
  username: string;
  password: string;
}

export interface DemoSeed {
  logins: DemoLogin[];
  joinCode: string;
  institution: string;
  cohort: string;
}

const PEOPLE: Array<{ username: string; displayName: string; role: InstitutionRole | 'programme_admin'; gender: string }> = [
  { username: 'programme.admin', displayName: 'Programme Admin', role: 'programme_admin', gender: 'woman' },
  { username: 'academy.admin', displayName: 'Sita Gurung', role: 'institution_admin', gender: 'woman' },
  { username: 'trainer', displayName: 'Bikash Thapa', role: 'trainer', gender: 'man' },
  { username: 'mentor', displayName: 'Maya Rai', role: 'mentor', gender: 'woman' },
  { username: 'learner', displayName: 'Anil Shrestha', role: 'learner', gender: 'man' },
];

/**
 * Seeds a demo academy on an empty database and returns the logins, with fresh random
 * passwords so no known password ever ships. Returns null if the database has users.
 */
/** The core courses: the demo trainer is a certified trainer of each, so they can lead and certify. */
export const CORE_COURSES = ['financial-investigation', 'forensic-evidence', 'victim-centred', 'training-of-trainers'];

export async function seedDemo(db: Db, now: Date, courses: readonly string[] = CORE_COURSES): Promise<DemoSeed | null> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return null;

  const institutionId = crypto.randomUUID();
  const cohortId = crypto.randomUUID();
  const joinCode = randomCode(8);
  const people = await Promise.all(
    PEOPLE.map(async (p) => ({ ...p, id: crypto.randomUUID(), password: randomCode(12) })),
  );
  const rows = await Promise.all(
    people.map(async (p) => ({
      id: p.id,
      username: p.username,
      displayName: p.displayName,
      passwordHash: await hashPassword(p.password),
      programmeAdmin: p.role === 'programme_admin',
      country: 'NP',
      sector: p.role === 'learner' ? ('police' as const) : p.role === 'mentor' ? ('prosecution' as const) : null,
      region: 'Bagmati',
      inCapital: p.role !== 'learner',
      gender: p.gender,
      createdAt: now,
      updatedAt: now,
    })),
  );
  const admin = people[0]!;
  const trainer = people.find((p) => p.role === 'trainer')!;
  const learner = people.find((p) => p.role === 'learner')!;
  const mentor = people.find((p) => p.role === 'mentor')!;
  const countrySpaceId = crypto.randomUUID();
  const womenSpaceId = crypto.randomUUID();

  await db.batch([
    db.insert(users).values(rows),
    db.insert(institutions).values({
      id: institutionId,
      name: 'National Judicial and Police Academy (demo)',
      kind: 'academy',
      country: 'NP',
      createdBy: admin.id,
      createdAt: now,
    }),
    db.insert(memberships).values(
      people
        .filter((p) => p.role !== 'programme_admin')
        .map((p) => ({ userId: p.id, institutionId, role: p.role as InstitutionRole, grantedBy: admin.id, createdAt: now })),
    ),
    db.insert(cohorts).values({
      id: cohortId,
      institutionId,
      name: 'Financial investigation, Pokhara, spring cohort (demo)',
      joinCode: normaliseCode(joinCode),
      capacity: 40,
      region: 'Gandaki',
      inCapital: false,
      startsOn: now.toISOString().slice(0, 10),
      leadTrainerId: trainer.id,
      createdBy: admin.id,
      createdAt: now,
    }),
    db.insert(cohortMembers).values([
      { cohortId, userId: trainer.id, role: 'trainer', joinedAt: now },
      { cohortId, userId: learner.id, role: 'learner', joinedAt: now },
    ]),
    db.insert(cohortCourses).values({ cohortId, courseId: courses[0] ?? CORE_COURSES[0]! }),
    // Qualified by the programme: the demo trainer is one of the first trainers of the lineage.
    db.insert(trainerQualifications).values(
      courses.map((courseId) => ({
        userId: trainer.id,
        courseId,
        level: 'certified_trainer' as const,
        institutionId,
        grantedBy: admin.id,
        grantedAt: now,
        evidence: { cohortIds: [], observation: 'Demo data: qualified by the programme as one of the first trainers.' },
      })),
    ),
    // An approved mentor, so matching has someone to suggest from the first visit.
    db.insert(mentorProfiles).values({
      userId: mentor.id,
      status: 'approved',
      bio: 'Prosecutor for fifteen years, on trafficking and financial cases across the Nepal-India border; now mentors new prosecutors.',
      expertise: ['financial-investigation', 'victim-centred', 'prosecution'],
      languages: ['en', 'ne', 'hi'],
      jurisdictions: ['NP', 'IN'],
      capacity: 3,
      womensNetwork: true,
      reviewedBy: admin.id,
      reviewedAt: now,
      createdAt: now,
      updatedAt: now,
    }),
    // The country space and the women's network, with the demo mentor as their moderator; the
    // other standard spaces are created when the space list is first asked for.
    db.insert(spaces).values([
      { id: countrySpaceId, kind: 'country', key: 'NP', name: 'NP', optIn: false, createdAt: now },
      { id: womenSpaceId, kind: 'womens_network', key: 'women', name: "Women's network", optIn: true, createdAt: now },
    ]),
    db.insert(spaceMembers).values([
      { spaceId: countrySpaceId, userId: mentor.id, moderator: true, joinedAt: now },
      { spaceId: womenSpaceId, userId: mentor.id, moderator: true, joinedAt: now },
    ]),
  ]);
  return {
    logins: people.map((p) => ({ role: p.role, username: p.username, password: p.password })),
    joinCode,
    institution: 'National Judicial and Police Academy (demo)',
    cohort: 'Financial investigation, Pokhara, spring cohort (demo)',
  };
}

export function describeSeed(seed: DemoSeed, url: string): string {
  const width = Math.max(...seed.logins.map((l) => l.role.length));
  return [
    `Demo data created at ${url}`,
    `  Institution: ${seed.institution}`,
    `  Cohort:      ${seed.cohort}`,
    `  Join code:   ${seed.joinCode}  (register a new learner with it)`,
    '  Logins (role, username, password):',
    ...seed.logins.map((l) => `    ${l.role.padEnd(width)}  ${l.username.padEnd(16)}  ${l.password}`),
  ].join('\n');
}
