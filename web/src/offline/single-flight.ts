/**
 * Runs `pass` one at a time. A call while a pass runs shares its promise and asks for one more
 * pass after it (what was added meanwhile goes too), while `more()` allows; `after` runs once the
 * last pass has ended, failed or not.
 */
export function singleFlight(pass: () => Promise<void>, more: () => boolean = () => true, after: () => Promise<unknown> = () => Promise.resolve()): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && more());
      } finally {
        running = null;
        await after();
      }
    })();
    return running;
  };
}
