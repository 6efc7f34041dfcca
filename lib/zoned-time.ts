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
 * The instant of a wall-clock time. The second lookup corrects a guess made on the other side of a DST change; a
 * wall-clock time skipped by the change is read with the offset before it, as PostgreSQL's `AT TIME ZONE` does.
 */
export function localToUtc(clock: ZoneClock, localMs: number): number {
  return localMs - offsetAt(clock, localMs - offsetAt(clock, localMs));
}
