import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { alertSeries, createAlertRule, listAlerts } from "@/lib/data/alerts";
import { runDrilldown, runReport } from "@/lib/data/reports";
import type { FunnelResult } from "@/lib/reports/funnel/definition";
import type { FunnelPerson } from "@/lib/reports/funnel/people";
import { getDb } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { withTransaction } from "@/lib/db/transaction";
import { getProject } from "@/lib/data/projects";
import { funnelSchema, type FunnelParams } from "@/lib/reports/funnel/definition";
import { funnelCtes, funnelPath, type FunnelPath } from "@/lib/reports/funnel/query";
import { rebuildSequences } from "@/lib/reports/rollups/event-sequences";
import { createFixtureProject } from "../support/fixtures";

/*
 * Steps View → Cart → Order; range March 2026 (UTC), as_of April 30 so that every window has closed.
 *   u1 Pro    View Mar 2 10:00 (ads), Cart 10:10, Order 10:30                    every order: 3
 *   u2 Pro    View Mar 3 09:00 (ads), Search 09:05, Cart 09:10, Order 09:20       sequential 3, strict 1 (Search), any 3
 *   u3 Pro    View Mar 4 08:00 (email), Order 08:30, Cart 09:00                   sequential 2, strict 1, any 3
 *   u4 Basic  View Mar 5 12:00 (email), Cart 12:05, Order Mar 25 12:00           2 in a 14-day window, 3 in 30 days
 *   u5 Basic  View Mar 6 10:00 (seo), Cart 10:05, Support 10:07, Order 10:20     3, or 2 when Support is excluded; strict 2
 *   u6 Basic  View Feb 25, Cart Feb 26 (before the range), View Mar 10 10:00 (seo)  1: enters on Mar 10
 *   u7        Cart Mar 12                                                       never enters (no View)
 *   u8 Basic  View Apr 5                                                        after the range: never enters
 */
const at = (person: string, name: string, time: string, properties?: Record<string, unknown>) => ({ person, name, at: `2026-${time}:00Z`, properties });
const events = [
  at("u1", "View", "03-02T10:00", { source: "ads" }), at("u1", "Cart", "03-02T10:10"), at("u1", "Order", "03-02T10:30"),
  at("u2", "View", "03-03T09:00", { source: "ads" }), at("u2", "Search", "03-03T09:05"), at("u2", "Cart", "03-03T09:10"), at("u2", "Order", "03-03T09:20"),
  at("u3", "View", "03-04T08:00", { source: "email" }), at("u3", "Order", "03-04T08:30"), at("u3", "Cart", "03-04T09:00"),
  at("u4", "View", "03-05T12:00", { source: "email" }), at("u4", "Cart", "03-05T12:05"), at("u4", "Order", "03-25T12:00"),
  at("u5", "View", "03-06T10:00", { source: "seo" }), at("u5", "Cart", "03-06T10:05"), at("u5", "Support", "03-06T10:07"), at("u5", "Order", "03-06T10:20"),
  at("u6", "View", "02-25T10:00", { source: "seo" }), at("u6", "Cart", "02-26T10:00"), at("u6", "View", "03-10T10:00", { source: "seo" }),
  at("u7", "Cart", "03-12T10:00"),
  at("u8", "View", "04-05T10:00", { source: "ads" }),
];
const people = [
  { id: "u1", plan: "Pro" }, { id: "u2", plan: "Pro" }, { id: "u3", plan: "Pro" },
  { id: "u4", plan: "Basic" }, { id: "u5", plan: "Basic" }, { id: "u6", plan: "Basic" }, { id: "u7" }, { id: "u8", plan: "Basic" },
];
const base = { step: ["View", "Cart", "Order"], from: "2026-03-01", to: "2026-03-31", as_of: "2026-04-30" };

const run = async (params: Record<string, string | string[]> = {}, slug = "fun") => (await runReport(cliActor, slug, "funnel", { ...base, ...params })).result as FunnelResult;
const counts = (r: FunnelResult, group = 0) => r.groups[group]!.steps.map((s) => s.people);
const sig4 = (x: number) => Number(x.toPrecision(4));

beforeAll(async () => {
  await createFixtureProject("fun", "UTC", people, events);
  /*
   * Page journeys without a clock: positions count each person's pages across sessions, in file order.
   *   j1  s1: Home Pricing Home | s2: Checkout Pricing    sequential 3, strict 2, any 3
   *   j2  s1: Home Checkout Pricing                       sequential 2, strict 1, any 3
   */
  const page = (person: string, session: string, position: number, name: string) => ({ person, name, at: null, session, position });
  await createFixtureProject("funj", "UTC", [{ id: "j1", plan: "Annual" }, { id: "j2", plan: "Monthly" }], [
    page("j1", "s1", 1, "Home"), page("j1", "s1", 2, "Pricing"), page("j1", "s1", 3, "Home"), page("j1", "s2", 4, "Checkout"), page("j1", "s2", 5, "Pricing"),
    page("j2", "t1", 1, "Home"), page("j2", "t1", 2, "Checkout"), page("j2", "t1", 3, "Pricing"),
  ]);
});

describe("funnel report", () => {
  it("gives three different counts for sequential, strict and any order", async () => {
    expect(counts(await run())).toEqual([6, 5, 3]);
    expect(counts(await run({ order: "strict" }))).toEqual([6, 3, 1]);
    expect(counts(await run({ order: "any" }))).toEqual([6, 5, 4]);
  });

  it("leaves out a conversion after the window, and counts it in a longer one", async () => {
    expect(counts(await run({ window: "14d" }))).toEqual([6, 5, 3]);
    expect(counts(await run({ window: "30d" }))).toEqual([6, 5, 4]);
    // 10 minutes: u1's Cart at +10 min counts, its Order at +30 does not; u2's Cart at +10, u5's at +5.
    expect(counts(await run({ window: "10m" }))).toEqual([6, 4, 0]);
  });

  it("removes a person who does an excluded event between two steps, from that step on", async () => {
    expect(counts(await run({ exclude: "Support" }))).toEqual([6, 5, 2]);
    expect(counts(await run({ exclude: "Search" }))).toEqual([6, 4, 2]);
  });

  it("reports step and overall conversion and drop-off", async () => {
    const steps = (await run()).groups[0]!.steps;
    expect(steps.map((s) => s.stepConversion)).toEqual([null, 5 / 6, 3 / 5]);
    expect(steps.map((s) => s.overallConversion)).toEqual([1, 5 / 6, 3 / 6]);
    expect(steps.map((s) => s.dropOff)).toEqual([0, 1, 2]);
  });

  it("times each step from the previous one and the whole funnel, with quartiles and bins", async () => {
    const g = (await run()).groups[0]!;
    // View → Cart: 600, 600, 3600, 300, 300 s.
    expect(g.steps[1]!.time).toEqual({ people: 5, mean: 1080, p25: 300, median: 600, p75: 600 });
    // Cart → Order: 1200, 600, 900 s.
    expect(g.steps[2]!.time).toEqual({ people: 3, mean: 900, p25: 750, median: 900, p75: 1050 });
    // View → Order: 1800, 1200, 1200 s.
    expect(g.timeToConvert).toEqual({ people: 3, mean: 1400, p25: 1200, median: 1200, p75: 1500 });
    const bins = g.steps[1]!.histogram.filter((b) => b.people > 0);
    expect(bins).toEqual([{ fromSeconds: 300, toSeconds: 900, people: 4 }, { fromSeconds: 3600, toSeconds: 10800, people: 1 }]);
    expect(g.steps[1]!.histogram).toHaveLength(12);
  });

  it("applies a step's own filters and the report's where", async () => {
    expect(counts(await run({ step_where: "1:source = ads" }))).toEqual([2, 2, 2]);
    expect(counts(await run({ where: "person.plan = Pro" }))).toEqual([3, 3, 2]);
  });

  it("trends entries and conversion by the week or month of entering", async () => {
    expect((await run()).groups[0]!.trend).toEqual([
      { period: "2026-03-02", entered: 5, converted: 3, rate: 3 / 5, complete: true },
      { period: "2026-03-09", entered: 1, converted: 0, rate: 0, complete: true },
    ]);
    expect((await run({ trend: "month" })).groups[0]!.trend).toEqual([{ period: "2026-03-01", entered: 6, converted: 3, rate: 0.5, complete: true }]);
    // A week is complete once its last entrant's 14-day window has closed: an entry in the week's last moment (Mar 8,
    // 23:59:59.999) may convert until Mar 22, 23:59:59.999, so the week of Mar 2 is complete at the end of Mar 22, the
    // week of Mar 9 at the end of Mar 29.
    expect((await run({ as_of: "2026-03-21" })).groups[0]!.trend.map((t) => [t.period, t.complete])).toEqual([["2026-03-02", false], ["2026-03-09", false]]);
    expect((await run({ as_of: "2026-03-22" })).groups[0]!.trend.map((t) => t.complete)).toEqual([true, false]);
    expect((await run({ as_of: "2026-03-29" })).groups[0]!.trend.map((t) => t.complete)).toEqual([true, true]);
    expect((await run({ as_of: "2026-03-29T23:59:59" })).groups[0]!.trend.map((t) => t.complete)).toEqual([true, false]);
  });

  it("breaks down by a person property with a chi-square test and, for two values, a z-test, as worked by hand", async () => {
    const r = await run({ breakdown: "person.plan" });
    expect(r.groups.map((g) => g.value)).toEqual([null, "Basic", "Pro"]);
    expect(counts(r, 1)).toEqual([3, 2, 1]);
    expect(counts(r, 2)).toEqual([3, 3, 2]);
    const [cart, order] = r.comparisons;
    // Cart: Basic 2 of 3, Pro 3 of 3. Expected 2.5 and 0.5 in each row: χ² = 2 × (0.1 + 0.5) = 1.2, df 1, p = erfc(√0.6).
    expect(cart!.independence!.statistic).toBeCloseTo(1.2, 12);
    expect(cart!.independence!.df).toBe(1);
    expect(sig4(cart!.independence!.p)).toBe(0.2733);
    expect(cart!.independence!.significant).toBe(false);
    // Pro − Basic = 1/3; pooled 5/6, se √(5/6 · 1/6 · 2/3) = 0.3043, z = 1.095; interval ± 1.96 × √(2/27).
    expect(cart!.twoGroups).toMatchObject({ variant: "Pro", baseline: "Basic" });
    expect(cart!.twoGroups!.difference).toBeCloseTo(1 / 3, 12);
    expect(sig4(cart!.twoGroups!.z)).toBe(1.095);
    expect(sig4(cart!.twoGroups!.p)).toBe(0.2733);
    expect(cart!.twoGroups!.ci95.map(sig4)).toEqual([-0.2001, 0.8668]);
    // Order: Basic 1 of 3, Pro 2 of 3: χ² = 4 × 0.5² / 1.5 = 2/3, p = erfc(√(1/3)).
    expect(order!.independence!.statistic).toBeCloseTo(2 / 3, 12);
    expect(sig4(order!.independence!.p)).toBe(0.4142);
    expect(sig4(order!.twoGroups!.z)).toBe(0.8165);
  });

  it("breaks down by the step-1 event's property: three values, χ² = 4 with df 2 and p = e^−2", async () => {
    const r = await run({ breakdown: "source" });
    expect(r.groups.map((g) => [g.value, ...counts(r, r.groups.indexOf(g))])).toEqual([
      [null, 6, 5, 3],
      ["ads", 2, 2, 2],
      ["email", 2, 2, 0],
      ["seo", 2, 1, 1],
    ]);
    const order = r.comparisons[1]!;
    expect(order.independence!.statistic).toBeCloseTo(4, 12);
    expect(order.independence!.df).toBe(2);
    expect(sig4(order.independence!.p)).toBe(sig4(Math.exp(-2)));
    expect(order.twoGroups).toBeNull();
  });

  it("lists the people who dropped after a step, and those who converted, in a group", async () => {
    const drill = async (params: Record<string, string>) =>
      ((await runDrilldown(cliActor, "fun", "funnel", "people", { ...base, ...params })).people as FunnelPerson[]).map((p) => [p.person, p.lastStep]);
    expect(await drill({ at_step: "2" })).toEqual([["u3", 2], ["u4", 2]]);
    expect(await drill({ at_step: "3", show: "reached" })).toEqual([["u1", 3], ["u2", 3], ["u5", 3]]);
    expect(await drill({ breakdown: "person.plan", group: "Basic", at_step: "1" })).toEqual([["u6", 1]]);
    await expect(runDrilldown(cliActor, "fun", "funnel", "people", { ...base, at_step: "3" })).rejects.toThrow(/show=reached/);
  });

  it("filters people by their properties, for the whole funnel or for one step", async () => {
    // Pro: u1 3, u2 3, u3 2. Cart only by Basic people: u4 and u5 (u6's Cart came before entering); u4's Order is
    // past its 14-day window.
    expect(counts(await run({ where: "person.plan = Pro" }))).toEqual([3, 3, 2]);
    expect(counts(await run({ step_where: "2:person.plan = Basic" }))).toEqual([6, 2, 1]);
  });

  it("orders events at the same moment by their place in the file", async () => {
    // t1: View, Cart and Order at 10:00 in file order: 3. t2: Cart at 10:00 before View at 10:00 in the file: 1.
    const same = (person: string, position: number, name: string, time = "03-02T10:00") => ({ ...at(person, name, time), position });
    await createFixtureProject("funt", "UTC", [{ id: "t1" }, { id: "t2" }], [
      same("t1", 1, "View"), same("t1", 2, "Cart"), same("t1", 3, "Order"),
      same("t2", 4, "Cart"), same("t2", 5, "View"), same("t2", 6, "Order", "03-02T10:05"),
    ]);
    expect(counts(await run({}, "funt"))).toEqual([2, 1, 1]);
    expect(counts(await run({ order: "any" }, "funt"))).toEqual([2, 1, 1]);
    expect(counts(await run({ order: "strict" }, "funt"))).toEqual([2, 1, 1]);
  });

  it("orders events at the same moment by upload, then position; a missing position last; untimed events after timed ones", async () => {
    /*
     * All at Mar 2 10:00 or without a clock; (upload, position) given for each.
     *   v1  View (2, 9), Cart (3, 1), Order (3, 2)       an earlier upload first, whatever the position: 3
     *   v2  Cart (2, 5), View (3, 1), Order (3, 2)       Cart before View: 1
     *   v3  View (2, 8); Cart, Order untimed (2, 1), (2, 2)   untimed after timed, then in file order: 3
     *   v4  View (2, none), Cart (2, 7), Order (2, 8)    the View without a position comes last: 1
     * Sequential: 4 enter, v1 and v3 go on to Cart and Order. Uploads 2 and 3 stand for 900000002 and 900000003,
     * ids no upload of the other tests' shared database reaches.
     */
    const project = await createFixtureProject("funu", "UTC", [{ id: "v1" }, { id: "v2" }, { id: "v3" }, { id: "v4" }], []);
    const { pool } = await getDb();
    const rows: [string, string, string | null, number, number | null][] = [
      ["v1", "View", "10:00", 2, 9], ["v1", "Cart", "10:00", 3, 1], ["v1", "Order", "10:00", 3, 2],
      ["v2", "Cart", "10:00", 2, 5], ["v2", "View", "10:00", 3, 1], ["v2", "Order", "10:00", 3, 2],
      ["v3", "View", "10:00", 2, 8], ["v3", "Cart", null, 2, 1], ["v3", "Order", null, 2, 2],
      ["v4", "View", "10:00", 2, null], ["v4", "Cart", "10:00", 2, 7], ["v4", "Order", "10:00", 2, 8],
    ];
    for (const [person, name, time, upload, position] of rows)
      await pool.query("insert into events (project_id, person_id, name, occurred_at, upload_id, position) values ($1, $2, $3, $4, $5, $6)", [
        project.id, person, name, time && `2026-03-02T${time}:00Z`, 900_000_000 + upload, position,
      ]);
    // Written past the import path, so the sequences are rebuilt here as an upload would keep them.
    await withTransaction(pool, {}, (client) => rebuildSequences(client, project.id));
    expect(counts(await run({}, "funu"))).toEqual([4, 2, 2]);
    // In any order, v2's Order after its View counts, but its Cart came before: still 1.
    expect(counts(await run({ order: "any" }, "funu"))).toEqual([4, 2, 2]);
  });

  it("orders page journeys without a clock by session and position, and counts them whatever the range", async () => {
    const journeys = { step: ["Home", "Pricing", "Checkout"] };
    expect(counts(await run({ ...journeys }, "funj"))).toEqual([2, 2, 1]);
    expect(counts(await run({ ...journeys, order: "strict" }, "funj"))).toEqual([2, 1, 0]);
    const any = await run({ ...journeys, order: "any" }, "funj");
    expect(counts(any)).toEqual([2, 2, 2]);
    expect(any.untimedEntries).toBe(2);
    expect(any.groups[0]!.steps[1]!.time).toBeNull();
    expect(any.groups[0]!.trend).toEqual([]);
  });

  it("without steps, suggests the events most people did in the range", async () => {
    const r = (await runReport(cliActor, "fun", "funnel", { from: "2026-03-01", to: "2026-03-31", as_of: "2026-04-30" })).result as FunnelResult;
    expect(r.groups).toEqual([]);
    expect(r.suggestions).toEqual([
      { event: "Cart", people: 6 },
      { event: "View", people: 6 },
      { event: "Order", people: 5 },
      { event: "Search", people: 1 },
      { event: "Support", people: 1 },
    ]);
    // The three most done, in the order people do them: each person's first of each in March. View came before Cart
    // and before Order for u1–u5 (5 to 0 each); Cart before Order for u1, u2, u4, u5, Order before Cart for u3 (4 to
    // 1). u6 and u7 did one of them only. In order of popularity it would be Cart, View, Order.
    expect(r.suggestedSteps).toEqual(["View", "Cart", "Order"]);
  });

  it("gives the CLI the same numbers, with repeated --step and --step_where flags", async () => {
    const args = ["report", "funnel", "--project", "fun", "--step", "View", "--step", "Cart", "--step", "Order", "--step_where", "1:source = ads", "--breakdown", "person.plan"];
    const range = ["--from", base.from, "--to", base.to, "--as_of", base.as_of];
    const { stdout } = await promisify(execFile)("./bin/journeylens", [...args, ...range, "--format", "json"], { env: process.env });
    const direct = await run({ step_where: "1:source = ads", breakdown: "person.plan" });
    expect(JSON.parse(stdout).result).toEqual(direct);
    expect(counts(direct)).toEqual([2, 2, 2]);
  });

  it("is an alert metric: a week whose conversion falls below a threshold fires once its window has closed", async () => {
    const rule = await createAlertRule(cliActor, "fun", { name: "Checkout drop", metric: "funnel_conversion", condition: "below", threshold: 0.5, params: base });
    expect(rule.fired).toBe(1);
    const fired = (await listAlerts(cliActor, "fun")).find((r) => r.name === "Checkout drop")!;
    expect((await alertSeries(cliActor, "fun", "funnel_conversion", fired.params)).map((p) => [p.point, p.value])).toEqual([["2026-03-02", 0.6], ["2026-03-09", 0]]);
    expect(fired.firings.map((f) => [f.point, f.value])).toEqual([["2026-03-09", 0]]);
  });

  it("refuses a funnel of one step, a bad window and a step filter for a step that is not there", async () => {
    await expect(runReport(cliActor, "fun", "funnel", { step: "View" })).rejects.toThrow(/2 to 10 steps/);
    await expect(run({ window: "3w" })).rejects.toThrow(/window is a number of minutes, hours or days/);
    await expect(run({ step_where: "4:source = ads" })).rejects.toThrow(/step from 1 to 3/);
  });
});

/*
 * Funnels without event properties are worked out from each person's sequence (the rollup); the rest one step at a
 * time from the events. Both must give the same journey for every person: entry, last step reached and each step's
 * time, whatever the order, window, exclusions, person filters, untimed events and ties.
 */
describe("funnel paths", () => {
  const journeys = async (slug: string, params: Record<string, string | string[]>, path: FunnelPath) => {
    const project = await getProject(cliActor, slug);
    const p: FunnelParams = funnelSchema.parse({ ...base, ...params });
    const [from, to, asOf] = [p.from ?? base.from, p.to ?? base.to, params.as_of ?? base.as_of] as string[];
    const next = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString();
    const range = { asOf: `${asOf}T23:59:59.999Z`, fromDay: from!, toDay: to!, readFrom: `${from}T00:00:00Z`, readBefore: next };
    const q = sql`with ${funnelCtes(project, p, range, path)} select person_id, bvalue, t1, reached, at from journey order by person_id`;
    const { pool } = await getDb();
    return (await pool.query(q.text, q.values as unknown[])).rows;
  };
  const cases: [string, Record<string, string | string[]>][] = [
    ["fun", {}],
    ["fun", { order: "any" }],
    ["fun", { window: "10m" }],
    ["fun", { window: "30d", order: "any" }],
    ["fun", { exclude: "Support" }],
    ["fun", { exclude: ["Search", "Support"], order: "any" }],
    ["fun", { where: "person.plan = Pro", breakdown: "person.plan" }],
    ["fun", { step_where: "2:person.plan = Basic" }],
    ["fun", { as_of: "2026-03-05" }],
    ["fun", { from: "2026-03-05", to: "2026-03-06" }],
    ["funt", {}],
    ["funt", { order: "any" }],
    ["funu", {}],
    ["funu", { order: "any" }],
    ["funj", { step: ["Home", "Pricing", "Checkout"] }],
    ["funj", { step: ["Home", "Pricing", "Checkout"], order: "any" }],
    ["funj", { step: ["Home", "Home", "Pricing"] }],
  ];

  it.each(cases)("%s %j: the same journeys from the sequences as from the events", async (slug, params) => {
    expect(funnelPath(funnelSchema.parse({ ...base, ...params }))).toBe("sequences");
    const fromSequences = await journeys(slug, params, "sequences");
    expect(fromSequences.length).toBeGreaterThan(0);
    expect(fromSequences).toEqual(await journeys(slug, params, "steps"));
  });

  it("reads the events for event filters and an event breakdown, and window passes for a strict funnel", () => {
    expect(funnelPath(funnelSchema.parse({ ...base, step_where: "1:source = ads" }))).toBe("steps");
    expect(funnelPath(funnelSchema.parse({ ...base, where: "source = ads" }))).toBe("steps");
    expect(funnelPath(funnelSchema.parse({ ...base, breakdown: "source" }))).toBe("steps");
    expect(funnelPath(funnelSchema.parse({ ...base, order: "strict" }))).toBe("strict");
  });
});
