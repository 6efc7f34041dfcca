import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import type { RevenueResult } from "@/lib/reports/revenue/definition";
import { createFixtureProject } from "../support/fixtures";

/*
 * Fixture, in UTC; months Jan to Mar 2026, as of Mar 31. Source is the acquisition channel.
 *   s1 ads iOS       signup Jan 10   $10 Jan 15, visit Feb 3, $20 Mar 5
 *   s2 ads web       signup Feb 1    $30 Feb 2, $15 Mar 4
 *   s3 organic iOS   signup Jan 20   $5 Jan 25, $5 Feb 25
 *   s4 organic web   signup Dec 15   $50 Jan 5, visit Mar 1         (signed up before the range: no LTV cohort)
 *   s5 social        signup Feb 10   visit Feb 11                   (a channel with spend and no revenue)
 *   s6 organic web   signup Mar 2    $40 Mar 3
 * Spend: ads iOS Jan $20 (10 clicks), ads web Feb $40 (20 clicks), ads iOS Mar $10 (clicks not given), social Feb $15 (30 clicks).
 */
const people = [
  { id: "s1", signup: "2026-01-10T00:00:00Z" },
  { id: "s2", signup: "2026-02-01T00:00:00Z" },
  { id: "s3", signup: "2026-01-20T00:00:00Z" },
  { id: "s4", signup: "2025-12-15T00:00:00Z" },
  { id: "s5", signup: "2026-02-10T00:00:00Z" },
  { id: "s6", signup: "2026-03-02T00:00:00Z" },
];
const attributes: Record<string, [string, string | null]> = {
  s1: ["ads", "iOS"], s2: ["ads", "web"], s3: ["organic", "iOS"], s4: ["organic", "web"], s5: ["social", null], s6: ["organic", "web"],
};
const pay = (person: string, day: string, revenue: number) => ({ person, name: "Purchase", at: `2026-${day}T12:00:00Z`, revenue });
const visit = (person: string, day: string) => ({ person, name: "Visit", at: `2026-${day}T12:00:00Z` });
const events = [
  pay("s1", "01-15", 10), visit("s1", "02-03"), pay("s1", "03-05", 20),
  pay("s2", "02-02", 30), pay("s2", "03-04", 15),
  pay("s3", "01-25", 5), pay("s3", "02-25", 5),
  pay("s4", "01-05", 50), visit("s4", "03-01"),
  visit("s5", "02-11"),
  pay("s6", "03-03", 40),
];
const spend = [
  ["2026-01-01", "ads", "iOS", 20, 10],
  ["2026-02-01", "ads", "web", 40, 20],
  ["2026-03-01", "ads", "iOS", 10, null],
  ["2026-02-01", "social", null, 15, 30],
] as const;

const run = async (params: Record<string, string> = {}) =>
  (await runReport(cliActor, "rev", "revenue", { from: "2026-01-01", as_of: "2026-03-31", ...params })).result as RevenueResult;

beforeAll(async () => {
  const project = await createFixtureProject("rev", "UTC", people, events);
  const { pool } = await getDb();
  for (const [id, [source, platform]] of Object.entries(attributes))
    await pool.query("update people set source = $3, platform = $4 where project_id = $1 and person_id = $2", [project.id, id, source, platform]);
  for (const [day, channel, platform, cost, clicks] of spend)
    await pool.query("insert into spend (project_id, day, channel, platform, cost, clicks) values ($1, $2, $3, $4, $5, $6)", [project.id, day, channel, platform, cost, clicks]);
});

describe("revenue report", () => {
  it("gives revenue, ARPU and ARPPU per month, for everyone and per source", async () => {
    const r = await run();
    const everyone = r.months.filter((m) => m.value === null).map((m) => [m.month, m.revenue, m.active, m.paying, m.arpu, m.arppu]);
    expect(everyone).toEqual([
      ["2026-01-01", 65, 3, 3, 65 / 3, 65 / 3],
      ["2026-02-01", 35, 4, 2, 8.75, 17.5],
      ["2026-03-01", 75, 4, 3, 18.75, 25],
    ]);
    expect(r.months.filter((m) => m.value === "ads").map((m) => [m.revenue, m.active, m.paying])).toEqual([[10, 1, 1], [30, 2, 1], [35, 2, 2]]);
    // As of Mar 31 (its last moment) March is over; as of Mar 30 it is still going.
    expect(r.months.filter((m) => m.value === null).map((m) => m.complete)).toEqual([true, true, true]);
    expect((await run({ as_of: "2026-03-30" })).months.filter((m) => m.value === null).map((m) => m.complete)).toEqual([true, true, false]);
  });

  it("draws cumulative revenue per member by months since signup, per cohort and source", async () => {
    const r = await run();
    const of = (value: string | null) => r.ltv.filter((c) => c.value === value).map((c) => [c.cohort, c.size, c.cumulative]);
    expect(of(null)).toEqual([["2026-01-01", 2, [7.5, 10, 20]], ["2026-02-01", 2, [15, 22.5]], ["2026-03-01", 1, [40]]]);
    expect(of("ads")).toEqual([["2026-01-01", 1, [10, 10, 30]], ["2026-02-01", 1, [30, 45]]]);
    expect(of("social")).toEqual([["2026-02-01", 1, [0, 0]]]);
  });

  it("sets spend against what each channel's people brought: CPC, CAC, ROAS, ROI and payback", async () => {
    const r = await run();
    const row = (channel: string, platform: string | null, month: string | null) => r.channels.find((c) => c.channel === channel && c.platform === platform && c.month === month)!;
    expect(row("ads", "iOS", "2026-01-01")).toEqual({ channel: "ads", platform: "iOS", month: "2026-01-01", spend: 20, clicks: 10, cpc: 2, newCustomers: 1, cac: 20, revenue: 10, roas: 0.5, roi: -0.5 });
    // Clicks not given for March: no CPC, and none for a total that includes March.
    expect(row("ads", "iOS", "2026-03-01")).toMatchObject({ spend: 10, clicks: null, cpc: null, newCustomers: 0, cac: null, revenue: 20, roas: 2, roi: 1 });
    expect(row("ads", null, "2026-03-01")).toMatchObject({ spend: 10, revenue: 35, roas: 3.5, roi: 2.5 });
    expect(row("ads", null, null)).toMatchObject({ spend: 70, clicks: null, newCustomers: 2, cac: 35, revenue: 75, roi: 5 / 70 });
    expect(row("ads", "web", null)).toMatchObject({ spend: 40, clicks: 20, cpc: 2, newCustomers: 1, cac: 40, revenue: 45, roas: 1.125 });
    // A channel with spend and no revenue: ROI −100%.
    expect(row("social", null, null)).toMatchObject({ spend: 15, clicks: 30, cpc: 0.5, newCustomers: 0, cac: null, revenue: 0, roas: 0, roi: -1 });
    expect(r.payback).toEqual([
      { channel: "ads", spend: 70, paybackMonths: 2, revenueToDate: 75 },
      { channel: "social", spend: 15, paybackMonths: null, revenueToDate: 0 },
    ]);
  });

  it("compares revenue per person of each source with the largest by Welch's t-test", async () => {
    const r = await run();
    const organic = r.comparisons.find((c) => c.value === "organic")!;
    expect(organic).toMatchObject({ baseline: "ads", mean: 25, baselineMean: 37.5, n: 2, baselineN: 2 });
    const test = organic.test!;
    expect(test.test).toBe("Welch's t-test");
    expect(test.difference).toBe(-12.5);
    expect(test.t).toBeCloseTo(-0.7453559924999299, 10);
    expect(test.df).toBeCloseTo(1.4705882352941178, 10);
    expect(test.p).toBeCloseTo(0.5567855957911148, 6);
    expect(test.ci95[0]).toBeCloseTo(-116.27784245106595, 4);
    expect(r.comparisons.find((c) => c.value === "social")!.test).toBeNull();
    await expect(run({ baseline: "Ads" })).rejects.toThrow('baseline: no source "Ads" among the people who signed up in the range. Did you mean "ads"?');
  });
});
