import { createSignal } from 'solid-js';
import { countEvents, countRejected, oldestEvents, settleEvents, type ProgressEvent, type UserDb } from './store';
import { singleFlight } from './single-flight';

/** The server's answer to one batch. */
export interface BatchResult {
  accepted: string[];
  rejected: Array<{ id: string; code: string; message: string }>;
}

/** Why a batch did not go through: no connection, the session ended, or the server failed. */
export class SyncFailure extends Error {
  constructor(readonly kind: 'offline' | 'signed-out' | 'server') {
    super(kind);
  }
}

export type SyncState = 'idle' | 'syncing' | 'offline' | 'signed-out' | 'error';

export interface SyncOptions {
  db: UserDb;
  /** Sends one batch; throws a `SyncFailure` when it did not go through. */
  post: (events: ProgressEvent[]) => Promise<BatchResult>;
  batchSize?: number;
  /** First retry delay; each failure doubles it, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The POST /api/progress/events limit is 100; 50 keeps a request small on a 2G link. */
export const BATCH_SIZE = 50;

/**
 * Drains one person's outbox to the server, batch by batch. Each batch's `accepted` list
 * is what gets deleted, so a sync cut off half-way resumes where it stopped, and a batch
 * sent twice is harmless (the server ignores ids it already has). Failures retry with
 * exponential backoff; `run()` is also called on start, on `online` and after each event.
 */
export function createSync(options: SyncOptions) {
  const { db, post } = options;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const baseDelay = options.baseDelayMs ?? 2_000;
  const maxDelay = options.maxDelayMs ?? 5 * 60_000;

  const [pending, setPending] = createSignal(0);
  const [state, setState] = createSignal<SyncState>('idle');
  const [rejectedCount, setRejectedCount] = createSignal(0);
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function refresh(): Promise<number> {
    const [n, refused] = await Promise.all([countEvents(db), countRejected(db)]);
    setPending(n);
    setRejectedCount(refused);
    return n;
  }

  // The person's other tabs share this outbox: each says when it wrote or settled events, so every
  // tab shows what waits, and a tab whose own tries failed stops saying "waiting" once another has sent it all.
  const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel(db.name) : undefined;
  if (tabs) {
    tabs.onmessage = () =>
      void refresh()
        .then((n) => {
          if (n === 0 && state() !== 'syncing') setState('idle');
        })
        .catch(() => 0);
  }

  /** Counts again after this tab changed the outbox, and tells the other tabs to. */
  function changed(): Promise<number> {
    tabs?.postMessage('changed');
    return refresh();
  }

  function retryLater(): void {
    // Full jitter keeps a classroom of phones from retrying in step when the link returns.
    const ceiling = Math.min(maxDelay, baseDelay * 2 ** failures);
    failures += 1;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async function drain(): Promise<void> {
    for (;;) {
      if (stopped) return;
      const batch = await oldestEvents(db, batchSize);
      if (batch.length === 0) {
        setState('idle');
        failures = 0;
        return;
      }
      setState('syncing');
      let result: BatchResult;
      try {
        result = await post(batch);
      } catch (err) {
        const kind = err instanceof SyncFailure ? err.kind : 'server';
        setState(kind === 'server' ? 'error' : kind);
        // Signed out: nothing to retry until the person signs in again (a new sync then).
        if (kind !== 'signed-out') retryLater();
        return;
      }
      await settleEvents(db, result.accepted, result.rejected);
      await changed();
      // A server that settles nothing would loop forever; wait and try again instead.
      if (result.accepted.length + result.rejected.length === 0) {
        setState('error');
        retryLater();
        return;
      }
    }
  }

  const drainAll = singleFlight(drain, () => !stopped, () => refresh().catch(() => 0));

  /** Syncs now (or right after the sync in progress); resolves when the outbox is empty or a batch failed. */
  function run(): Promise<void> {
    if (stopped) return Promise.resolve();
    clearTimeout(timer);
    return drainAll();
  }

  return {
    pending,
    state,
    rejectedCount,
    refresh,
    changed,
    run,
    /** A fresh start for the backoff, e.g. when the browser says the link is back. */
    resetBackoff(): void {
      failures = 0;
    },
    stop(): void {
      stopped = true;
      clearTimeout(timer);
      tabs?.close();
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
