import { execFile } from "node:child_process";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/projects/[slug]/reports/[kind]/route";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { runDrilldown, runReport } from "@/lib/data/reports";
import { createUser } from "@/lib/data/users";
import type { RawParams } from "@/lib/reports/params";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { REPORTS } from "@/lib/reports/registry";
import { createFixtureProject } from "../support/fixtures";
import { importText } from "../support/ingest";

/*
 * Without as_of, a project whose data ends before now is read as of the end of its last event day (in its zone).
 * These runs use the real clock: the fixture ended two years before these tests were written, and stays in the past.
 *
 * "past" is in America/New_York (UTC−5 in winter, UTC−4 in summer). Activity, all 2024 unless said:
 *   a1  Jan 15, Feb 10, Dec 5
 *   a2  Jan 20
 *   z0  2023-11-10, Jan 5          (first event before the first cohort month: in no cohort)
 *   b1  Jun 3, Jul 4
 *   c1  Nov 20, Dec 1
 *   d1  Dec 2, 2024-12-10T03:00Z   (= Dec 9, 22:00 in New York: in UTC it would be Dec 10)
 * The last event day is Dec 9, 2024 (local): as_of defaults to its end, 2024-12-10T04:59:59.999Z.
 * Monthly retention, 12 periods: cohorts Jan … Dec 2024 (Dec the partial as-of month).
 *   Jan = a1 a2 (2): M0 2, M1 (Feb) a1 = 1, M2–M10 0, M11 (Dec, incomplete) a1 = 1.
 *   Feb–May, Jul–Oct: nobody (size 0).
 *   Jun = b1 (1): M0 1, M1 (Jul) 1, M2–M5 0, M6 (Dec, incomplete) 0, M7–M11 future.
 *   Nov = c1 (1): M0 1, M1 (Dec, incomplete) 1, then future.
 *   Dec = d1 (1): M0 (incomplete) 1, then future.
 */
const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}-01`);
const SIZES = [2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1];
const at = (day: string, time = "17:00:00Z") => `${day}T${time}`;
const events = [
  ["a1", at("2024-01-15")], ["a1", at("2024-02-10")], ["a1", at("2024-12-05")],
  ["a2", at("2024-01-20")],
  ["z0", at("2023-11-10")], ["z0", at("2024-01-05")],
  ["b1", at("2024-06-03")], ["b1", at("2024-07-04")],
  ["c1", at("2024-11-20")], ["c1", at("2024-12-01")],
  ["d1", at("2024-12-02")], ["d1", "2024-12-10T03:00:00Z"],
].map(([person, time]) => ({ person: person!, name: "open", at: time! }));
const people = ["a1", "a2", "z0", "b1", "c1", "d1"].map((id) => ({ id }));

let key = "";
beforeAll(async () => {
  await createFixtureProject("past", "America/New_York", people, events);
  // Page journeys alone: events in order, none with a clock.
  await createFixtureProject("untimed", "UTC", [{ id: "l1" }], [
    { person: "l1", name: "Home", at: null, session: "s1", position: 1 },
    { person: "l1", name: "Pricing", at: null, session: "s1", position: 2 },
  ]);
  await createUser(cliActor, { email: "data-end@example.com", name: "D", role: "sales", password: "long-enough-pw" });
  key = (await createApiKey(cliActor, { userEmail: "data-end@example.com", name: "data-end" })).key;
});

const retention = (params: RawParams, now?: Date) => runReport(cliActor, "past", "retention", { period: "month", ...params }, { now });
const cohorts = (r: RetentionResult) => r.groups.find((g) => g.value === null)!.cohorts;

async function viaApi(slug: string, kind: string, query: string) {
  const req = new NextRequest(`http://localhost/api/v1/projects/${slug}/reports/${kind}?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const res = await reportRoute(req, { params: Promise.resolve({ slug, kind }) });
  expect(res.status).toBe(200);
  return res.json();
}

function viaCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("./bin/journeylens", args, { env: process.env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the default as_of follows the data", () => {
  it("reads a project whose data ended in the past as of the end of its last event day, in its zone", async () => {
    const output = await retention({});
    expect(output).toMatchObject({ asOfSource: "data_end", dataEnd: "2024-12-09", asOf: "2024-12-10T04:59:59.999Z", unavailable: null });
    // The canonical parameters leave the defaulted as_of out, so links made from them keep following the data.
    expect(output.params.as_of).toBeUndefined();
    const result = output.result as RetentionResult;
    expect(result.asOf).toBe("2024-12-10T04:59:59.999Z");
    const rows = cohorts(result);
    expect(rows.map((c) => c.cohort)).toEqual(months);
    expect(rows.map((c) => c.size)).toEqual(SIZES);
    const [jan, , , , , jun, , , , , nov, dec] = rows;
    expect(jan!.cells.map((c) => c.retained)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(jan!.cells.map((c) => c.state)).toEqual([...Array(11).fill("complete"), "incomplete"]);
    expect(jun!.cells.map((c) => c.retained).slice(0, 7)).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(jun!.cells.map((c) => c.state)).toEqual([...Array(6).fill("complete"), "incomplete", ...Array(5).fill("future")]);
    expect(nov!.cells.slice(0, 2).map((c) => [c.retained, c.state])).toEqual([[1, "complete"], [1, "incomplete"]]);
    expect(dec!.cells[0]).toMatchObject({ retained: 1, state: "incomplete" });
    expect(output.definition.at(-1)).toBe(
      "No as_of was given, and the data ends on 9 Dec 2024 (the last day with a timed event, in America/New_York): the numbers are read as of the end of that day. " +
        "Without as_of a report reads the data up to now, or up to the end of the project's last day with a timed event when that day is over. Give as_of to read another moment.",
    );
  });

  it("gives the numbers of that day given as as_of; an explicit as_of still wins", async () => {
    const defaulted = await retention({});
    const given = await retention({ as_of: "2024-12-09" });
    expect(given.result).toEqual(defaulted.result);
    expect(given).toMatchObject({ asOfSource: "given", dataEnd: "2024-12-09", params: { as_of: "2024-12-09" } });
    // The year before now (as the default was before): twelve empty cohorts.
    const later = await retention({ as_of: "2026-06-30" });
    expect(later.asOfSource).toBe("given");
    expect(cohorts(later.result as RetentionResult).map((c) => c.size)).toEqual(Array(12).fill(0));
  });

  it("reads up to now while the last event day is not over", async () => {
    // 23:00 UTC on Dec 9 is 18:00 in New York: the last event day is still going on.
    const now = new Date("2024-12-09T23:00:00Z");
    const output = await retention({}, now);
    expect(output).toMatchObject({ asOfSource: "now", dataEnd: "2024-12-09", asOf: now.toISOString() });
    expect(output.definition.at(-1)).toMatch(/^No as_of was given: the numbers are read as of now\. /);
  });

  it("gives the same numbers through the API route and the CLI, which carry the as_of used and the data end", async () => {
    const direct = await retention({});
    const api = await viaApi("past", "retention", "period=month");
    expect(api).toMatchObject({ asOf: "2024-12-10T04:59:59.999Z", asOfSource: "data_end", dataEnd: "2024-12-09" });
    expect(api.result).toEqual(direct.result);
    const cli = await viaCli("report", "retention", "--project", "past", "--period", "month");
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json).toMatchObject({ asOf: "2024-12-10T04:59:59.999Z", asOfSource: "data_end", dataEnd: "2024-12-09" });
    expect(json.result).toEqual(direct.result);
  });

  it("lists a cell's people at the same defaulted as_of", async () => {
    const page = await runDrilldown(cliActor, "past", "retention", "people", { period: "month", cell_cohort: "2024-01-01", cell_period: "11" });
    expect(page.total).toBe(1);
    expect(page.people.map((p) => (p as { person: string }).person)).toEqual(["a1"]);
  });

  it("moves with the data: a later upload (a new data version) moves the data end", async () => {
    await importText("past", "person,time,name\nb1,2024-12-20 12:00,open\n", { kind: "events" });
    const output = await retention({});
    expect(output).toMatchObject({ asOfSource: "data_end", dataEnd: "2024-12-20", asOf: "2024-12-21T04:59:59.999Z", cached: false });
    // b1 (June) is now back in December, still the partial as-of month.
    expect(cohorts(output.result as RetentionResult)[5]!.cells[6]).toMatchObject({ retained: 1, state: "incomplete" });
  });
});

describe("reports that need timed events, on events without timestamps", () => {
  const needTimes = Object.entries(REPORTS)
    .filter(([, r]) => r.definition.timedEvents)
    .map(([kind]) => kind);

  it("are retention, activity, lifecycle, stages and revenue, each pointing to a report that exists", () => {
    expect(needTimes.sort()).toEqual(["activity", "lifecycle", "retention", "revenue", "stages"]);
    for (const kind of needTimes) expect(Object.keys(REPORTS)).toContain(REPORTS[kind as keyof typeof REPORTS].definition.timedEvents!.instead);
  });

  it.each(needTimes)("%s says why it cannot be computed and what to see instead", async (kind) => {
    const output = await runReport(cliActor, "untimed", kind, {});
    expect(output.asOfSource).toBe("now");
    expect(output.dataEnd).toBeNull();
    expect(output.unavailable).toMatchObject({ instead: "journeys", insteadTitle: "Journeys" });
    const title = REPORTS[kind as keyof typeof REPORTS].definition.title.toLowerCase();
    expect(output.unavailable!.reason).toBe(`These events have no timestamps; ${title} needs timed events`);
  });

  it("says it in the API's JSON; reports that read untimed events, and projects with timed ones, say nothing", async () => {
    const api = await viaApi("untimed", "retention", "");
    expect(api.unavailable).toEqual({
      reason: "These events have no timestamps; retention needs timed events",
      remedy: "Upload events with a time column to compute retention; Journeys follows these events in their order.",
      instead: "journeys",
      insteadTitle: "Journeys",
    });
    for (const kind of ["journeys", "overview", "funnel"]) expect((await runReport(cliActor, "untimed", kind, {})).unavailable).toBeNull();
    expect((await retention({})).unavailable).toBeNull();
  });
});
