import erfc from "@stdlib/math-base-special-erfc";
import gammainc from "@stdlib/math-base-special-gammainc";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/**
 * The tests every report uses to compare groups (docs/statistics.md). Each result names its test, so that a page
 * prints it beside the p-value. Tail probabilities come from @stdlib's erfc, Student's t CDF and the upper
 * regularized incomplete gamma, each computed on the tail itself, never as 1 − CDF: a p-value of 1e-40 stays 1e-40
 * instead of rounding to 0.
 */

export const SIGNIFICANCE_LEVEL = 0.05;
const Z95 = normalQuantile(0.975, 0, 1);

export type Proportion = { successes: number; total: number };
export type Sample = { n: number; mean: number; variance: number };

export type ProportionComparison = {
  test: "pooled two-proportion z-test";
  /** Rate of the variant minus rate of the baseline. */
  difference: number;
  /** difference ÷ baseline rate; null when the baseline rate is 0. */
  relativeLift: number | null;
  /** 95% interval of the difference (unpooled standard error, Wald). */
  ci95: [number, number];
  z: number;
  p: number;
  significant: boolean;
};

/**
 * The variant's rate against the baseline's. The test pools the two rates for its standard error, as under the null
 * hypothesis they are equal; the interval uses each group's own rate. Null when a group is empty, or when both
 * rates are 0 or both 1 (nothing to compare).
 */
export function compareProportions(variant: Proportion, baseline: Proportion): ProportionComparison | null {
  const { successes: x1, total: n1 } = variant;
  const { successes: x2, total: n2 } = baseline;
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (pooledSe === 0) return null;
  const difference = p1 - p2;
  const z = difference / pooledSe;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const p = normalTwoSided(z);
  return {
    test: "pooled two-proportion z-test",
    difference,
    relativeLift: p2 === 0 ? null : difference / p2,
    ci95: [difference - Z95 * se, difference + Z95 * se],
    z,
    p,
    significant: p < SIGNIFICANCE_LEVEL,
  };
}

export type MeanComparison = {
  test: "Welch's t-test";
  difference: number;
  ci95: [number, number];
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  p: number;
  significant: boolean;
};

/**
 * The variant's mean against the baseline's, without assuming equal variances. Null when a group has fewer than two
 * members, or when both variances are 0.
 */
export function compareMeans(variant: Sample, baseline: Sample): MeanComparison | null {
  if (variant.n < 2 || baseline.n < 2) return null;
  const a = variant.variance / variant.n;
  const b = baseline.variance / baseline.n;
  const se2 = a + b;
  if (!(se2 > 0)) return null;
  const se = Math.sqrt(se2);
  const difference = variant.mean - baseline.mean;
  const t = difference / se;
  const df = (se2 * se2) / ((a * a) / (variant.n - 1) + (b * b) / (baseline.n - 1));
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(0.975, df) * se;
  return { test: "Welch's t-test", difference, ci95: [difference - half, difference + half], t, df, p, significant: p < SIGNIFICANCE_LEVEL };
}

export type IndependenceTest = {
  test: "chi-square test of independence";
  statistic: number;
  df: number;
  p: number;
  significant: boolean;
};

/**
 * Whether the rows of a contingency table (for example, each breakdown value's people who did and did not convert)
 * differ. Rows or columns that are all zero carry no information and are left out; null when fewer than two of
 * either remain.
 */
export function testIndependence(table: number[][]): IndependenceTest | null {
  const rows = table.filter((r) => r.some((v) => v > 0));
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, j) => j).filter((j) => rows.some((r) => (r[j] ?? 0) > 0));
  if (rows.length < 2 || columns.length < 2) return null;
  const rowTotals = rows.map((r) => columns.reduce((s, j) => s + (r[j] ?? 0), 0));
  const columnTotals = columns.map((j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  rows.forEach((r, i) =>
    columns.forEach((j, k) => {
      const expected = (rowTotals[i]! * columnTotals[k]!) / total;
      statistic += ((r[j] ?? 0) - expected) ** 2 / expected;
    }),
  );
  const df = (rows.length - 1) * (columns.length - 1);
  const p = chiSquareUpperTail(statistic, df);
  return { test: "chi-square test of independence", statistic, df, p, significant: p < SIGNIFICANCE_LEVEL };
}

/** P(|Z| ≥ |z|) for a standard normal Z: erfc(|z| / √2), exact in the far tail. */
export function normalTwoSided(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** P(X ≥ x) for X chi-square with `df` degrees of freedom: the upper regularized incomplete gamma Q(df/2, x/2). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}
