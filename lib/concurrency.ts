/**
 * A cap on work at once: `size` runs at a time, then up to `maxWaiting` wait in turn (for at most `waitMs`, when set),
 * and past that the next is refused with `full()`. A finished run hands its place to the first waiter, so the count
 * never passes the cap. Argon2 runs, report statements and uploads each have one.
 */
export type SlotsOptions = {
  size: () => number;
  maxWaiting: number;
  full: () => Error;
  waitMs?: () => number;
  waitedTooLong?: () => Error;
  /** What a waiter whose signal is aborted fails with. */
  cancelled?: () => Error;
};

type Waiter = { start: () => void; fail: (error: Error) => void };

export class Slots {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: SlotsOptions) {}

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running < this.options.size()) this.running++;
    else if (this.waiting.length >= this.options.maxWaiting) throw this.options.full();
    else await this.wait(signal);
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running--;
    }
  }

  /** Waits for a place handed over; stops waiting when too long, or when `signal` says the caller has gone. */
  private wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const { waitMs, waitedTooLong, cancelled } = this.options;
      const timer = waitMs && waitedTooLong ? setTimeout(() => drop(waitedTooLong()), waitMs()) : undefined;
      const onAbort = () => drop(cancelled?.() ?? new Error("The request was cancelled."));
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        start: () => (cleanup(), resolve()),
        fail: (error) => (cleanup(), reject(error)),
      };
      const drop = (error: Error) => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        waiter.fail(error);
      };
      signal?.addEventListener("abort", onAbort);
      this.waiting.push(waiter);
    });
  }

  /** Runs now, and waiting: for tests and diagnostics. */
  get load() {
    return { running: this.running, waiting: this.waiting.length };
  }
}
