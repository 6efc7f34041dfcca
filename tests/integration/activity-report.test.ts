import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import type { ActivityResult } from "@/lib/reports/activity/definition";
import { createFixtureProject } from "../support/fixtures";

/*
 * Fixture, in UTC; the range is Mar 1 to Mar 10, 2026 (Mar 1 a Sunday), so WAU and MAU reach back to Feb 23 and Jan 31.
 *   p1 (Pro)  Feb 5, Mar 1 09:00, Mar 2 09:00, Mar 8 09:00
 *   p2 (Pro)  Feb 20, Mar 5 20:00
 *   p3        Mar 3 14:00 and 14:30, Mar 10 08:00
 * Nobody is active on Mar 4, 6, 7 and 9.
 */
const people = [{ id: "p1", plan: "Pro" }, { id: "p2", plan: "Pro" }, { id: "p3" }];
const at = (person: string, time: string) => ({ person, name: "Visit", at: `2026-${time}:00Z` });
const events = [
  at("p1", "02-05T09:00"), at("p1", "03-01T09:00"), at("p1", "03-02T09:00"), at("p1", "03-08T09:00"),
  at("p2", "02-20T09:00"), at("p2", "03-05T20:00"),
  at("p3", "03-03T14:00"), at("p3", "03-03T14:30"), at("p3", "03-10T08:00"),
];

const run = async (params: Record<string, string>) =>
  (await runReport(cliActor, "act", "activity", { from: "2026-03-01", as_of: "2026-03-10", ...params })).result as ActivityResult;

beforeAll(async () => {
  await createFixtureProject("act", "UTC", people, events);
});

describe("activity report", () => {
  it("counts DAU, WAU and MAU over rolling windows that reach before the range, and a 7-day average with zero days", async () => {
    const r = await run({});
    expect(r.fromDay).toBe("2026-03-01");
    expect(r.toDay).toBe("2026-03-10");
    const [everyone] = r.groups;
    expect(everyone!.value).toBeNull();
    expect(everyone!.people).toBe(3);
    const days = everyone!.days;
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}`));
    expect(days.map((d) => d.dau)).toEqual([1, 1, 1, 0, 1, 0, 0, 1, 0, 1]);
    expect(days.map((d) => d.wau)).toEqual([1, 1, 2, 2, 3, 3, 3, 3, 3, 3]);
    expect(days.map((d) => d.mau)).toEqual([2, 2, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(days.map((d) => d.stickiness)).toEqual([0.5, 0.5, 1 / 3, 0, 1 / 3, 0, 0, 1 / 3, 0, 1 / 3]);
    const sevenths = [1, 2, 3, 3, 4, 4, 4, 4, 3, 3];
    days.forEach((d, i) => expect(d.dauAverage7).toBeCloseTo(sevenths[i]! / 7, 12));
    expect(days.some((d) => d.partial)).toBe(false);
    expect(r.source).toBe("rollup");
  });

  it("gives the ten days before the range, each on the day ten days later, for the comparison", async () => {
    // Feb 19–28: p2 on Feb 20; WAU holds p2 for Feb 20–26; MAU holds p1 (Feb 5) throughout and p2 from Feb 20.
    const { previous } = await run({});
    expect(previous.fromDay).toBe("2026-02-19");
    expect(previous.toDay).toBe("2026-02-28");
    expect(previous.days.map((d) => d.day)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}`));
    expect(previous.days.map((d) => d.dau)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(previous.days.map((d) => d.wau)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(previous.days.map((d) => d.mau)).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it("draws the weekday × hour grid in the project's zone, over the range only", async () => {
    const r = await run({});
    expect(r.hours).toEqual([
      { weekday: 1, hour: 9, events: 1, people: 1 },
      { weekday: 2, hour: 8, events: 1, people: 1 },
      { weekday: 2, hour: 14, events: 2, people: 1 },
      { weekday: 4, hour: 20, events: 1, people: 1 },
      { weekday: 7, hour: 9, events: 2, people: 1 },
    ]);
  });

  it("reads the same figures from the events (any filter sends it there) as from the rollups", async () => {
    const rollup = await run({});
    const read = await run({ where: "revenue is_not_set" });
    expect([rollup.source, read.source]).toEqual(["rollup", "events"]);
    expect({ ...read, source: "rollup" }).toEqual(rollup);
  });

  it("draws the grid in a zone a quarter hour off the hour, from the quarter-hour counts, as the events give it", async () => {
    // Asia/Kathmandu is UTC+5:45: p3's 14:00 and 14:30 UTC are 19:45 and 20:15 there, in two hours; p2's Mar 5 20:00
    // is Friday Mar 6 01:45; p1's 09:00 are 14:45.
    await createFixtureProject("act-npt", "Asia/Kathmandu", people, events);
    const params = { from: "2026-03-01", as_of: "2026-03-10" };
    const rollup = (await runReport(cliActor, "act-npt", "activity", params)).result as ActivityResult;
    expect(rollup.source).toBe("rollup");
    expect(rollup.hours).toEqual([
      { weekday: 1, hour: 14, events: 1, people: 1 },
      { weekday: 2, hour: 13, events: 1, people: 1 },
      { weekday: 2, hour: 19, events: 1, people: 1 },
      { weekday: 2, hour: 20, events: 1, people: 1 },
      { weekday: 5, hour: 1, events: 1, people: 1 },
      { weekday: 7, hour: 14, events: 2, people: 1 },
    ]);
    expect(rollup.groups[0]!.days.map((d) => d.dau)).toEqual([1, 1, 1, 0, 0, 1, 0, 1, 0, 1]);
    const read = (await runReport(cliActor, "act-npt", "activity", { ...params, where: "revenue is_not_set" })).result as ActivityResult;
    expect({ ...read, source: "rollup" }).toEqual(rollup);
  });

  it("breaks down by a person property, the most active values first", async () => {
    const r = await run({ breakdown: "person.plan" });
    expect(r.groups.map((g) => [g.value, g.people])).toEqual([[null, 3], ["Pro", 2], ["(none)", 1]]);
    const pro = r.groups[1]!.days;
    expect(pro.map((d) => d.dau)).toEqual([1, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(pro.map((d) => d.mau)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it("marks the as-of day partial when as_of falls inside it, and ignores later events", async () => {
    const r = await run({ as_of: "2026-03-10T07:00:00Z" });
    const last = r.groups[0]!.days.at(-1)!;
    expect(last).toMatchObject({ day: "2026-03-10", dau: 0, wau: 2, partial: true });
    // p3's 08:00 event comes after as_of, which the day rollup cannot tell apart: the events answer.
    expect(r.source).toBe("events");
  });

  it("defaults to the 90 days ending on the as-of day and refuses an unknown property", async () => {
    const r = (await runReport(cliActor, "act", "activity", { as_of: "2026-03-10" })).result as ActivityResult;
    expect([r.fromDay, r.toDay, r.groups[0]!.days.length]).toEqual(["2025-12-11", "2026-03-10", 90]);
    await expect(run({ breakdown: "person.plam" })).rejects.toThrow('breakdown: this project has no person property "plam". Did you mean "plan"?');
  });
});
