import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { curriculumAdoptions, trainerQualifications } from '../../../db/schema';

/**
 * Whether an institution runs its own exams for a course version, and so may hold the
 * summative pool with its answers: it has recorded its adoption of that version, and it has
 * an active certified or master trainer of the course, the people who may certify with it.
 * See docs/interop.md.
 */
export async function summativeRight(db: Db, institutionId: string, courseId: string, version: string) {
  const [adoption] = await db
    .select({ id: curriculumAdoptions.id })
    .from(curriculumAdoptions)
    .where(and(eq(curriculumAdoptions.institutionId, institutionId), eq(curriculumAdoptions.courseId, courseId), eq(curriculumAdoptions.courseVersion, version)))
    .limit(1);
  const [trainer] = await db
    .select({ id: trainerQualifications.id })
    .from(trainerQualifications)
    .where(
      and(
        eq(trainerQualifications.institutionId, institutionId),
        eq(trainerQualifications.courseId, courseId),
        inArray(trainerQualifications.level, ['certified_trainer', 'master_trainer']),
        eq(trainerQualifications.status, 'active'),
      ),
    )
    .limit(1);
  return { adopted: adoption !== undefined, certifies: trainer !== undefined };
}
