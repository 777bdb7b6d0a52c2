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

const limitOf = (key: string) => (key.startsWith('acct:') ? LIMITS.account : LIMITS.address);

/** Takes back one count from each key (never below 0). */
const giveBack = (db: Db, keys: string[]) =>
  db
    .update(loginThrottle)
    .set({ failures: sql`max(${loginThrottle.failures} - 1, 0)` })
    .where(inArray(loginThrottle.key, keys));

/**
 * Counts this attempt as a failure against the account and the address *before* the password
 * is checked, in one statement that returns the new counts, and throws 429 if either is then
 * over its limit. Parallel attempts each get their own count, so at most LIMITS.account of
 * them reach a check; a read followed by a later increment let all of them through. A success
 * takes its count back (`attemptSucceeded`); so does a refusal, which is not a failure: hammering
 * a paused account does not use up its address. Counts only ever run ahead of the truth, so a
 * burst of more than LIMITS.address sign-ins at once from one address can see a 429.
 */
export async function takeAttempt(db: Db, keys: ThrottleKeys, now: Date): Promise<void> {
  const stale = now.getTime() - WINDOW_MS;
  const rows = await db
    .insert(loginThrottle)
    .values(keysOf(keys).map((key) => ({ key, windowStart: now, failures: 1 })))
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`CASE WHEN ${loginThrottle.windowStart} <= ${stale} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${loginThrottle.windowStart} <= ${stale} THEN ${now.getTime()} ELSE ${loginThrottle.windowStart} END`,
      },
    })
    .returning();
  const over = rows.filter((row) => row.failures > limitOf(row.key));
  if (over.length === 0) return;
  await giveBack(db, keysOf(keys));
  const seconds = Math.max(1, ...over.map((row) => Math.ceil((row.windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000)));
  throw new AppError(
    429,
    'too_many_attempts',
    `Too many failed attempts. Wait ${Math.ceil(seconds / 60)} minutes and try again, or ask your trainer for a reset code.`,
    { headers: { 'Retry-After': String(seconds) } },
  );
}

/** Statements for the success's batch: the account's count is cleared, and the address gets its attempt back. */
export function attemptSucceeded(db: Db, keys: ThrottleKeys) {
  return [
    db.delete(loginThrottle).where(inArray(loginThrottle.key, [`acct:${keys.account}`])),
    ...(keys.address ? [giveBack(db, [`addr:${keys.address}`])] : []),
  ];
}
