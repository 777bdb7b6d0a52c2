/** Who a platform's user is in Cascade: linked by platform and `sub`, created on their first launch or roster sync. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ltiAccounts, users } from '../../db/schema';
import { LOCALES, type Locale } from '../../db/schema/enums';
import { chunks } from '../lib/chunks';
import { isUniqueViolation } from '../lib/db-errors';

/** What a platform says about a person, in a launch or a roster. */
export interface PlatformPerson {
  sub: string;
  name?: string | undefined;
  givenName?: string | undefined;
  familyName?: string | undefined;
  email?: string | undefined;
  locale?: string | undefined;
}

const CONTROL = /[\u0000-\u001f\u007f]/g;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Never a valid password hash (verifyPassword refuses any other scheme): these people sign in through their platform. */
export const NO_PASSWORD = 'lti$no-password';

async function hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function displayName(p: PlatformPerson): string {
  const name = (p.name || [p.givenName, p.familyName].filter(Boolean).join(' ')).replace(CONTROL, ' ').trim();
  return name.slice(0, 80) || 'Learner';
}

function localeOf(tag: string | undefined): Locale {
  const lang = tag?.slice(0, 2).toLowerCase();
  return LOCALES.includes(lang as Locale) ? (lang as Locale) : 'en';
}

async function newAccountRows(platformId: string, p: PlatformPerson, now: Date) {
  const userId = crypto.randomUUID();
  const email = p.email && EMAIL.test(p.email) && p.email.length <= 254 ? p.email : null;
  return {
    user: {
      id: userId,
      // Not derived from the person's name: the same name at two academies must not clash, and nothing personal is in it.
      username: `lti.${(await hex(`${platformId}\n${p.sub}`)).slice(0, 24)}`,
      displayName: displayName(p),
      email,
      locale: localeOf(p.locale),
      passwordHash: NO_PASSWORD,
      createdAt: now,
      updatedAt: now,
    },
    link: { platformId, sub: p.sub, userId, createdAt: now },
  };
}

async function linked(db: Db, platformId: string, subs: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...subs], 90)) {
    const rows = await db
      .select({ sub: ltiAccounts.sub, userId: ltiAccounts.userId })
      .from(ltiAccounts)
      .where(and(eq(ltiAccounts.platformId, platformId), inArray(ltiAccounts.sub, part)));
    for (const r of rows) found.set(r.sub, r.userId);
  }
  return found;
}

/**
 * The Cascade account of each person, creating those who have none. Two launches of a new person
 * at once may race: the loser's insert fails on the unique link, and it reads the winner's.
 */
export async function accountsFor(db: Db, platformId: string, people: readonly PlatformPerson[], now: Date): Promise<Map<string, string>> {
  const subs = [...new Set(people.map((p) => p.sub))];
  const found = await linked(db, platformId, subs);
  const missing = [...new Map(people.filter((p) => !found.has(p.sub)).map((p) => [p.sub, p])).values()];
  // A user row binds 10 parameters (defaults included) and a link 4: nine people keep each statement under D1's 100.
  for (const part of chunks(missing, 9)) {
    const rows = await Promise.all(part.map((p) => newAccountRows(platformId, p, now)));
    try {
      await db.batch([db.insert(users).values(rows.map((r) => r.user)), db.insert(ltiAccounts).values(rows.map((r) => r.link))]);
      for (const r of rows) found.set(r.link.sub, r.link.userId);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      for (const [sub, userId] of await linked(db, platformId, part.map((p) => p.sub))) found.set(sub, userId);
      const still = part.filter((p) => !found.has(p.sub));
      if (still.length) throw err;
    }
  }
  return found;
}

export async function accountFor(db: Db, platformId: string, person: PlatformPerson, now: Date): Promise<string> {
  const userId = (await accountsFor(db, platformId, [person], now)).get(person.sub);
  if (!userId) throw new Error('LTI account: not created');
  return userId;
}
