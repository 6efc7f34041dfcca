import "server-only";
import { env } from "@/lib/env";

/**
 * Finished report outputs, kept in the server process and keyed by the project's data version: every change to a
 * project's data bumps that version in the same transaction, so an entry can never be served for data that changed.
 * The key holds the as_of a report reads at, given or defaulted to the end of the project's data (data-end.ts);
 * reports read up to now depend on the clock, and their key holds the current minute instead.
 *
 * Bounded by size: each entry is weighed by its JSON length when stored, the least recently used go first once the
 * total passes JOURNEYLENS_REPORT_CACHE_MB, and a result larger than a quarter of that is not kept at all.
 * JOURNEYLENS_REPORT_CACHE=off turns the cache off (benchmarks time cold queries that way).
 */
const entries = new Map<string, { value: unknown; bytes: number }>();
let totalBytes = 0;

const enabled = () => env().JOURNEYLENS_REPORT_CACHE;
const capacityBytes = () => env().JOURNEYLENS_REPORT_CACHE_MB * 1024 * 1024;

export function cacheKey(parts: { projectId: string; dataVersion: string; kind: string; params: unknown; asOf: string | undefined; now: Date }) {
  const moment = parts.asOf ?? parts.now.toISOString().slice(0, 16);
  return JSON.stringify([parts.projectId, parts.dataVersion, parts.kind, parts.params, moment]);
}

/**
 * Computations under way, by key: requests for the same report at the same moment share one run instead of each
 * starting its own. Without this, a dashboard open in fifty browsers asks for every tile fifty times at once each
 * time a minute turns (the key of a report without as_of holds the minute), and the server drowns in identical
 * statements.
 */
const inFlight = new Map<string, Promise<unknown>>();

export async function cached<T>(key: string, compute: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
  if (!enabled()) return { value: await compute(), hit: false };
  const found = entries.get(key);
  if (found) {
    // Re-inserted so the Map's order is least recently used first.
    entries.delete(key);
    entries.set(key, found);
    return { value: found.value as T, hit: true };
  }
  const running = inFlight.get(key);
  if (running) {
    try {
      return { value: (await running) as T, hit: true };
    } catch {
      // The shared run failed (its request was cancelled, say): this request runs its own below.
    }
  }
  const own = compute();
  inFlight.set(key, own);
  let value: T;
  try {
    value = await own;
  } finally {
    if (inFlight.get(key) === own) inFlight.delete(key);
  }
  // UTF-16 code units of the JSON: near enough to the bytes the value takes to weigh entries against each other.
  const bytes = JSON.stringify(value).length * 2 + key.length * 2;
  const capacity = capacityBytes();
  if (bytes <= capacity / 4) {
    entries.set(key, { value, bytes });
    totalBytes += bytes;
    for (const [oldest, entry] of entries) {
      if (totalBytes <= capacity) break;
      entries.delete(oldest);
      totalBytes -= entry.bytes;
    }
  }
  return { value, hit: false };
}

/** What the cache holds: for tests and diagnostics. */
export const cacheUsage = () => ({ entries: entries.size, bytes: totalBytes });
