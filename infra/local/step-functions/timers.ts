/**
 * Waiting on the engine's scaled clock: every wait ends at once when its run is stopped (so
 * `close()` is prompt), and deadlines of any length work although a Node timer holds at most
 * about 24.8 days.
 */

/** The longest delay a Node timer holds (2^31 - 1 ms) — stay under it. */
const MAX_TIMER_MS = 2_000_000_000;

/** The run was stopped (StopExecution, its time-out, the engine closing) while this waited. */
export class Aborted extends Error {
  constructor() {
    super('The wait was cut short: the run stopped');
    this.name = 'Aborted';
  }
}

/** The deadline given to `within` passed first. */
export class DeadlinePassed extends Error {
  constructor() {
    super('The deadline passed');
    this.name = 'DeadlinePassed';
  }
}

/**
 * `work`'s outcome, unless the signal aborts first (Aborted) or the deadline passes (DeadlinePassed).
 * `work` may still settle later: its outcome is then dropped, never left unhandled.
 */
export function within<T>(work: Promise<T>, signal: AbortSignal, deadline = Infinity): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(new Aborted());
    };
    const arm = () => {
      if (deadline === Infinity) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        cleanup();
        reject(new DeadlinePassed());
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      // The platform's servers keep the process alive; a pending wait alone should not.
      timer.unref();
    };
    work.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}

/** Resolves at the deadline (real time, any length); rejects with Aborted if the signal aborts first. */
export async function sleepUntil(deadline: number, signal: AbortSignal): Promise<void> {
  try {
    // A promise of its own each time: reactions piled on a shared one would never be freed.
    await within(new Promise<never>(() => undefined), signal, deadline);
  } catch (error) {
    if (!(error instanceof DeadlinePassed)) throw error;
  }
}

/** A pause that never keeps the process alive nor rejects. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
