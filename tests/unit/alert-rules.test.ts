import { describe, expect, it } from "vitest";
import { breaches, type MetricPoint } from "@/lib/alerts/evaluate";

const NOISE = [10, 12, 9, 11, 10, 8, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 9, 10, 11];
const series = (values: number[], incompleteLast = false): MetricPoint[] =>
  values.map((value, i) => ({ point: `d${i + 1}`, value, complete: !(incompleteLast && i === values.length - 1) }));

describe("alert rules", () => {
  it("a threshold fires on every complete point past it, and not on a partial one", () => {
    expect(breaches(series([5, 31, 30, 40], true), { condition: "above", threshold: 30 }).map((b) => b.point)).toEqual(["d2"]);
    expect(breaches(series([5, 31, 2]), { condition: "below", threshold: 3 }).map((b) => b.point)).toEqual(["d3"]);
  });

  it("an anomaly fires once for an injected spike and never for the noise around it", () => {
    const values = [...NOISE, 40, ...NOISE.slice(0, 8)];
    const fired = breaches(series(values), { condition: "anomaly", k: 3, periods: 14 });
    expect(fired).toHaveLength(1);
    const [spike] = fired;
    // The 14 points before it: NOISE[6..19], mean 10.5, sample sd 1.160…; the band is mean ± 3 sd.
    const window = NOISE.slice(6, 20);
    const mean = window.reduce((s, v) => s + v, 0) / 14;
    const sd = Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / 13);
    expect(spike).toEqual({ point: "d21", value: 40, expected: mean, lower: mean - 3 * sd, upper: mean + 3 * sd });
    expect(mean).toBe(10.5);
    expect(breaches(series(NOISE), { condition: "anomaly", k: 3, periods: 14 })).toEqual([]);
  });

  it("does not judge a point without a full window, or a window that never varies", () => {
    expect(breaches(series([10, 10, 50]), { condition: "anomaly", k: 3, periods: 14 })).toEqual([]);
    expect(breaches(series([...Array(14).fill(10), 11]), { condition: "anomaly", k: 3, periods: 14 })).toEqual([]);
  });
});
