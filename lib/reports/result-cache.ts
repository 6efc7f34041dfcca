import "server-only";
import { env } from "@/lib/env";

/**
 * Finished report outputs, kept in the server process and keyed by the project's data version: every change to a
 * project's data bumps that version in the same transaction, so an entry can never be served for data that changed.
 * Reports without as_of depend on the clock too; their key holds the current minute. JOURNEYLENS_REPORT_CACHE=off
 * turns the cache off (benchmarks time cold queries that way); JOURNEYLENS_REPORT_CACHE_ENTRIES sets its size.
 */
const entries = new Map<string, unknown>();

const enabled = () => env().JOURNEYLENS_REPORT_CACHE;
const capacity = () => env().JOURNEYLENS_REPORT_CACHE_ENTRIES;

export function cacheKey(parts: { projectId: string; dataVersion: string; kind: string; params: unknown; asOf: string | undefined; now: Date }) {
  const clock = parts.asOf ? "" : parts.now.toISOString().slice(0, 16);
  return JSON.stringify([parts.projectId, parts.dataVersion, parts.kind, parts.params, clock]);
}

export async function cached<T>(key: string, compute: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
  if (!enabled()) return { value: await compute(), hit: false };
  if (entries.has(key)) {
    const value = entries.get(key) as T;
    // Re-inserted so the Map's order is least recently used first.
    entries.delete(key);
    entries.set(key, value);
    return { value, hit: true };
  }
  const value = await compute();
  entries.set(key, value);
  while (entries.size > capacity()) entries.delete(entries.keys().next().value!);
  return { value, hit: false };
}
