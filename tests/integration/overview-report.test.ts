import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import { createFixtureProject } from "../support/fixtures";

/*
 * Fixture, in America/New_York (UTC-5 in early March):
 *   alice (Annual)  View  2026-03-01T04:30Z = Feb 28 23:30 local   Quantity 2
 *                   Order 2026-03-01T05:30Z = Mar 1 00:30 local    Quantity 1
 *                   Order 2026-03-03T15:00Z = Mar 3                Quantity "n/a"
 *   bob (Monthly)   View  2026-03-01T12:00Z = Mar 1                Quantity 0
 *                   View  2026-03-05T12:00Z = Mar 5 (after as_of 2026-03-04)
 *   carol (no plan) Page  no timestamp (session s1, position 1)
 */
const people = [{ id: "alice", plan: "Annual" }, { id: "bob", plan: "Monthly" }, { id: "carol", properties: { vip: "yes" } }];
const events = [
  { person: "alice", name: "View", at: "2026-03-01T04:30:00Z", properties: { Quantity: 2 } },
  { person: "alice", name: "Order", at: "2026-03-01T05:30:00Z", properties: { Quantity: 1, category: "Shoes" }, revenue: 50 },
  { person: "alice", name: "Order", at: "2026-03-03T15:00:00Z", properties: { Quantity: "n/a" } },
  { person: "bob", name: "View", at: "2026-03-01T12:00:00Z", properties: { Quantity: 0 } },
  { person: "bob", name: "View", at: "2026-03-05T12:00:00Z" },
  { person: "carol", name: "Page", at: null, session: "s1", position: 1 },
];

const run = (slug: string, params: Record<string, string | string[]>) => runReport(cliActor, slug, "overview", params).then((o) => o.result);

beforeAll(async () => {
  await createFixtureProject("ov-ny", "America/New_York", people, events);
  await createFixtureProject("ov-utc", "UTC", people, events);
});

describe("overview report", () => {
  it("compares a range with the same number of days just before it, day for day, and marks a day not yet over", async () => {
    // Mar 3–4 local: alice's Order on Mar 3. The two days before, Mar 1–2: alice's Order at 00:30 and bob's View.
    const r = await run("ov-ny", { from: "2026-03-03", to: "2026-03-04", as_of: "2026-03-04" });
    expect(r.totals).toMatchObject({ people: 1, events: 1 });
    expect(r.partialDay).toBeNull();
    expect(r.previous).toEqual({
      fromDay: "2026-03-01",
      toDay: "2026-03-02",
      events: 2,
      people: 2,
      perDay: [
        { day: "2026-03-03", events: 2, people: 2 },
        { day: "2026-03-04", events: 0, people: 0 },
      ],
    });
    expect((await run("ov-ny", { as_of: "2026-03-04" })).previous).toBeNull();
    // 07:00 on Mar 4 in New York: that day so far.
    expect((await run("ov-ny", { from: "2026-03-03", as_of: "2026-03-04T12:00:00Z" })).partialDay).toBe("2026-03-04");
  });

  it("counts all time up to the end of the as-of day in the project's zone", async () => {
    const r = await run("ov-ny", { as_of: "2026-03-04" });
    expect(r.asOf).toBe("2026-03-05T04:59:59.999Z");
    expect(r.totals).toEqual({
      people: 3,
      events: 5,
      untimedEvents: 1,
      firstEvent: "2026-03-01T04:30:00.000Z",
      lastEvent: "2026-03-03T15:00:00.000Z",
    });
    expect(r.perDay).toEqual([
      { day: "2026-02-28", events: 1, people: 1 },
      { day: "2026-03-01", events: 2, people: 2 },
      { day: "2026-03-02", events: 0, people: 0 },
      { day: "2026-03-03", events: 1, people: 1 },
      { day: "2026-03-04", events: 0, people: 0 },
    ]);
    expect(r.topEvents).toEqual([
      { name: "Order", events: 2, people: 1 },
      { name: "View", events: 2, people: 2 },
      { name: "Page", events: 1, people: 1 },
    ]);
  });

  it("puts the 23:30 local event on its local day: Feb 28 in New York, Mar 1 in UTC", async () => {
    const r = await run("ov-utc", { as_of: "2026-03-04" });
    expect(r.perDay.slice(0, 2)).toEqual([
      { day: "2026-03-01", events: 3, people: 2 },
      { day: "2026-03-02", events: 0, people: 0 },
    ]);
  });

  it("reads the rollups once no event is after as_of, with the events' numbers", async () => {
    // as_of Mar 5: bob's last event is in. `category != zzz` keeps every event and sends the report to the events.
    const r = await run("ov-ny", { as_of: "2026-03-05" });
    expect(r.source).toBe("rollup");
    expect(r.totals).toEqual({
      people: 3,
      events: 6,
      untimedEvents: 1,
      firstEvent: "2026-03-01T04:30:00.000Z",
      lastEvent: "2026-03-05T12:00:00.000Z",
    });
    expect(r.topEvents).toEqual([
      { name: "View", events: 3, people: 2 },
      { name: "Order", events: 2, people: 1 },
      { name: "Page", events: 1, people: 1 },
    ]);
    expect(r.perDay).toEqual([
      { day: "2026-02-28", events: 1, people: 1 },
      { day: "2026-03-01", events: 2, people: 2 },
      { day: "2026-03-02", events: 0, people: 0 },
      { day: "2026-03-03", events: 1, people: 1 },
      { day: "2026-03-04", events: 0, people: 0 },
      { day: "2026-03-05", events: 1, people: 1 },
    ]);
    for (const slug of ["ov-ny", "ov-utc"])
      // From Mar 2, alice's slice of her events starts at her second Order: she counts once for Order, from there.
      for (const range of [{}, { from: "2026-03-03" }, { from: "2026-03-02", to: "2026-03-03" }, { to: "2026-03-03" }] as Record<string, string>[]) {
        const params = { as_of: "2026-03-05", ...range };
        const [rollup, read] = [await run(slug, params), await run(slug, { ...params, where: "category != zzz" })];
        expect([rollup.source, read.source]).toEqual(["rollup", "events"]);
        expect({ ...read, source: "rollup" }, `${slug} ${JSON.stringify(range)}`).toEqual(rollup);
      }
    // Mar 5 at 06:59:59 in New York: bob's 07:00 View is after as_of, which the days cannot tell apart.
    expect((await run("ov-ny", { as_of: "2026-03-05T06:59:59" })).source).toBe("events");
  });

  it("a later as_of takes in the later event", async () => {
    expect((await run("ov-ny", { as_of: "2026-03-05" })).totals.events).toBe(6);
    expect((await run("ov-ny", { as_of: "2026-03-05T06:59:59" })).totals.events).toBe(5);
    expect((await run("ov-ny", { as_of: "2026-03-05T07:00:00" })).totals.events).toBe(6);
  });

  it("a date range leaves out untimed events and bounds the days", async () => {
    for (const from of ["2026-03-01", "-3d"]) {
      const r = await run("ov-ny", { as_of: "2026-03-04", from });
      expect(r.fromDay).toBe("2026-03-01");
      expect(r.totals.events).toBe(3);
      expect(r.totals.people).toBe(2);
      expect(r.totals.untimedEvents).toBe(0);
      expect(r.perDay.map((d) => d.events)).toEqual([2, 0, 1, 0]);
    }
    const r = await run("ov-ny", { as_of: "2026-03-04", from: "2026-03-01", to: "2026-03-01" });
    expect(r.perDay).toEqual([{ day: "2026-03-01", events: 2, people: 2 }]);
  });

  it.each([
    [["Quantity > 0"], 2, 1],
    [["Quantity >= 0"], 3, 2],
    [["Quantity = 1.0"], 1, 1],
    [["Quantity is_set"], 4, 2],
    [["Quantity is_not_set"], 1, 1],
    [["category = Shoes"], 1, 1],
    [["category != Shoes"], 4, 3],
    [["category contains sho"], 1, 1],
    [["person.plan = Annual"], 3, 1],
    [["person.plan != Annual"], 2, 2],
    [["person.vip = yes"], 1, 1],
    [["person.plan starts_with Ann", "Quantity < 2"], 1, 1],
    [["person.plan not_starts_with Ann"], 2, 2],
    // revenue and session are the events' own columns: alice's Order with revenue 50, carol's page view in s1.
    [["revenue > 0"], 1, 1],
    [["revenue is_set"], 1, 1],
    [["revenue is_not_set"], 4, 3],
    [["session = s1"], 1, 1],
  ])("filters %j → %i events, %i people", async (where, nEvents, nPeople) => {
    const r = await run("ov-ny", { as_of: "2026-03-04", where });
    expect([r.totals.events, r.totals.people]).toEqual([nEvents, nPeople]);
  });

  it("refuses bad parameters with a message naming them", async () => {
    await expect(run("ov-ny", { as_of: "yesterday" })).rejects.toThrow("as_of is a date");
    await expect(run("ov-ny", { from: "2026-13-45" })).rejects.toThrow("from is not a real date");
    await expect(run("ov-ny", { where: "Quantity > many" })).rejects.toThrow('Filter "Quantity > many": > compares numbers');
  });

  it("answers 404 for a project that does not exist", async () => {
    await expect(run("nope", {})).rejects.toMatchObject({ code: "not_found" });
  });
});
