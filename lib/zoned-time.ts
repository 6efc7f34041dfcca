/**
 * Wall-clock arithmetic in an IANA time zone, on "local clock" milliseconds: epoch milliseconds whose UTC fields
 * are the wall-clock fields in the zone. Used by upload time parsing, cron schedules and the demo's calendar.
 */
export type ZoneClock = Intl.DateTimeFormat;

export function zoneClock(timeZone: string): ZoneClock {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
}

/** Offset (local − UTC) of the zone at the instant `utcMs`, in milliseconds. */
export function offsetAt(clock: ZoneClock, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of clock.formatToParts(new Date(utcMs))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant of a wall-clock time, as PostgreSQL's `timestamp AT TIME ZONE` resolves it, so that a time parsed here
 * and one converted in SQL agree: a wall-clock time skipped by a spring-forward change is read with the offset
 * before the change, and one that a fall-back change repeats is read as the later of the two.
 */
export function localToUtc(clock: ZoneClock, localMs: number): number {
  // The offsets in force a day before and a day after; no zone changes its offset twice within two days.
  const before = offsetAt(clock, localMs - DAY_MS);
  const after = offsetAt(clock, localMs + DAY_MS);
  if (before === after) return localMs - before;
  // Around a change: a reading is real when the zone has that offset at the instant it gives.
  const afterReal = offsetAt(clock, localMs - after) === after;
  if (afterReal) return localMs - after;
  return localMs - before;
}

const DAY_MS = 86_400_000;
