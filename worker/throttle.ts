import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { loginThrottle } from '../db/schema';
import { AppError } from './errors';

const WINDOW_MS = 15 * 60_000;

/** Failures allowed per window: few per account (guessing one password), more per address (shared office NAT). */
export const LIMITS = { account: 5, address: 50 } as const;

export interface ThrottleKeys {
  account: string;
  address: string | undefined;
}

const keysOf = (k: ThrottleKeys) => [`acct:${k.account}`, ...(k.address ? [`addr:${k.address}`] : [])];

/** Throws 429 if the account or the address has used up its failures for this window. */
export async function assertNotThrottled(db: Db, keys: ThrottleKeys, now: Date): Promise<void> {
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keysOf(keys)));
  for (const row of rows) {
    const limit = row.key.startsWith('acct:') ? LIMITS.account : LIMITS.address;
    const windowEnds = row.windowStart.getTime() + WINDOW_MS;
    if (row.failures >= limit && windowEnds > now.getTime()) {
      const seconds = Math.ceil((windowEnds - now.getTime()) / 1000);
      throw new AppError(
        429,
        'too_many_attempts',
        `Too many failed attempts. Wait ${Math.ceil(seconds / 60)} minutes and try again, or ask your trainer for a reset code.`,
        { headers: { 'Retry-After': String(seconds) } },
      );
    }
  }
}

/** Counts one failure against each key, starting a new window where the old one ended. */
export function recordFailure(db: Db, keys: ThrottleKeys, now: Date) {
  const stale = now.getTime() - WINDOW_MS;
  return db
    .insert(loginThrottle)
    .values(keysOf(keys).map((key) => ({ key, windowStart: now, failures: 1 })))
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`CASE WHEN ${loginThrottle.windowStart} <= ${stale} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${loginThrottle.windowStart} <= ${stale} THEN ${now.getTime()} ELSE ${loginThrottle.windowStart} END`,
      },
    });
}

/** A successful sign-in clears the account's count, not the address's. */
export function clearAccount(db: Db, account: string) {
  return db.delete(loginThrottle).where(inArray(loginThrottle.key, [`acct:${account}`]));
}
