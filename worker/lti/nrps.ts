/**
 * Names and Role Provisioning Services 2.0: reads a platform course's roster and makes the
 * context's cohort match it. Active learners get an account and a seat; learners this platform
 * placed who have left the roster (or are inactive there) lose the seat, never their account or results.
 */
import { and, eq, inArray } from 'drizzle-orm';
import * as z from 'zod';
import type { Db } from '../../db/client';
import { cohortMembers, ltiAccounts, ltiContexts, ltiPlatforms } from '../../db/schema';
import { AppError, notFound } from '../errors';
import { chunks } from '../lib/chunks';
import { placementWrites } from '../routes/cohorts/join';
import { accountsFor, type PlatformPerson } from './accounts';
import { isLearner, SCOPE } from './claims';
import { platformToken } from './oauth';
import { OutboundError, send, snippet, type Outbound } from './outbound';

const MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
const MAX_PAGES = 50;

const Member = z.looseObject({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string()).default([]),
  status: z.string().optional(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
});
const Container = z.looseObject({ members: z.array(z.unknown()) });

/** RFC 8288: the `rel="next"` target of a Link header, if any. */
function nextLink(header: string | null): string | undefined {
  for (const part of header?.split(',') ?? []) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

async function readRoster(out: Outbound, url: string, token: string) {
  const members: Array<z.infer<typeof Member>> = [];
  let next: string | undefined = url;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const res = await send(out, next, { headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE } });
    if (!res.ok) throw new OutboundError(next, `The platform refused its roster (HTTP ${res.status}: ${await snippet(res)}).`, res.status);
    const body = Container.safeParse(await res.json().catch(() => null));
    if (!body.success) throw new OutboundError(next, 'The platform answered with something that is not a membership container.');
    for (const m of body.data.members) {
      const parsed = Member.safeParse(m);
      if (parsed.success) members.push(parsed.data);
    }
    next = nextLink(res.headers.get('link'));
  }
  return members;
}

export async function syncRoster(db: Db, out: Outbound, contextRowId: string, now: Date) {
  const [found] = await db
    .select({ context: ltiContexts, platform: ltiPlatforms })
    .from(ltiContexts)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiContexts.platformId))
    .where(eq(ltiContexts.id, contextRowId));
  if (!found) throw notFound('The platform course');
  const { context, platform } = found;
  if (!context.membershipsUrl) {
    throw new AppError(
      409,
      'lti_no_roster',
      `${platform.name} has not offered its roster for "${context.title}". Allow the tool to share the roster (Names and Role Provisioning) in the platform, then launch once from that course.`,
    );
  }
  if (!context.cohortId) throw new AppError(409, 'lti_no_cohort', `"${context.title}" has no cohort any more; launch once from that course to make a new one.`);
  const cohortId = context.cohortId;
  let members;
  try {
    const token = await platformToken(db, out, platform, [SCOPE.memberships], now);
    members = await readRoster(out, context.membershipsUrl, token);
  } catch (err) {
    const why = err instanceof OutboundError || err instanceof AppError ? err.message : String(err);
    await db.update(ltiContexts).set({ rosterError: why.slice(0, 500) }).where(eq(ltiContexts.id, context.id));
    throw new AppError(502, 'lti_roster_failed', `Could not read the roster of "${context.title}": ${why}`);
  }

  const active = members.filter((m) => (m.status ?? 'Active') === 'Active' && isLearner(m.roles));
  const people: PlatformPerson[] = active.map((m) => ({ sub: m.user_id, name: m.name, givenName: m.given_name, familyName: m.family_name, email: m.email }));
  const accounts = await accountsFor(db, platform.id, people, now);
  const keep = new Set(accounts.values());
  const seated = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .innerJoin(ltiAccounts, and(eq(ltiAccounts.userId, cohortMembers.userId), eq(ltiAccounts.platformId, platform.id)))
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.role, 'learner')));
  const already = new Set(seated.map((s) => s.userId));
  const gone = seated.map((s) => s.userId).filter((id) => !keep.has(id));
  const writes = [
    ...[...keep].flatMap((userId) => placementWrites(db, { institutionId: platform.institutionId, cohortId, userId, role: 'learner', grantedBy: null }, now)),
    ...chunks(gone, 90).map((part) => db.delete(cohortMembers).where(and(eq(cohortMembers.cohortId, cohortId), inArray(cohortMembers.userId, part)))),
  ];
  for (const part of chunks(writes, 200)) await db.batch([db.update(ltiContexts).set({ rosterSyncedAt: now, rosterError: null }).where(eq(ltiContexts.id, context.id)), ...part]);
  if (writes.length === 0) await db.update(ltiContexts).set({ rosterSyncedAt: now, rosterError: null }).where(eq(ltiContexts.id, context.id));
  return { members: members.length, added: [...keep].filter((id) => !already.has(id)).length, removed: gone.length, learners: keep.size };
}
