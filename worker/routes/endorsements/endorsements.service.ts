import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { endorsements } from '../../../db/schema';
import { publishedRelease } from '../../assessments/attempts';
import { audit } from '../../audit';
import { achievementId } from '../../certificates/credential';
import { buildEndorsement } from '../../certificates/endorsement';
import { signCredential } from '../../certificates/jwt';
import { signingKeyFor } from '../../certificates/keyring';
import type { Acting } from '../../context';
import { AppError, notFound } from '../../errors';
import { isUniqueViolation } from '../../lib/db-errors';

/** The issuer id of the programme's key: it signs endorsements, never certificates. */
export const PROGRAMME_ISSUER = 'programme';
export const DEFAULT_PROGRAMME_NAME = 'Cascade programme';

type Endorsement = typeof endorsements.$inferSelect;

export const endorsementView = (e: Endorsement) => ({
  id: e.id,
  courseId: e.courseId,
  courseVersion: e.courseVersion,
  comment: e.comment,
  createdAt: e.createdAt.toISOString(),
  withdrawnAt: e.withdrawnAt?.toISOString() ?? null,
  credential: e.jwt,
});

async function standing(db: Db, courseId: string, courseVersion: string): Promise<Endorsement | undefined> {
  const [row] = await db
    .select()
    .from(endorsements)
    .where(and(eq(endorsements.courseId, courseId), eq(endorsements.courseVersion, courseVersion), isNull(endorsements.withdrawnAt)));
  return row;
}

/** The signed endorsement that certificates of this course version carry, if the programme endorses it. */
export async function endorsementJwtFor(db: Db, courseId: string, courseVersion: string): Promise<string | undefined> {
  return (await standing(db, courseId, courseVersion))?.jwt;
}

/** Endorses the course's current published version under the programme's key; once per version. */
export async function endorse(
  db: Db,
  master: CryptoKey,
  by: Acting,
  origin: string,
  programmeName: string,
  input: { courseId: string; comment?: string | undefined },
): Promise<{ endorsement: Endorsement; created: boolean }> {
  const release = await publishedRelease(db, input.courseId);
  const existing = await standing(db, release.courseId, release.version);
  if (existing) return { endorsement: existing, created: false };
  const id = crypto.randomUUID();
  const credential = buildEndorsement({
    id,
    endorser: { id: `${origin}/`, name: programmeName },
    achievementId: achievementId(origin, release.courseId, release.version),
    achievementName: release.title,
    ...(input.comment ? { comment: input.comment } : {}),
    validFrom: by.now,
  });
  const jwt = await signCredential(credential, await signingKeyFor(db, master, PROGRAMME_ISSUER, by.now));
  try {
    const [rows] = await db.batch([
      db
        .insert(endorsements)
        .values({ id, courseId: release.courseId, courseVersion: release.version, jwt, comment: input.comment ?? null, endorsedBy: by.actorId, createdAt: by.now })
        .returning(),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'endorsement.created',
        subjectType: 'endorsement',
        subjectId: id,
        detail: { courseId: release.courseId, courseVersion: release.version },
      }),
    ]);
    return { endorsement: rows[0]!, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await standing(db, release.courseId, release.version);
    if (!winner) throw err;
    return { endorsement: winner, created: false };
  }
}

export async function withdraw(db: Db, by: Acting, endorsementId: string, reason: string): Promise<Endorsement> {
  const [row] = await db.select().from(endorsements).where(eq(endorsements.id, endorsementId));
  if (!row) throw notFound('The endorsement');
  if (row.withdrawnAt) throw new AppError(409, 'already_withdrawn', 'This endorsement was already withdrawn.');
  const [rows] = await db.batch([
    db.update(endorsements).set({ withdrawnAt: by.now }).where(eq(endorsements.id, endorsementId)).returning(),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'endorsement.withdrawn',
      subjectType: 'endorsement',
      subjectId: endorsementId,
      detail: { courseId: row.courseId, courseVersion: row.courseVersion, reason },
    }),
  ]);
  return rows[0]!;
}

export const listEndorsements = (db: Db) => db.select().from(endorsements).orderBy(desc(endorsements.createdAt));
