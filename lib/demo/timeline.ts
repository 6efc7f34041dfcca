import { localToUtc, offsetAt, zoneClock, type ZoneClock } from "@/lib/zoned-time";
import type { Rng } from "./random";

/** One local calendar day of a project's timezone, as a half-open UTC range [start, end). */
export type DemoDay = {
  index: number;
  start: number;
  end: number;
  /** YYYY-MM-DD in the project's timezone. */
  date: string;
  year: number;
  /** 1–12 */
  month: number;
  dayOfMonth: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
};

const DAY_MS = 86_400_000;

function localMidnight(clock: ZoneClock, year: number, month: number, day: number): number {
  return localToUtc(clock, Date.UTC(year, month - 1, day));
}

/**
 * The local days that make up the demo period: the `length` calendar days of `timeZone` ending with the day that
 * contains `endDate`. The last day is cut at endDate, so no generated time can lie after it.
 */
export class Timeline {
  readonly days: DemoDay[];
  readonly start: number;
  /** endDate in ms; the last instant a generated row may carry. */
  readonly end: number;

  constructor(
    endDate: Date,
    readonly timeZone: string,
    length = 365,
  ) {
    const end = endDate.getTime();
    if (!Number.isFinite(end)) throw new Error("Invalid endDate");
    const format = zoneClock(timeZone);
    const local = new Date(end + offsetAt(format, end));
    const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
    this.days = [];
    let next = localMidnight(format, y, m + 1, d + 1 - length);
    for (let k = length - 1; k >= 0; k--) {
      const calendar = new Date(Date.UTC(y, m, d - k));
      const start = next;
      const after = new Date(Date.UTC(y, m, d - k + 1));
      next = localMidnight(format, after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate());
      this.days.push({
        index: this.days.length,
        start,
        end: k === 0 ? end + 1 : next,
        date: calendar.toISOString().slice(0, 10),
        year: calendar.getUTCFullYear(),
        month: calendar.getUTCMonth() + 1,
        dayOfMonth: calendar.getUTCDate(),
        weekday: calendar.getUTCDay(),
      });
    }
    this.start = this.days[0]!.start;
    this.end = end;
  }

  /** The day containing an instant, or undefined outside the period. */
  dayAt(ms: number): DemoDay | undefined {
    if (ms < this.start || ms > this.end) return undefined;
    // Days are 23–25 hours long, so the estimate is off by at most one or two.
    let i = Math.min(this.days.length - 1, Math.max(0, Math.floor((ms - this.start) / DAY_MS)));
    while (i > 0 && ms < this.days[i]!.start) i--;
    while (i < this.days.length - 1 && ms >= this.days[i]!.end) i++;
    return this.days[i];
  }

  /** A time within `day`, with the hour drawn from a local-hour profile. */
  timeIn(rng: Rng, day: DemoDay, hour: (rng: Rng) => number): number {
    const t = Math.floor(day.start + (hour(rng) + rng.next()) * 3_600_000);
    if (t < day.end) return t;
    // Short days (spring DST change, or the last day cut at endDate).
    return day.start + Math.floor(rng.next() * (day.end - day.start));
  }
}

export function buildTimeline(endDate: Date, timeZone: string, length = 365): Timeline {
  return new Timeline(endDate, timeZone, length);
}

export { DAY_MS };
