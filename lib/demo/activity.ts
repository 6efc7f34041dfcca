import type { Rng } from "./random";
import { DAY_MS, type DemoDay, type Timeline } from "./timeline";

export type ActivityModel = {
  /** Mean days between sessions right after signup. */
  meanGapDays: number;
  /** The mean gap grows by this factor per 30 days since signup: activity decays with age. */
  gapGrowthPerMonth: number;
  /** Chance after each session that the person goes quiet. */
  churnPerSession: number;
  /** Chance that someone who went quiet comes back (reactivation), once or more. */
  reactivation: number;
  /** Days of silence before a reactivated person returns. */
  reactivationGapDays: readonly [number, number];
  /** Relative chance (0–1) that activity happens on a day: the weekday and seasonal shape of the activity. */
  dayWeight: (day: DemoDay) => number;
  hour: (rng: Rng) => number;
  maxSessions?: number;
};

export type Session = { start: number; reactivated: boolean };

/**
 * Session start times of one person after their first session at `first`, up to the timeline's end: a renewal
 * process whose gaps lengthen with age, which stops with a per-session churn chance unless the person is
 * reactivated after a quiet spell.
 */
export function* sessionsAfter(rng: Rng, timeline: Timeline, first: number, model: ActivityModel): Generator<Session> {
  let previous = first;
  let anchor = first;
  const max = model.maxSessions ?? 400;
  const meanGap = (at: number) => model.meanGapDays * Math.pow(model.gapGrowthPerMonth, (at - anchor) / (30 * DAY_MS));
  for (let n = 0; n < max; n++) {
    let candidate: number;
    let reactivated = false;
    if (rng.chance(model.churnPerSession)) {
      if (!rng.chance(model.reactivation)) return;
      const [min, maxGap] = model.reactivationGapDays;
      candidate = previous + rng.uniform(min, maxGap) * DAY_MS;
      reactivated = true;
    } else {
      candidate = previous + Math.max(rng.exponential(meanGap(previous)), 0.01) * DAY_MS;
    }
    // Thinning: a candidate lands on a day with probability dayWeight(day); rejected ones draw the next candidate.
    let day = timeline.dayAt(candidate);
    for (let tries = 0; day && tries < 25 && !rng.chance(model.dayWeight(day)); tries++) {
      candidate += Math.max(rng.exponential(meanGap(candidate)), 0.01) * DAY_MS;
      day = timeline.dayAt(candidate);
    }
    if (!day) return;
    let start = timeline.timeIn(rng, day, model.hour);
    // Still on the previous session's day and drawn before it: keep the raw time instead.
    if (start <= previous) start = Math.floor(candidate);
    if (start > timeline.end) return;
    if (reactivated) anchor = start;
    previous = start;
    yield { start, reactivated };
  }
}
