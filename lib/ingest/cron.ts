import { localToUtc, offsetAt, zoneClock } from "@/lib/zoned-time";

/**
 * Five-field cron schedules (minute hour day-of-month month day-of-week), read in the project's time zone:
 * numbers, `*`, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`; day of week 0–7 with 0 and 7 Sunday; and the
 * shorthands @hourly, @daily, @weekly, @monthly. As in cron, when both day fields are restricted a day matching
 * either runs.
 */
export type Schedule = { minutes: Set<number>; hours: Set<number>; days: Set<number>; months: Set<number>; weekdays: Set<number>; dayOr: boolean };

const SHORTHANDS: Record<string, string> = { "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *" };
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

function field(text: string, spec: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a valid ${spec.name} (use numbers, *, a-b, */n or lists)`);
    const lo = m[1] === "*" ? spec.min : Number(m[2]);
    const hi = m[1] === "*" ? spec.max : m[3] !== undefined ? Number(m[3]) : m[4] ? spec.max : lo;
    const step = m[4] ? Number(m[4]) : 1;
    if (lo < spec.min || hi > spec.max || lo > hi || step < 1) throw new Error(`"${part}" is out of range for the ${spec.name} (${spec.min}–${spec.max})`);
    for (let v = lo; v <= hi; v += step) out.add(spec.name === "day of week" && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expression: string): Schedule {
  const text = SHORTHANDS[expression.trim()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`A schedule has five fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * *"; got "${expression}"`);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => field(p, FIELDS[i]!)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return { minutes, hours, days, months, weekdays, dayOr: parts[2] !== "*" && parts[4] !== "*" };
}

/**
 * The first wall-clock minute strictly after `afterLocal` that the schedule matches. Both are "local clock" times:
 * epoch milliseconds whose UTC fields are the wall-clock fields in the project's zone. Whole days and hours that
 * cannot match are skipped, so a search over a year takes a few thousand steps at most.
 */
export function nextLocalRun(schedule: Schedule, afterLocal: number): number {
  let t = Math.floor(afterLocal / 60_000) * 60_000 + 60_000;
  const limit = t + 4 * 366 * 86_400_000;
  while (t < limit) {
    const d = new Date(t);
    const dayOk = schedule.dayOr
      ? schedule.days.has(d.getUTCDate()) || schedule.weekdays.has(d.getUTCDay())
      : schedule.days.has(d.getUTCDate()) && schedule.weekdays.has(d.getUTCDay());
    if (!schedule.months.has(d.getUTCMonth() + 1) || !dayOk) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!schedule.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (schedule.minutes.has(d.getUTCMinutes())) return t;
    t += 60_000;
  }
  throw new Error("The schedule never runs (check the day and month fields)");
}

/** The next run after `after`, with the schedule read on the wall clock of `timeZone`. */
export function nextRun(schedule: Schedule, after: Date, timeZone: string): Date {
  const clock = zoneClock(timeZone);
  const localNow = after.getTime() + offsetAt(clock, after.getTime());
  const utc = localToUtc(clock, nextLocalRun(schedule, localNow));
  // A wall-clock time skipped by a DST change maps to just after the change; never schedule into the past.
  return new Date(Math.max(utc, after.getTime() + 60_000));
}
