import type { Rng } from "./random";
import type { DemoDay, Timeline } from "./timeline";

/**
 * Spreads `total` people over the timeline's days in proportion to `weight(day)` times a little day-to-day noise,
 * rounding so the counts add up to exactly `total`. Returns each person's day index, in ascending order, so person
 * numbers follow signup order.
 */
export function planSignups(rng: Rng, timeline: Timeline, total: number, weight: (day: DemoDay) => number): Int32Array {
  const expected = timeline.days.map((day) => {
    // The last day is cut at endDate: weight it by the part of it that has happened.
    const share = Math.min(1, (day.end - day.start) / 86_400_000);
    return Math.max(0, weight(day)) * share * rng.logNormal(1, 0.18);
  });
  const sum = expected.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new Error("planSignups needs a positive weight on some day");
  const counts = expected.map((e) => Math.floor((e / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = expected
    .map((e, i) => ({ i, rest: (e / sum) * total - counts[i]! }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; missing > 0; k = (k + 1) % byRemainder.length, missing--) counts[byRemainder[k]!.i]!++;

  const days = new Int32Array(total);
  let person = 0;
  counts.forEach((count, dayIndex) => {
    for (let c = 0; c < count; c++) days[person++] = dayIndex;
  });
  return days;
}
