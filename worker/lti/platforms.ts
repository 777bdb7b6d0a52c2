/** The platforms institution admins register: who may launch into Cascade, and where to reach them. */
import { and, desc, eq } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client';
import { institutions, ltiPlatforms } from '../../db/schema';
import { audit } from '../audit';
import type { Acting } from '../context';
import { AppError, notFound } from '../errors';
import { isUniqueViolation } from '../lib/db-errors';
import type { NewPlatform, PlatformPatch } from '../routes/lti/lti.schemas';

export type Platform = typeof ltiPlatforms.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function platformView(p: Platform) {
  return {
    id: p.id,
    institutionId: p.institutionId,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    deploymentIds: p.deploymentIds,
    jwksUrl: p.jwksUrl,
    authUrl: p.authUrl,
    tokenUrl: p.tokenUrl,
    lastLaunchAt: iso(p.lastLaunchAt),
    lastError: p.lastErrorCode && p.lastErrorAt ? { code: p.lastErrorCode, message: p.lastErrorMessage ?? '', at: p.lastErrorAt.toISOString() } : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The addresses an admin types into the platform's tool registration. */
export function toolConfig(origin: string) {
  return {
    loginUrl: `${origin}/lti/login`,
    redirectUrl: `${origin}/lti/launch`,
    targetLinkUrl: `${origin}/lti/launch`,
    deepLinkingUrl: `${origin}/lti/launch`,
    jwksUrl: `${origin}/lti/jwks.json`,
    customParameters: 'course=<course id>\nlesson=<lesson id>',
  };
}

export async function getPlatform(db: Db, id: string): Promise<Platform> {
  const [row] = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id));
  if (!row) throw notFound('The LTI platform');
  return row;
}

export function listPlatforms(db: Db, institutionId: string) {
  return db.select().from(ltiPlatforms).where(eq(ltiPlatforms.institutionId, institutionId)).orderBy(desc(ltiPlatforms.createdAt));
}

const uniqueDeployments = (ids: readonly string[]) => [...new Set(ids.map((d) => d.trim()))];

async function clash(db: Db, issuer: string, clientId: string): Promise<AppError> {
  const [other] = await db
    .select({ name: ltiPlatforms.name, institution: institutions.name })
    .from(ltiPlatforms)
    .innerJoin(institutions, eq(institutions.id, ltiPlatforms.institutionId))
    .where(and(eq(ltiPlatforms.issuer, issuer), eq(ltiPlatforms.clientId, clientId)));
  return new AppError(
    409,
    'lti_platform_exists',
    `A platform with issuer ${issuer} and client id ${clientId} is already registered${other ? ` as "${other.name}" of ${other.institution}` : ''}. Edit that one instead.`,
    { fields: { 'body.clientId': 'Already registered with this issuer.' } },
  );
}

export async function registerPlatform(db: Db, by: Acting, input: z.infer<typeof NewPlatform>): Promise<Platform> {
  const id = crypto.randomUUID();
  const row = { ...input, id, deploymentIds: uniqueDeployments(input.deploymentIds), createdBy: by.actorId, createdAt: by.now, updatedAt: by.now };
  try {
    await db.batch([
      db.insert(ltiPlatforms).values(row),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'lti.platform_registered',
        institutionId: input.institutionId,
        subjectType: 'lti_platform',
        subjectId: id,
        detail: { name: input.name, issuer: input.issuer, clientId: input.clientId, deploymentIds: row.deploymentIds },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, 'lti_platforms')) throw await clash(db, input.issuer, input.clientId);
    throw err;
  }
  return getPlatform(db, id);
}

export async function updatePlatform(db: Db, by: Acting, platform: Platform, patch: z.infer<typeof PlatformPatch>): Promise<Platform> {
  const set = { ...patch, ...(patch.deploymentIds ? { deploymentIds: uniqueDeployments(patch.deploymentIds) } : {}), updatedAt: by.now };
  try {
    await db.batch([
      db.update(ltiPlatforms).set(set).where(eq(ltiPlatforms.id, platform.id)),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'lti.platform_updated',
        institutionId: platform.institutionId,
        subjectType: 'lti_platform',
        subjectId: platform.id,
        detail: { changed: Object.keys(patch) },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, 'lti_platforms')) throw await clash(db, patch.issuer ?? platform.issuer, patch.clientId ?? platform.clientId);
    throw err;
  }
  return getPlatform(db, platform.id);
}

/** Removes the registration. Accounts, cohorts and results stay; only the link to the platform goes. */
export async function removePlatform(db: Db, by: Acting, platform: Platform): Promise<void> {
  await db.batch([
    db.delete(ltiPlatforms).where(eq(ltiPlatforms.id, platform.id)),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'lti.platform_removed',
      institutionId: platform.institutionId,
      subjectType: 'lti_platform',
      subjectId: platform.id,
      detail: { name: platform.name, issuer: platform.issuer, clientId: platform.clientId },
    }),
  ]);
}

/** Keeps the latest refusal on the platform, so its admin sees what to fix without asking the learner. */
export function recordRefusal(db: Db, platformId: string, err: AppError, now: Date) {
  return db
    .update(ltiPlatforms)
    .set({ lastErrorCode: err.code, lastErrorMessage: err.message.slice(0, 500), lastErrorAt: now })
    .where(eq(ltiPlatforms.id, platformId));
}

/** The origins that may frame launch pages: the platform's own (its issuer) and its login page's. */
export function frameOrigins(p: Pick<Platform, 'issuer' | 'authUrl'>): string[] {
  return [...new Set([new URL(p.issuer).origin, new URL(p.authUrl).origin])];
}
