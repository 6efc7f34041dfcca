import { describe, expect, it } from "vitest";
import { chiSquareUpperTail, compareMeans, compareProportions, normalTwoSided, testIndependence } from "@/lib/stats/compare";

/** Equal to 4 significant figures, however small: p-values far in the tail must not round to 0. */
function close(actual: number | null | undefined, expected: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(5e-5);
}

describe("pooled two-proportion z-test", () => {
  it("250 of 1,000 against 200 of 1,000", () => {
    // Pooled rate 450/2000 = 0.225; SE = √(0.225 · 0.775 · (1/1000 + 1/1000)) = 0.0186748; z = 0.05 / SE = 2.677398.
    // p = erfc(z/√2) = 0.007419649. Interval: SE = √(0.25·0.75/1000 + 0.2·0.8/1000) = 0.0186548; 0.05 ± 1.959964·SE.
    const r = compareProportions({ successes: 250, total: 1000 }, { successes: 200, total: 1000 })!;
    expect(r.test).toBe("pooled two-proportion z-test");
    close(r.difference, 0.05);
    close(r.relativeLift, 0.25);
    close(r.z, 2.677398);
    close(r.p, 0.007419649);
    close(r.ci95[0], 0.01346362);
    close(r.ci95[1], 0.08653638);
    expect(r.significant).toBe(true);
  });

  it("keeps a p-value of 7e-90 instead of rounding it to 0", () => {
    // 60% of 20,000 against 50%: z = 0.1 / √(0.55 · 0.45 · 2/20000) = 20.10076.
    const r = compareProportions({ successes: 12_000, total: 20_000 }, { successes: 10_000, total: 20_000 })!;
    close(r.z, 20.10076);
    close(r.p, 7.267757e-90);
    close(r.ci95[0], 0.09029867);
  });

  it("has nothing to say about an empty group or two rates of 0", () => {
    expect(compareProportions({ successes: 0, total: 0 }, { successes: 3, total: 10 })).toBeNull();
    expect(compareProportions({ successes: 0, total: 50 }, { successes: 0, total: 10 })).toBeNull();
    expect(compareProportions({ successes: 4, total: 50 }, { successes: 0, total: 10 })!.relativeLift).toBeNull();
  });
});

describe("Welch's t-test", () => {
  it("n 10, mean 7, variance 9 against n 12, mean 5, variance 4", () => {
    // SE² = 9/10 + 4/12 = 1.233333; t = 2 / 1.110555 = 1.800901;
    // df = 1.233333² / (0.9²/9 + 0.333333²/11) = 15.19576; p = 2 · P(T₁₅.₁₉₅₈ ≤ −1.800901) = 0.09159498.
    const r = compareMeans({ n: 10, mean: 7, variance: 9 }, { n: 12, mean: 5, variance: 4 })!;
    expect(r.test).toBe("Welch's t-test");
    close(r.t, 1.800901);
    close(r.df, 15.19576);
    close(r.p, 0.09159498);
    close(r.ci95[0], -0.3644396);
    close(r.ci95[1], 4.364440);
    expect(r.significant).toBe(false);
  });

  it("keeps a p-value of 5e-99", () => {
    // t = 1 / √(2/1000) = 22.36068 on 1998 degrees of freedom.
    const r = compareMeans({ n: 1000, mean: 10, variance: 1 }, { n: 1000, mean: 9, variance: 1 })!;
    close(r.t, 22.36068);
    close(r.df, 1998);
    close(r.p, 5.012825e-99);
  });

  it("needs two members in each group and some variance", () => {
    expect(compareMeans({ n: 1, mean: 3, variance: 0 }, { n: 5, mean: 1, variance: 2 })).toBeNull();
    expect(compareMeans({ n: 4, mean: 3, variance: 0 }, { n: 5, mean: 1, variance: 0 })).toBeNull();
  });
});

describe("chi-square test of independence", () => {
  it("three groups converting 30, 45 and 20 of 100", () => {
    // Expected converters 31.6667 per group, non-converters 68.3333: χ² = Σ (O − E)² / E = 14.63415 on 2 df;
    // p = Q(1, 7.317073) = e^−7.317073 = 0.0006641031.
    const r = testIndependence([
      [30, 70],
      [45, 55],
      [20, 80],
    ])!;
    expect(r.test).toBe("chi-square test of independence");
    close(r.statistic, 14.63415);
    expect(r.df).toBe(2);
    close(r.p, 0.0006641031);
    expect(r.significant).toBe(true);
  });

  it("keeps a p-value of 3e-183, and leaves out empty rows and columns", () => {
    const r = testIndependence([
      [5000, 5000, 0],
      [0, 0, 0],
      [3000, 7000, 0],
    ])!;
    close(r.statistic, 833.3333);
    expect(r.df).toBe(1);
    close(r.p, 3.054759e-183);
    expect(testIndependence([[5, 5]])).toBeNull();
  });
});

describe("tails", () => {
  it("are computed on the tail itself", () => {
    close(normalTwoSided(1.959964), 0.05);
    close(normalTwoSided(-10), 1.523971e-23);
    close(chiSquareUpperTail(3.841459, 1), 0.05);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
  });
});
