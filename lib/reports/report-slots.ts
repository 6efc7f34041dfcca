import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Report statements at a time: the pool's size less JOURNEYLENS_DB_RESERVED connections, which reports never take,
 * so that sign-ins, uploads and the pages' own reads always find one. A statement waits for a slot up to
 * JOURNEYLENS_DB_CONNECT_TIMEOUT_MS, then answers 503; a waiter whose client has gone stops waiting.
 */
let running = 0;
const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

const size = () => Math.max(1, env().JOURNEYLENS_DB_POOL - env().JOURNEYLENS_DB_RESERVED);

export async function withReportSlot<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (running < size()) running++;
  else {
    // A finished statement hands its slot to the first waiter, so the count never passes the size.
    await new Promise<void>((resolve, reject) => {
      const waiter = { resolve: () => (cleanup(), resolve()), reject: (error: Error) => (cleanup(), reject(error)) };
      const drop = (error: Error) => {
        const i = waiting.indexOf(waiter);
        if (i >= 0) waiting.splice(i, 1);
        waiter.reject(error);
      };
      const timer = setTimeout(
        () => drop(new AppError("busy", "Every connection reports may use is busy. Try again in a moment.")),
        env().JOURNEYLENS_DB_CONNECT_TIMEOUT_MS,
      );
      const onAbort = () => drop(new AppError("invalid", "The request was cancelled."));
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      signal?.addEventListener("abort", onAbort);
      waiting.push(waiter);
    });
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next.resolve();
    else running--;
  }
}

/** Slots taken and waiters: for tests and diagnostics. */
export const reportSlotUse = () => ({ running, waiting: waiting.length, size: size() });
