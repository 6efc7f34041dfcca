/**
 * Which points of a metric's series break a rule. Pure, so that the rule's arithmetic is tested on its own.
 * - above / below: the value passes the threshold.
 * - anomaly: the value lies outside mean ± k·σ of the `periods` points before it (sample standard deviation); a point
 *   without that many before it, or whose window does not vary at all, is not judged.
 * Only complete points are judged (a day or month not over, a campaign whose window is open): a partial count is not
 * an anomaly.
 */
export type MetricPoint = { point: string; value: number | null; complete: boolean };
export type AlertCondition = { condition: "above" | "below"; threshold: number } | { condition: "anomaly"; k: number; periods: number };
export type Breach = { point: string; value: number; expected: number | null; lower: number | null; upper: number | null };

export function breaches(series: MetricPoint[], rule: AlertCondition): Breach[] {
  const judged = series.filter((p): p is MetricPoint & { value: number } => p.complete && p.value !== null);
  if (rule.condition !== "anomaly") {
    const { threshold } = rule;
    const passes = rule.condition === "above" ? (v: number) => v > threshold : (v: number) => v < threshold;
    return judged.filter((p) => passes(p.value)).map((p) => ({ point: p.point, value: p.value, expected: null, lower: null, upper: null }));
  }
  const out: Breach[] = [];
  judged.forEach((p, i) => {
    const window = judged.slice(Math.max(0, i - rule.periods), i).map((q) => q.value);
    if (window.length < rule.periods) return;
    const mean = window.reduce((s, v) => s + v, 0) / window.length;
    const sd = Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / (window.length - 1));
    if (!(sd > 0)) return;
    const lower = mean - rule.k * sd;
    const upper = mean + rule.k * sd;
    if (p.value < lower || p.value > upper) out.push({ point: p.point, value: p.value, expected: mean, lower, upper });
  });
  return out;
}
