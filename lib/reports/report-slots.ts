import "server-only";
import { Slots } from "@/lib/concurrency";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Report statements at a time: the pool's size less JOURNEYLENS_DB_RESERVED connections, which reports never take,
 * so that sign-ins, uploads and the pages' own reads always find one. A statement waits for a slot up to
 * JOURNEYLENS_DB_CONNECT_TIMEOUT_MS, then answers 503; a waiter whose client has gone stops waiting.
 */
const size = () => Math.max(1, env().JOURNEYLENS_DB_POOL - env().JOURNEYLENS_DB_RESERVED);

const busy = () => new AppError("busy", "Every connection reports may use is busy. Try again in a moment.");

const slots = new Slots({
  size,
  maxWaiting: Number.POSITIVE_INFINITY,
  full: busy,
  waitMs: () => env().JOURNEYLENS_DB_CONNECT_TIMEOUT_MS,
  waitedTooLong: busy,
  cancelled: () => new AppError("invalid", "The request was cancelled."),
});

export function withReportSlot<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return slots.run(work, signal);
}

/** Slots taken and waiters: for tests and diagnostics. */
export const reportSlotUse = () => ({ ...slots.load, size: size() });
