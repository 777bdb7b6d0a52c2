/**
 * How the outboxes (scores for platforms' gradebooks, statements for learning record stores)
 * retry. A row is never dropped: it waits longer after each failure, up to six hours, and is
 * sent again until the other side takes it. While a drain sends a row it holds a lease on it,
 * so two drains at once (a cron tick and an admin's "send now") never send it twice.
 */
export const LEASE_MS = 2 * 60_000;
const FIRST_DELAY_MS = 60_000;
const LONGEST_DELAY_MS = 6 * 3_600_000;

/** The wait after the n-th failed attempt (n ≥ 1): one minute, doubling, at most six hours. */
export function retryDelay(attempts: number): number {
  return Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

/** At most this many rows a drain: the rest wait for the next one. */
export const DRAIN_LIMIT = 100;
