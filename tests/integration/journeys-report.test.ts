import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import { journeysSchema, JOURNEY_DEFAULTS, type JourneysResult } from "@/lib/reports/journeys/definition";
import { journeySource, journeysQuery, type JourneySource } from "@/lib/reports/journeys/query";
import { getProject } from "@/lib/data/projects";
import { getDb } from "@/lib/db/client";
import { resolveDayRange } from "@/lib/reports/sql/time-bounds";
import { createFixtureProject } from "../support/fixtures";

/*
 * Page journeys without a clock; positions count each person's pages across their sessions, in file order.
 *   a Annual   s1: Home Pricing Pricing | s2: Pricing Checkout      → Home Pricing Checkout (repeats collapse, across s1|s2 too)
 *   b Annual   s1: Home Blog | s2: Home Pricing | s3: Checkout      → Home Blog Home Pricing Checkout
 *   c Monthly  s1: Blog                                            → Blog (empty once Blog is removed)
 *   d Monthly  s1: Home Courses Home Courses                       → Home Courses Home Courses
 * e has timed View and Order events with a category: a path over a property.
 */
const journey = (person: string, sessions: string[][]) => {
  let position = 0;
  return sessions.flatMap((pages, i) => pages.map((name) => ({ person, name, at: null, session: `${person}-s${i + 1}`, position: ++position })));
};
const events = [
  ...journey("a", [["Home", "Pricing", "Pricing"], ["Pricing", "Checkout"]]),
  ...journey("b", [["Home", "Blog"], ["Home", "Pricing"], ["Checkout"]]),
  ...journey("c", [["Blog"]]),
  ...journey("d", [["Home", "Courses", "Home", "Courses"]]),
  { person: "e", name: "View", at: "2026-03-01T10:00:00Z", properties: { category: "Shoes" } },
  { person: "e", name: "View", at: "2026-03-01T10:05:00Z", properties: { category: "Shoes" } },
  { person: "e", name: "View", at: "2026-03-01T10:10:00Z", properties: { category: "Bags" } },
  { person: "e", name: "Order", at: "2026-03-01T10:20:00Z", properties: { category: "Bags" } },
];
const people = [{ id: "a", plan: "Annual" }, { id: "b", plan: "Annual" }, { id: "c", plan: "Monthly" }, { id: "d", plan: "Monthly" }, { id: "e", plan: "Annual" }];

const run = async (params: Record<string, string | string[]> = {}) =>
  (await runReport(cliActor, "jrn", "journeys", { as_of: "2026-03-31", ...params })).result as JourneysResult;
const everyone = async (params: Record<string, string | string[]> = {}) => (await run(params)).segments[0]!;
const pairs = (rows: { page: string; count: number }[]) => rows.map((r) => [r.page, r.count]);

beforeAll(async () => {
  await createFixtureProject("jrn", "UTC", people, events);
});

describe("journeys report", () => {
  it("counts journeys, pages, presence, lengths, first and last pages; ties by count, then name", async () => {
    const s = await everyone();
    expect(s.journeys).toBe(4);
    expect(s.emptied).toBe(0);
    expect(pairs(s.pageCounts)).toEqual([["Home", 5], ["Blog", 2], ["Checkout", 2], ["Courses", 2], ["Pricing", 2]]);
    expect(s.presence.map((p) => [p.page, p.journeys, p.share])).toEqual([
      ["Home", 3, 0.75],
      ["Blog", 2, 0.5],
      ["Checkout", 2, 0.5],
      ["Pricing", 2, 0.5],
      ["Courses", 1, 0.25],
    ]);
    expect(s.length).toEqual({
      mean: 3.25,
      median: 3.5,
      distribution: [
        { length: 1, journeys: 1, orLonger: false },
        { length: 3, journeys: 1, orLonger: false },
        { length: 4, journeys: 1, orLonger: false },
        { length: 5, journeys: 1, orLonger: false },
      ],
    });
    expect(pairs(s.firstPages)).toEqual([["Home", 3], ["Blog", 1]]);
    expect(pairs(s.lastPages)).toEqual([["Checkout", 2], ["Blog", 1], ["Courses", 1]]);
  });

  it("collapses a repeat across a session boundary, or keeps every repeat", async () => {
    expect(pairs((await everyone()).pageCounts).find(([p]) => p === "Pricing")).toEqual(["Pricing", 2]);
    const kept = await everyone({ repeats: "keep" });
    expect(pairs(kept.pageCounts)).toEqual([["Home", 5], ["Pricing", 4], ["Blog", 2], ["Checkout", 2], ["Courses", 2]]);
    expect(kept.length.distribution.map((d) => [d.length, d.journeys])).toEqual([[1, 1], [4, 1], [5, 2]]);
  });

  it("removes pages before collapsing: b's two Homes meet and become one; c's journey is emptied and left out", async () => {
    const s = await everyone({ remove: "Blog" });
    expect(s.journeys).toBe(3);
    expect(s.emptied).toBe(1);
    expect(pairs(s.pageCounts)).toEqual([["Home", 4], ["Checkout", 2], ["Courses", 2], ["Pricing", 2]]);
    expect(s.presence.find((p) => p.page === "Home")).toEqual({ page: "Home", journeys: 3, share: 1 });
  });

  it("takes the first or last n sessions before concatenating, all of them when a person has fewer", async () => {
    const first = await everyone({ sessions: "first:1" });
    expect(first.length.distribution.map((d) => [d.length, d.journeys])).toEqual([[1, 1], [2, 2], [4, 1]]);
    expect(pairs(first.lastPages)).toEqual([["Blog", 2], ["Courses", 1], ["Pricing", 1]]);
    const last = await everyone({ sessions: "last:1" });
    expect(pairs(last.firstPages)).toEqual([["Blog", 1], ["Checkout", 1], ["Home", 1], ["Pricing", 1]]);
    expect(await everyone({ sessions: "first:5" })).toEqual(await everyone());
    expect(await everyone({ sessions: "last:9" })).toEqual(await everyone());
  });

  it("makes each session a journey of its own with unit=session", async () => {
    const s = await everyone({ unit: "session" });
    expect(s.journeys).toBe(7);
    expect(s.presence.find((p) => p.page === "Pricing")).toEqual({ page: "Pricing", journeys: 3, share: 3 / 7 });
  });

  it("lists the pages just before and after a chosen page, with the journey's edges", async () => {
    const s = await everyone({ page: "Home" });
    expect(pairs(s.before)).toEqual([["(start)", 3], ["Blog", 1], ["Courses", 1]]);
    expect(pairs(s.after)).toEqual([["Courses", 2], ["Pricing", 2], ["Blog", 1]]);
  });

  it("counts contiguous sequences at most once per journey", async () => {
    const two = (await everyone({ n: "2" })).sequences.map((q) => [q.pages.join(" > "), q.journeys]);
    expect(two).toEqual([
      ["Home > Pricing", 2],
      ["Pricing > Checkout", 2],
      ["Blog > Home", 1],
      ["Courses > Home", 1],
      ["Home > Blog", 1],
      ["Home > Courses", 1],
    ]);
    const three = (await everyone({ n: "3" })).sequences.map((q) => [q.pages.join(" > "), q.journeys]);
    expect(three[0]).toEqual(["Home > Pricing > Checkout", 2]);
    expect(three).toHaveLength(5);
  });

  it("splits every metric by a segment and compares presence with a two-proportion z-test", async () => {
    const r = await run({ segment: "person.plan" });
    expect(r.segments.map((s) => [s.value, s.journeys])).toEqual([[null, 4], ["Annual", 2], ["Monthly", 2]]);
    expect(r.segments[2]!.presence.map((p) => [p.page, p.journeys])).toEqual([["Blog", 1], ["Courses", 1], ["Home", 1]]);
    const home = r.comparisons.find((c) => c.page === "Home")!;
    expect(home).toMatchObject({ segment: "Monthly", baseline: "Annual" });
    // Monthly 1 of 2 against Annual 2 of 2: pooled 3/4, se √(3/4 · 1/4 · (1/2 + 1/2)), z = −1.155, p = 0.2482.
    expect(Number(home.comparison!.z.toPrecision(4))).toBe(-1.155);
    expect(Number(home.comparison!.p.toPrecision(4))).toBe(0.2482);
    expect(home.comparison!.difference).toBe(-0.5);
  });

  it("draws paths from a start page, with (end) where a journey stops short, and to an end page", async () => {
    const links = (r: JourneysResult) => r.paths!.links.map((l) => `${l.from.level}:${l.from.page} > ${l.to.level}:${l.to.page} ${l.journeys}`);
    const from = await run({ start: "Home", depth: "3" });
    expect(from.paths!.journeys).toBe(3);
    expect(links(from)).toEqual([
      "0:Home > 1:Blog 1",
      "0:Home > 1:Courses 1",
      "0:Home > 1:Pricing 1",
      "1:Blog > 2:Home 1",
      "1:Courses > 2:Home 1",
      "1:Pricing > 2:Checkout 1",
      "2:Checkout > 3:(end) 1",
      "2:Home > 3:Courses 1",
      "2:Home > 3:Pricing 1",
    ]);
    const to = await run({ end: "Checkout", depth: "2" });
    expect(links(to)).toEqual(["-1:Pricing > 0:Checkout 2", "-2:Home > -1:Pricing 2"]);
  });

  it("builds journeys over an event's property: events with a clock, in time order", async () => {
    const byCategory = await everyone({ event: "View", by: "category" });
    expect(byCategory.journeys).toBe(1);
    expect(pairs(byCategory.pageCounts)).toEqual([["Bags", 1], ["Shoes", 1]]);
    expect(byCategory.sequences.map((q) => q.pages)).toEqual([]);
    expect((await everyone({ event: "View", by: "category", n: "2" })).sequences.map((q) => q.pages)).toEqual([["Shoes", "Bags"]]);
    expect(pairs((await everyone({ by: "category", repeats: "keep" })).pageCounts)).toEqual([["Bags", 2], ["Shoes", 2]]);
  });

  it("refuses start and end together, and a bad sessions choice", async () => {
    await expect(run({ start: "Home", end: "Checkout" })).rejects.toThrow(/not both/);
    await expect(run({ sessions: "first" })).rejects.toThrow(/sessions is all, first:<n> or last:<n>/);
  });
});

describe("journey sources", () => {
  /** The statement's row from one source, with the range the report resolves first. */
  const row = async (params: Record<string, string | string[]>, source: JourneySource) => {
    const project = await getProject(cliActor, "jrn");
    const db = await getDb();
    const p = journeysSchema.parse({ as_of: "2026-03-31", ...params });
    const bounds = await resolveDayRange({ db, project, now: new Date(), log: [] }, p, JOURNEY_DEFAULTS.from);
    const q = journeysQuery(project, p, bounds, source);
    return (await db.pool.query(q.text, q.values as unknown[])).rows[0];
  };
  const cases: Record<string, string | string[]>[] = [
    {},
    { remove: "Blog" },
    { remove: ["Blog", "Home"], repeats: "keep" },
    { page: "Pricing", n: "2" },
    { segment: "person.plan" },
    { where: "person.plan = Annual", n: "4" },
    { start: "Home", depth: "3" },
    { end: "Checkout" },
  ];

  it.each(cases)("%j: the same figures from the sequence rollup as from the events", async (params) => {
    expect(journeySource(journeysSchema.parse(params))).toBe("sequences");
    const fromSequences = await row(params, "sequences");
    expect(fromSequences.lengths.length).toBeGreaterThan(0);
    expect(fromSequences).toEqual(await row(params, "events"));
  });

  it("reads the events for sessions, pages from other events or properties, and event filters or segments", () => {
    for (const params of [{ unit: "session" }, { sessions: "first:1" }, { by: "category" }, { event: "View" }, { where: "category = Shoes" }, { segment: "category" }])
      expect(journeySource(journeysSchema.parse(params))).toBe("events");
  });
});
