import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import type { LifecycleResult } from "@/lib/reports/lifecycle/definition";
import { createFixtureProject } from "../support/fixtures";

/*
 * Fixture, in UTC, by ISO week (the range is the weeks of Mar 2, 9, 16 and 23, 2026):
 *   a (Pro)  weeks of Feb 16, Mar 2, Mar 9, Mar 23
 *   b        weeks of Mar 9, Mar 16
 *   c        weeks of Jan 5, Mar 16
 *   d (Pro)  week of Feb 23 only
 */
const people = [{ id: "a", plan: "Pro" }, { id: "b" }, { id: "c" }, { id: "d", plan: "Pro" }];
const visit = (person: string, day: string) => ({ person, name: "Visit", at: `2026-${day}T10:00:00Z` });
const events = [
  visit("a", "02-17"), visit("a", "03-03"), visit("a", "03-10"), visit("a", "03-25"),
  visit("b", "03-12"), visit("b", "03-18"),
  visit("c", "01-06"), visit("c", "03-19"),
  visit("d", "02-24"),
];
const run = async (params: Record<string, string>) =>
  (await runReport(cliActor, "life", "lifecycle", { from: "2026-03-02", as_of: "2026-03-29", ...params })).result as LifecycleResult;
const counts = (g: LifecycleResult["groups"][number]) => g.periods.map((x) => [x.period, x.new, x.returning, x.resurrected, x.dormant]);

beforeAll(async () => {
  await createFixtureProject("life", "UTC", people, events);
});

describe("lifecycle report", () => {
  it("splits each week's active people into new, returning and resurrected, and counts who went dormant", async () => {
    const r = await run({});
    expect([r.period, r.fromPeriod, r.toPeriod]).toEqual(["week", "2026-03-02", "2026-03-23"]);
    expect(counts(r.groups[0]!)).toEqual([
      ["2026-03-02", 0, 0, 1, 1],
      ["2026-03-09", 1, 1, 0, 0],
      ["2026-03-16", 0, 1, 1, 1],
      ["2026-03-23", 0, 0, 1, 2],
    ]);
    expect(r.groups[0]!.periods.map((x) => x.quickRatio)).toEqual([1, null, 1, 0.5]);
    expect(r.groups[0]!.periods.every((x) => x.complete)).toBe(true);
  });

  it("breaks down by a person property, and marks a period not over by as_of", async () => {
    const r = await run({ breakdown: "person.plan" });
    expect(r.groups.map((g) => g.value)).toEqual([null, "(none)", "Pro"]);
    expect(counts(r.groups[1]!)).toEqual([["2026-03-02", 0, 0, 0, 0], ["2026-03-09", 1, 0, 0, 0], ["2026-03-16", 0, 1, 1, 0], ["2026-03-23", 0, 0, 0, 2]]);
    expect(counts(r.groups[2]!)).toEqual([["2026-03-02", 0, 0, 1, 1], ["2026-03-09", 0, 1, 0, 0], ["2026-03-16", 0, 0, 0, 1], ["2026-03-23", 0, 0, 1, 0]]);
    const partial = await run({ as_of: "2026-03-25" });
    expect(partial.groups[0]!.periods.at(-1)).toMatchObject({ period: "2026-03-23", complete: false, resurrected: 1 });
  });

  it("agrees with the growth accounting under the retention report", async () => {
    const life = await run({});
    const retention = (await runReport(cliActor, "life", "retention", { from: "2026-03-02", as_of: "2026-03-29", period: "week", periods: "4" })).result as {
      reactivation: { period: string; new: number; retained: number; reactivated: number; churned: number }[];
    };
    const accounting = retention.reactivation.filter((x) => x.period >= "2026-03-02").map((x) => [x.period, x.new, x.retained, x.reactivated, x.churned]);
    expect(accounting).toEqual(counts(life.groups[0]!));
  });

  it("defaults to the last 12 periods and refuses a range the wrong way round", async () => {
    const r = (await runReport(cliActor, "life", "lifecycle", { as_of: "2026-03-29", period: "month" })).result as LifecycleResult;
    expect([r.fromPeriod, r.toPeriod, r.groups[0]!.periods.length]).toEqual(["2025-04-01", "2026-03-01", 12]);
    await expect(run({ from: "2026-04-01", to: "2026-03-01" })).rejects.toThrow("from (2026-04-01) is after to (2026-03-01).");
  });
});
