import { weighted, type Rng } from "./random";
import type { DemoDay, Timeline } from "./timeline";

/** Shapes shared by the demo datasets: growth over the year, weekday and hour-of-day profiles. */

/** Rises smoothly from 1 on the first day to `factor` on the last. */
export function growth(timeline: Timeline, day: DemoDay, factor: number): number {
  return Math.pow(factor, day.index / Math.max(1, timeline.days.length - 1));
}

/** Multiplier per weekday, Sunday first. */
export function weekdayFactor(day: DemoDay, bySunday: readonly number[]): number {
  return bySunday[day.weekday] ?? 1;
}

/** Multiplier per month, January first. */
export function monthFactor(day: DemoDay, byMonth: readonly number[]): number {
  return byMonth[day.month - 1] ?? 1;
}

/** True when the day lies within [from, to] days before (month, dayOfMonth) of its own year. */
export function daysBefore(day: DemoDay, month: number, dayOfMonth: number, from: number, to: number): boolean {
  const target = Date.UTC(day.year, month - 1, dayOfMonth);
  const here = Date.UTC(day.year, day.month - 1, day.dayOfMonth);
  const before = (target - here) / 86_400_000;
  return before >= from && before <= to;
}

/** Black Friday: the day after the fourth Thursday of November. */
export function isBlackFridayWeek(day: DemoDay): boolean {
  if (day.month !== 11 && day.month !== 12) return false;
  const firstWeekday = new Date(Date.UTC(day.year, 10, 1)).getUTCDay();
  const thanksgiving = 1 + ((4 - firstWeekday + 7) % 7) + 21;
  const offset = (Date.UTC(day.year, day.month - 1, day.dayOfMonth) - Date.UTC(day.year, 10, thanksgiving + 1)) / 86_400_000;
  return offset >= -1 && offset <= 3;
}

/** A local-hour sampler from 24 weights (midnight first). */
export function hourProfile(weights: readonly number[]): (rng: Rng) => number {
  if (weights.length !== 24) throw new Error("hourProfile needs 24 weights");
  return weighted(weights.map((w, hour) => [hour, w] as const));
}

// Local-hour shapes: night trough, morning rise, a lunch bump and an evening peak in different proportions.
export const HOURS = {
  study: hourProfile([1, 0.5, 0.3, 0.2, 0.2, 0.4, 1.2, 2.5, 4, 5, 5, 4.5, 4, 4.2, 4.4, 4.2, 4, 4.2, 4.8, 5.5, 6, 5.5, 4, 2]),
  mobile: hourProfile([1.5, 0.8, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 3.5, 3.5, 4, 5, 4.5, 4, 4, 4.2, 5, 6, 7, 7.5, 7, 5, 3]),
  shopping: hourProfile([1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.8, 2.8, 3.2, 3.5, 4, 4.8, 4.5, 4, 4, 4.2, 4.8, 5.5, 6.5, 7, 6.5, 4.5, 2.2]),
  reading: hourProfile([0.8, 0.4, 0.2, 0.2, 0.3, 0.8, 2.5, 5, 6, 5.5, 4.5, 4, 4.5, 4, 3.5, 3.2, 3, 3.2, 3.8, 4.5, 5, 4.5, 3, 1.5]),
};
