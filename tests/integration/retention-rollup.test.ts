import type { PoolClient } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { runDrilldown, runReport } from "@/lib/data/reports";
import { deleteUpload } from "@/lib/data/uploads";
import { getDb } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { rebuildActivity } from "@/lib/reports/rollups/activity-masks";
import { nothingAfter, rebuildSlots } from "@/lib/reports/rollups/activity-days";
import { sql } from "@/lib/db/sql";
import type { CellPerson } from "@/lib/reports/retention/cell-people";
import type { RawParams } from "@/lib/reports/params";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { createFixtureProject } from "../support/fixtures";
import { importText } from "../support/ingest";
import { EVENTS_RELATION, nodes, type ExplainOutput } from "../support/plan-walk";

/*
 * The activity rollup (lib/rollups/activity-masks.ts) against the raw events: the same report read both ways must
 * agree for every cohort kind, and the rollup an upload keeps must equal one rebuilt from the events. Every fixture
 * event has a Quantity, so `where=Quantity is_set` keeps every event and sends the report to the raw events.
 */
const NOW = new Date("2026-07-01T12:00:00Z");
const retention = async (slug: string, params: RawParams) => (await runReport(cliActor, slug, "retention", params, { now: NOW })).result as RetentionResult;
const ev = (person: string, at: string, name = "open") => ({ person, name, at, properties: { Quantity: 1 } });
const people = (evs: { person: string }[]) => [...new Set(evs.map((e) => e.person))].map((id) => ({ id }));

/*
 * UTC, ISO weeks, as_of Sun 2026-02-22, periods 8 → cohort weeks Dec 29 … Feb 16; the window starts Dec 22.
 *   l1  first event Mon 2024-11-04; then Feb 2 and Feb 16 2026: weeks 65 and 67 after its first, so in its second
 *       mask row (weeks 62–123), shifted down into the window.
 *   l2  Jan 5, Jan 12, Feb 9 2026: the only cohort (week of Jan 5): W0, W1, W5 retained.
 *   l3  first event Mon 2025-01-06; then Tue Feb 3 2026: week 56 of its first row.
 * Per week, Dec 29 … Feb 16: active 0, 1, 1, 0, 0, 2 (l1 l3), 1 (l2), 1 (l1);
 *   reactivated 0, 0, 0, 0, 0, 2, 1, 1; new 0, 1 (l2), 0, …; churned 0, 0, 0, 1, 0, 0, 2, 1.
 */
const longEvents = [
  ev("l1", "2024-11-04T10:00:00Z"), ev("l1", "2026-02-02T10:00:00Z"), ev("l1", "2026-02-16T10:00:00Z"),
  ev("l2", "2026-01-05T10:00:00Z"), ev("l2", "2026-01-12T10:00:00Z"), ev("l2", "2026-02-09T10:00:00Z"),
  ev("l3", "2025-01-06T10:00:00Z"), ev("l3", "2026-02-03T10:00:00Z"),
];

/*
 * UTC, months, as_of 2026-03-31. Signups and events chosen so that every cohort kind has members, people are
 * active before their signup, and a person has events after as_of in the as-of month (k5, Mar 20 with as_of Mar 15).
 */
const kindPeople = [
  { id: "k1", signup: "2026-01-10T00:00:00Z" },
  { id: "k2", signup: "2026-02-15T00:00:00Z" },
  { id: "k3", signup: "2025-12-20T00:00:00Z" },
  { id: "k4", signup: "2026-01-25T12:00:00Z" },
  { id: "k5", signup: "2026-03-02T00:00:00Z" },
];
const kindEvents = [
  ev("k1", "2026-01-05T10:00:00Z", "View"), ev("k1", "2026-01-20T10:00:00Z", "Purchase"), ev("k1", "2026-02-02T10:00:00Z"),
  ev("k1", "2026-03-03T10:00:00Z", "Purchase"),
  ev("k2", "2026-02-10T10:00:00Z", "View"), ev("k2", "2026-02-20T10:00:00Z", "View"), ev("k2", "2026-03-01T10:00:00Z"),
  ev("k3", "2026-01-03T10:00:00Z", "Purchase"), ev("k3", "2026-02-04T10:00:00Z", "Purchase"),
  ev("k4", "2026-01-25T09:00:00Z"), ev("k4", "2026-02-25T09:00:00Z", "Purchase"),
  ev("k5", "2026-01-08T10:00:00Z"), ev("k5", "2026-03-02T10:00:00Z", "Purchase"), ev("k5", "2026-03-20T10:00:00Z"),
];

beforeAll(async () => {
  await createFixtureProject("rollup-long", "UTC", people(longEvents), longEvents);
  await createFixtureProject("rollup-kinds", "Europe/London", kindPeople, kindEvents);
});

describe("retention rollup: a history longer than one mask row", () => {
  const params = { period: "week", periods: "8", as_of: "2026-02-22" };

  it("the cohort and the reactivation table, worked out by hand", async () => {
    const r = await retention("rollup-long", params);
    expect(r.source).toBe("rollup");
    const everyone = r.groups[0]!;
    expect(everyone.cohorts.map((c) => [c.cohort, c.size])).toEqual([
      ["2025-12-29", 0], ["2026-01-05", 1], ["2026-01-12", 0], ["2026-01-19", 0], ["2026-01-26", 0], ["2026-02-02", 0], ["2026-02-09", 0], ["2026-02-16", 0],
    ]);
    expect(everyone.cohorts[1]!.cells.map((c) => c.retained)).toEqual([1, 1, 0, 0, 0, 1, 0, 0]);
    expect(everyone.cohorts[1]!.cells.map((c) => c.state)).toEqual(["complete", "complete", "complete", "complete", "complete", "complete", "complete", "future"]);
    expect(r.reactivation.map((x) => x.active)).toEqual([0, 1, 1, 0, 0, 2, 1, 1]);
    expect(r.reactivation.map((x) => x.reactivated)).toEqual([0, 0, 0, 0, 0, 2, 1, 1]);
    expect(r.reactivation.map((x) => x.new)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(r.reactivation.map((x) => x.churned)).toEqual([0, 0, 0, 1, 0, 0, 2, 1]);
  });

  it("agrees with the raw events, by week and by month", async () => {
    for (const period of ["week", "month"]) {
      const p = { ...params, period, periods: period === "week" ? "8" : "3" };
      const fromRollup = await retention("rollup-long", p);
      const fromEvents = await retention("rollup-long", { ...p, where: "Quantity is_set" });
      expect([fromRollup.source, fromEvents.source]).toEqual(["rollup", "events"]);
      expect(fromRollup.groups).toEqual(fromEvents.groups);
      expect(fromRollup.reactivation).toEqual(fromEvents.reactivation);
    }
  });
});

describe("retention rollup: retained across two mask rows", () => {
  /*
   * UTC, ISO weeks, as_of Sun 2026-03-22, periods 4 → cohort weeks Feb 23 … Mar 16; the window starts Feb 16.
   *   b1  first event Mon 2025-01-06; then Mar 9 and Mar 16 2026: weeks 61 and 62 after its first, the last period
   *       of its first mask row and the first of its second, so retained on Mar 16 only through the two rows.
   *   b2  Mar 9 and Mar 16 2026: new, then retained within one row.
   * Per week, Feb 23 … Mar 16: active 0, 0, 2, 2; new 0, 0, 1, 0; retained 0, 0, 0, 2; reactivated 0, 0, 1, 0.
   */
  const evs = [
    ev("b1", "2025-01-06T10:00:00Z"), ev("b1", "2026-03-09T10:00:00Z"), ev("b1", "2026-03-16T10:00:00Z"),
    ev("b2", "2026-03-09T11:00:00Z"), ev("b2", "2026-03-16T11:00:00Z"),
  ];

  it("the reactivation table, worked out by hand, and as the events give it", async () => {
    await createFixtureProject("rollup-boundary", "UTC", people(evs), evs);
    const p = { period: "week", periods: "4", as_of: "2026-03-22" };
    const r = await retention("rollup-boundary", p);
    expect(r.source).toBe("rollup");
    expect(r.reactivation.map((x) => [x.period, x.active, x.new, x.retained, x.reactivated, x.churned])).toEqual([
      ["2026-02-23", 0, 0, 0, 0, 0],
      ["2026-03-02", 0, 0, 0, 0, 0],
      ["2026-03-09", 2, 1, 0, 1, 0],
      ["2026-03-16", 2, 0, 2, 0, 0],
    ]);
    expect(r.reactivation).toEqual((await retention("rollup-boundary", { ...p, where: "Quantity is_set" })).reactivation);
  });
});

describe("activity rollups: nothing after as_of", () => {
  /*
   * The quarter hours with events (event_slots) tell without reading the events that nothing is later than an as_of
   * at or after the last millisecond of the last one (event times are kept to the millisecond); an earlier as_of
   * looks at the events. Here the last quarter hour, 10:00–10:15, holds an event at its last millisecond.
   */
  const evs = [ev("n1", "2026-03-02T10:00:00.000Z"), ev("n1", "2026-03-02T10:14:59.999Z")];

  it("holds from the last event on, and the quarter hours alone answer from their last millisecond", async () => {
    const project = await createFixtureProject("rollup-nothing-after", "UTC", people(evs), evs);
    const { pool } = await getDb();
    const run = (prefix: string, asOf: string) => {
      const query = nothingAfter(project.id, sql`${asOf}::timestamptz`);
      return pool.query(`${prefix} select ${query.text} as v`, query.values as unknown[]);
    };
    const at = async (asOf: string) => (await run("", asOf)).rows[0].v;
    expect(await at("2026-03-02T10:14:59.999Z")).toBe(true);
    expect(await at("2026-03-02T10:15:00.000Z")).toBe(true);
    expect(await at("2026-03-02T10:14:59.998Z")).toBe(false);
    expect(await at("2026-03-02T10:05:00.000Z")).toBe(false);
    // Whether the events were read: their scan under the `or` runs only when the quarter hours cannot answer.
    const eventsRead = async (asOf: string) => {
      const { rows } = await run("explain (analyze, format json)", asOf);
      const scans = [...nodes((rows[0]["QUERY PLAN"] as ExplainOutput)[0].Plan)].filter((n) => EVENTS_RELATION.test(n["Relation Name"] ?? ""));
      expect(scans.length, "the plan has a scan of the events").toBeGreaterThan(0);
      return scans.some((n) => (n["Actual Loops"] ?? 0) > 0);
    };
    expect(await eventsRead("2026-03-02T10:14:59.999Z")).toBe(false);
    expect(await eventsRead("2026-03-02T10:14:59.998Z")).toBe(true);
  });
});

describe("retention rollup: a day's events on both sides of an elapsed week", () => {
  // The rollup reads each local day's first and last event: s1's first event is Mon Jan 5 10:00; on Mon Jan 12, 09:00
  // is 6 days 23 hours on (elapsed week 0) and 11:00 is 7 days 1 hour on (week 1).
  const evs = [ev("s1", "2026-01-05T10:00:00Z"), ev("s1", "2026-01-12T09:00:00Z"), ev("s1", "2026-01-12T11:00:00Z")];

  it("counts both weeks, as the events do", async () => {
    await createFixtureProject("rollup-straddle", "UTC", people(evs), evs);
    const p = { period: "week", periods: "3", as_of: "2026-01-25", counting: "elapsed" };
    const fromRollup = await retention("rollup-straddle", p);
    const fromEvents = await retention("rollup-straddle", { ...p, where: "Quantity is_set" });
    expect([fromRollup.source, fromEvents.source]).toEqual(["rollup", "events"]);
    const cohort = fromRollup.groups[0]!.cohorts.find((c) => c.size > 0)!;
    expect([cohort.cohort, cohort.cells.map((c) => c.retained)]).toEqual(["2026-01-05", [1, 1, 0]]);
    expect(fromRollup.groups).toEqual(fromEvents.groups);
  });
});

describe("retention rollup: every cohort kind agrees with the raw events", () => {
  const cohorts = ["first", "signup", "first:Purchase", "each:Purchase", "each:View"];
  const cases = cohorts.flatMap((cohort) =>
    ["week", "month"].flatMap((period) => ["on", "on_or_after"].flatMap((kind) => ["2026-03-15", "2026-03-31"].map((asOf) => ({ cohort, period, kind, as_of: asOf })))),
  );

  it.each(cases)("%j: matrix, reactivation and every cell's people", async (base) => {
    const params = { ...base, periods: base.period === "week" ? "12" : "3", counting: "calendar" };
    const fromRollup = await retention("rollup-kinds", params);
    const events = { ...params, where: "Quantity is_set" };
    const fromEvents = await retention("rollup-kinds", events);
    expect([fromRollup.source, fromEvents.source]).toEqual(["rollup", "events"]);
    expect(fromRollup.groups).toEqual(fromEvents.groups);
    expect(fromRollup.reactivation).toEqual(fromEvents.reactivation);
    for (const cohort of fromRollup.groups[0]!.cohorts.filter((c) => c.size > 0))
      for (let k = 0; k < cohort.cells.length; k++)
        for (const show of ["retained", "lost"]) {
          const cell = { cell_cohort: cohort.cohort, cell_period: String(k), show, page_size: "500" };
          const people = async (raw: RawParams) => (await runDrilldown(cliActor, "rollup-kinds", "retention", "people", raw, { now: NOW })).people as CellPerson[];
          const [a, b] = [await people({ ...params, ...cell }), await people({ ...events, ...cell })];
          expect(a.map((x) => x.person), `${cohort.cohort} ${k} ${show}`).toEqual(b.map((x) => x.person));
        }
  });

  it("elapsed counting reads the rollup for cohorts by first event and the events for the others", async () => {
    for (const cohort of cohorts) {
      const params = { cohort, period: "month", periods: "3", as_of: "2026-03-15", counting: "elapsed" };
      const r = await retention("rollup-kinds", params);
      expect(r.source).toBe(cohort === "first" ? "rollup" : "events");
      expect(r.groups).toEqual((await retention("rollup-kinds", { ...params, where: "Quantity is_set" })).groups);
    }
  });
});

describe("activity rollups: what uploads keep equals a rebuild from the events", () => {
  type Rows = { masks: unknown[]; people: unknown[]; days: unknown[]; spans: unknown[]; slots: unknown[] };
  /** The rollup's rows, read through `reader`: a connection inside a transaction sees that transaction's rows. */
  async function snapshot(projectId: string, reader?: Pick<PoolClient, "query">): Promise<Rows> {
    const pool = reader ?? (await getDb()).pool;
    const masks = await pool.query(
      "select grain, person_id, chunk, calendar::text, elapsed::text from activity_masks where project_id = $1 order by 1, 2, 3",
      [projectId],
    );
    const ppl = await pool.query("select person_id, first_local::text, last_local::text from activity_people where project_id = $1 order by 1", [projectId]);
    const days = await pool.query("select person_id, days::text, hours::text from activity_days where project_id = $1 order by 1", [projectId]);
    const spans = await pool.query("select day::text, gap, people from activity_spans where project_id = $1 order by 1, 2", [projectId]);
    const slots = await pool.query("select upload_id::text, slot::text, events from event_slots where project_id = $1 order by 1, 2", [projectId]);
    return { masks: masks.rows, people: ppl.rows, days: days.rows, spans: spans.rows, slots: slots.rows };
  }
  async function rebuilt(project: { id: string; timezone: string }): Promise<Rows> {
    const { pool } = await getDb();
    return withTransaction(pool, { rollback: true }, async (client) => {
      await rebuildActivity(client, project);
      await rebuildSlots(client, project.id);
      return snapshot(project.id, client);
    });
  }

  /*
   * Three uploads in an order a user might send them: the newest first, then older history that moves first events
   * earlier (p1, p2: every mask position moves), then a file overlapping both, with a new person and a repeat.
   * New York time, so local days and weeks differ from UTC ones near midnight.
   */
  const uploads = [
    "person,time\np1,2026-03-02 08:00\np1,2026-03-20 23:30\np2,2026-03-10 12:00\np3,2026-03-31 23:59\n",
    "person,time\np1,2025-01-06 00:30\np2,2026-02-28 23:30\np2,2024-06-15 10:00\n",
    "person,time\np1,2026-03-02 08:00\np3,2026-04-01 00:01\np4,2026-02-01 09:00\np2,2025-12-31 23:59\n",
  ];

  // Each upload into the shared segment 0, then each as a segment of its own (JOURNEYLENS_SEGMENT_MIN_ROWS=1).
  it.each([
    ["in the shared segment", "rollup-uploads", undefined],
    ["each in a segment of its own", "rollup-segments", "1"],
  ])("after each upload and each removal, %s", async (_, slug, segmentMinRows) => {
    const project = await createProject(cliActor, { slug, timezone: "America/New_York" });
    if (segmentMinRows) process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = segmentMinRows;
    try {
      const ids: string[] = [];
      for (const text of uploads) {
        ids.push((await importText(slug, text, { kind: "events", set: { name: "open" } })).upload);
        const kept = await snapshot(project.id);
        expect(kept.masks.length).toBeGreaterThan(0);
        expect(kept.days.length).toBeGreaterThan(0);
        expect(kept.spans.length).toBeGreaterThan(0);
        expect(kept.slots.length).toBeGreaterThan(0);
        expect(kept).toEqual(await rebuilt(project));
      }
      // Each person's active days with the days to their next, at most 30: p1 Jan 6 (30+), Mar 2 (18), Mar 20 (last);
      // p2 Jun 15 (30+), Dec 31 (59 → 30), Feb 28 (10), Mar 10 (last); p3 Mar 31 (1), Apr 1 (last); p4 Feb 1 (last).
      const span = (day: string, gap: number) => ({ day, gap, people: 1 });
      expect((await snapshot(project.id)).spans).toEqual([
        span("2024-06-15", 30), span("2025-01-06", 30), span("2025-12-31", 30), span("2026-02-01", 30), span("2026-02-28", 10),
        span("2026-03-02", 18), span("2026-03-10", 30), span("2026-03-20", 30), span("2026-03-31", 1), span("2026-04-01", 30),
      ]);
      for (const id of [ids[1]!, ids[0]!]) {
        await deleteUpload(cliActor, slug, id);
        expect(await snapshot(project.id)).toEqual(await rebuilt(project));
      }
    } finally {
      delete process.env.JOURNEYLENS_SEGMENT_MIN_ROWS;
    }
  });
});
