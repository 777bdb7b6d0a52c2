/**
 * `npm run bench:certificates`: bulk issue of 1,000 certificates to one cohort on the Node
 * entry's embedded database (budget: 10 s), next to the bare cost of signing 1,000 in the
 * same run, so the table shows what the database work adds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { dbFromLibsql } from '../db/client';
import { migrate } from '../db/migrate';
import { seedDemo } from '../db/seed-demo';
import { attempts, cohortMembers, cohorts, memberships, practicalAssessments, progressEvents, users } from '../db/schema';
import { buildCourses } from '../scripts/courses/build';
import { loadCourses } from '../scripts/courses/catalogue';
import { publishReleases } from '../worker/assessments/releases';
import type { CourseRelease } from '../worker/content/types';
import { buildCredential } from '../worker/certificates/credential';
import { importMasterKey, newMasterKeySecret, signingKeyFor } from '../worker/certificates/keyring';
import { signCredential } from '../worker/certificates/jwt';
import { issueToCohort } from '../worker/routes/certificates/certificates.service';
import { isMain, row, type BenchRow } from './table';

const LEARNERS = 1000;
export const BENCH_COURSE = 'victim-centred';

/** The built course releases, as `npm run build:courses` makes them, without writing files. */
export const builtReleases = () =>
  JSON.parse(new TextDecoder().decode(buildCourses(loadCourses('courses').courses).server.get('releases.json'))) as CourseRelease[];

/**
 * Adds `count` learners to a cohort who have done everything the certificate rule asks
 * (lessons completed, summative and practical passed), straight into the database.
 */
export async function addEligibleLearners(db: Db, opts: { count: number; cohort: { id: string; institutionId: string }; release: CourseRelease; scorerId: string; now: Date }) {
  const { cohort, release, now } = opts;
  const ids = Array.from({ length: opts.count }, () => crypto.randomUUID());
  for (let i = 0; i < ids.length; i += 50) {
    const part = ids.slice(i, i + 50);
    await db.batch([
      db.insert(users).values(part.map((id, k) => ({ id, username: `bench.${id.slice(0, 8)}.${i + k}`, displayName: `Learner ${i + k}`, passwordHash: 'x', createdAt: now, updatedAt: now }))),
      db.insert(memberships).values(part.map((userId) => ({ userId, institutionId: cohort.institutionId, role: 'learner' as const, createdAt: now }))),
      db.insert(cohortMembers).values(part.map((userId) => ({ cohortId: cohort.id, userId, role: 'learner' as const, joinedAt: now }))),
      ...part.map((userId) =>
        db.insert(progressEvents).values(release.lessons.map((lessonId) => ({ id: crypto.randomUUID(), userId, type: 'lesson.completed' as const, courseId: release.courseId, courseVersion: release.version, lessonId, occurredAt: now, receivedAt: now }))),
      ),
      db.insert(attempts).values(part.map((userId) => ({ userId, courseId: release.courseId, courseVersion: release.version, seed: 1, questions: [], startedAt: now, deadlineAt: now, submittedAt: now, status: 'graded' as const, points: 10, maxPoints: 10, passed: true }))),
      db.insert(practicalAssessments).values(part.map((learnerId) => ({ learnerId, institutionId: cohort.institutionId, courseId: release.courseId, courseVersion: release.version, scorerId: opts.scorerId, levels: {}, points: 18, passed: true, createdAt: now }))),
    ]);
  }
  return ids;
}

/** Bulk-issues 1,000 certificates and returns the rows for the bench table. */
export async function benchCertificates(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-certs-'));
  const client = createClient({ url: `file:${dir}/bench.db` });
  try {
    await client.execute('PRAGMA journal_mode = WAL');
    const db = dbFromLibsql(client);
    await migrate(db);
    const now = new Date();
    await seedDemo(db, now);
    const releases = builtReleases();
    await publishReleases(db, releases, now);
    const release = releases.find((r) => r.courseId === BENCH_COURSE)!;
    const [cohort] = await db.select().from(cohorts);
    const [trainer] = await db.select().from(users).where(eq(users.username, 'trainer'));
    // The demo learner is not eligible, so one is skipped, as in real cohorts.
    await addEligibleLearners(db, { count: LEARNERS, cohort: cohort!, release, scorerId: trainer!.id, now });

    const master = await importMasterKey(newMasterKeySecret());
    const key = await signingKeyFor(db, master, cohort!.institutionId, now);

    // Baseline: signing alone, no database.
    let started = performance.now();
    for (let i = 0; i < LEARNERS; i++) {
      await signCredential(
        buildCredential({
          learnerName: `Learner ${i}`,
          courseId: BENCH_COURSE,
          courseVersion: release.version,
          courseTitle: release.title,
          courseDescription: 'Bench',
          criteriaNarrative: 'Bench',
          issuer: { id: 'https://cascade.example.org/i', name: 'Academy' },
          trainer: { id: `urn:uuid:${trainer!.id}`, name: 'Trainer' },
          issuedAt: now,
          statusIndexes: { revocation: i, suspension: i },
          statusListUrls: { revocation: 'https://cascade.example.org/r', suspension: 'https://cascade.example.org/s' },
          baseUrl: 'https://cascade.example.org',
        }),
        key,
      );
    }
    const signOnly = (performance.now() - started) / 1000;

    started = performance.now();
    const result = await issueToCohort(db, master, { actorId: trainer!.id, now, requestId: 'bench' }, 'https://cascade.example.org', cohort!, BENCH_COURSE);
    const bulk = (performance.now() - started) / 1000;

    console.log(`\nBulk certificate issue, ${LEARNERS} eligible learners in one cohort, Node + embedded libSQL\n`);
    console.log('| figure | measured | budget |');
    console.log('| --- | --- | --- |');
    console.log(`| bulk issue (eligibility, status indexes, sign, store, audit) | **${bulk.toFixed(2)} s** (${result.issued.length} issued, ${result.skipped.length} skipped) | 10 s |`);
    console.log(`| baseline: build and sign only, no database | ${signOnly.toFixed(2)} s | |`);
    console.log(`| issue rate | ${(result.issued.length / bulk).toFixed(0)} certificates/s | ≥ 100/s |`);
    if (result.issued.length !== LEARNERS) throw new Error(`expected ${LEARNERS} certificates, issued ${result.issued.length}`);
    return [
      row('certificates', `bulk issue of ${LEARNERS} to one cohort`, bulk, 's', { max: 10 }, `build and sign only: ${signOnly.toFixed(2)} s`, `${(LEARNERS / bulk).toFixed(0)}/s`),
    ];
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await benchCertificates();
