import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { courseReleases } from '../../db/schema';
import type { CourseRelease } from '../content/types';

/**
 * Records built course versions. A version is published once: if its content changed
 * without a new version number, the stored one stands and the clash is reported, since
 * attempts and certificates already point at it.
 */
export async function publishReleases(db: Db, releases: readonly CourseRelease[], now: Date) {
  // One read first: an isolate or server that starts with nothing new writes nothing.
  const stored = new Map(
    (await db.select({ courseId: courseReleases.courseId, version: courseReleases.version, contentHash: courseReleases.contentHash }).from(courseReleases)).map(
      (r) => [`${r.courseId}@${r.version}`, r.contentHash],
    ),
  );
  const published: string[] = [];
  const clashes: string[] = [];
  for (const r of releases) {
    const key = `${r.courseId}@${r.version}`;
    const hash = stored.get(key);
    if (hash !== undefined) {
      if (hash !== r.contentHash) clashes.push(key);
      continue;
    }
    await db
      .insert(courseReleases)
      .values({ courseId: r.courseId, version: r.version, contentHash: r.contentHash, release: r as unknown as Record<string, unknown>, publishedAt: now })
      .onConflictDoNothing();
    published.push(key);
  }
  return { published, clashes };
}

/** The newest published version of a course, or a named one. */
export async function findRelease(db: Db, courseId: string, version?: string): Promise<CourseRelease | undefined> {
  const [row] = await db
    .select({ release: courseReleases.release })
    .from(courseReleases)
    .where(version ? and(eq(courseReleases.courseId, courseId), eq(courseReleases.version, version)) : eq(courseReleases.courseId, courseId))
    .orderBy(desc(courseReleases.publishedAt))
    .limit(1);
  return row?.release as CourseRelease | undefined;
}
