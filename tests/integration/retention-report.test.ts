import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import { deleteUpload } from "@/lib/data/uploads";
import { AppError } from "@/lib/errors";
import type { RawParams } from "@/lib/reports/params";
import type { CellState, RetentionGroup, RetentionResult } from "@/lib/reports/retention/definition";
import { createFixtureProject } from "../support/fixtures";
import { importText } from "../support/ingest";

/*
 * Every expected number below is worked out by hand from the fixture beside it (docs/retention.md), never copied
 * from the report's output. Every run has a fixed as_of and a fixed `now`, so nothing depends on the clock.
 * Every fixture event carries a Quantity property unless said otherwise, so that `where=Quantity is_set` keeps
 * every event: that is how the raw-events source is compared with the rollup on the same data.
 */
const NOW = new Date("2026-07-01T12:00:00Z");
const C: CellState = "complete";
const I: CellState = "incomplete";
const F: CellState = "future";

type Ev = { person: string; name: string; at: string; properties: Record<string, unknown> };
const ev = (person: string, at: string, name = "open", properties: Record<string, unknown> = { Quantity: 1 }): Ev => ({ person, name, at, properties });

const report = (slug: string, params: RawParams) => runReport(cliActor, slug, "retention", params, { now: NOW });
const retention = async (slug: string, params: RawParams) => (await report(slug, params)).result;

function group(r: RetentionResult, value: string | null = null): RetentionGroup {
  const found = r.groups.find((g) => g.value === value);
  if (!found) throw new Error(`no group ${value ?? "(everyone)"} in ${JSON.stringify(r.groups.map((g) => g.value))}`);
  return found;
}

/** A cohort as [cohort, size, retained per period, state per period]; also checks each cell's rate against them. */
type Shape = [cohort: string, size: number, retained: number[], states: CellState[]];
function shape(g: RetentionGroup): Shape[] {
  for (const c of g.cohorts)
    for (const cell of c.cells) expect(cell.rate).toBe(cell.state === "future" || c.size === 0 ? null : cell.retained / c.size);
  return g.cohorts.map((c) => [c.cohort, c.size, c.cells.map((x) => x.retained), c.cells.map((x) => x.state)]);
}
const everyone = (r: RetentionResult) => shape(group(r));

// ─── Months, a mid-month as_of, on versus on_or_after ────────────────────────────────────────────────────────────
/*
 * UTC. Activity (2026 unless said):
 *   a1  Jan 5, Feb 10, Mar 10
 *   a2  Jan 20, Mar 20
 *   a3  Jan 25, Feb 3
 *   a4  Jan 8, Mar 2            (skips February)
 *   b1  Feb 2, Mar 1
 *   b2  Feb 14
 *   c1  Mar 3, Mar 20
 *   c2  Mar 16
 *   z1  2025-12-20, Jan 10      (first event before `from`: in no cohort)
 * as_of 2026-03-15, periods 3 → from 2026-01-01: cohorts Jan, Feb, Mar; March is the partial as-of month.
 *   Jan = a1 a2 a3 a4 (4). M0 all 4. M1 (Feb): a1, a3 = 2. M2 (Mar, incomplete): a1 (Mar 10), a4 (Mar 2) = 2;
 *        a2's Mar 20 is after as_of.
 *   Feb = b1 b2 (2). M0 2. M1 (Mar, incomplete): b1 = 1. M2 (Apr): future.
 *   Mar = c1 (1; c2's first event Mar 16 is after as_of). M0 (incomplete) 1; M1, M2 future.
 *   average (complete cells only): M0 (4+2)/(4+2) = 1; M1 Jan only 2/4; M2 none → null.
 * on_or_after (last active period: a1 M2, a2 M0, a3 M1, a4 M2; b1 M1, b2 M0):
 *   Jan M1 = a1 a3 a4 = 3, M2 = a1 a4 = 2; Feb M1 = 1. average M1 3/4.
 */
const monthPeople = ["a1", "a2", "a3", "a4", "b1", "b2", "c1", "c2", "z1"].map((id) => ({ id }));
const monthEvents = [
  ev("a1", "2026-01-05T10:00:00Z"), ev("a1", "2026-02-10T10:00:00Z"), ev("a1", "2026-03-10T10:00:00Z"),
  ev("a2", "2026-01-20T10:00:00Z"), ev("a2", "2026-03-20T10:00:00Z"),
  ev("a3", "2026-01-25T10:00:00Z"), ev("a3", "2026-02-03T10:00:00Z"),
  ev("a4", "2026-01-08T10:00:00Z"), ev("a4", "2026-03-02T10:00:00Z"),
  ev("b1", "2026-02-02T10:00:00Z"), ev("b1", "2026-03-01T10:00:00Z"),
  ev("b2", "2026-02-14T10:00:00Z"),
  ev("c1", "2026-03-03T10:00:00Z"), ev("c1", "2026-03-20T10:00:00Z"),
  ev("c2", "2026-03-16T10:00:00Z"),
  ev("z1", "2025-12-20T10:00:00Z"), ev("z1", "2026-01-10T10:00:00Z"),
];

// ─── ISO weeks ───────────────────────────────────────────────────────────────────────────────────────────────────
/*
 * UTC. 2026-01-05 is a Monday. ISO weeks: Jan 5–11, Jan 12–18, Jan 19–25, Jan 26–Feb 1.
 *   w1  Sun Jan 11 23:00, Mon Jan 12 01:00   (a Sunday-start week would put both in one week)
 *   w2  Mon Jan 5 10:00, Sun Jan 18 09:00
 *   w3  Tue Jan 13 12:00, Mon Jan 19 08:00
 *   w4  Sat Jan 24 12:00
 * as_of 2026-01-25 (Sunday: the week of Jan 19 is complete), periods 3 → cohorts Jan 5, Jan 12, Jan 19.
 * Calendar: Jan 5 = w1 w2: W0 2, W1 (Jan 12–18) w1 + w2 = 2, W2 0. Jan 12 = w3: W0 1, W1 1, W2 (Jan 26) future.
 *   Jan 19 = w4: W0 1. average 4/4, (2+1)/3, 0/2.
 * Elapsed (whole 7-day spans from the person's first event):
 *   w1: +2 h → week 0. w2: +12 d 23 h → week 1. w3: +5 d 20 h → week 0.
 *   Jan 5: W0 2, W1 1 (w2). States: W1 ends for the latest member (Jan 11 23:00) on Jan 25 23:00 ≤ as_of → complete;
 *     W2 begins for the earliest (Jan 5 10:00) on Jan 19 10:00 and ends for the latest on Feb 1 23:00 → incomplete.
 *   Jan 12: W0 1 (ends Jan 20 12:00, complete), W1 0 (Jan 20 12:00 – Jan 27 12:00: incomplete), W2 future.
 *   Jan 19: W0 1 (ends Jan 31 12:00: incomplete), then future. average 3/3, 1/2, null.
 */
const weekEvents = [
  ev("w1", "2026-01-11T23:00:00Z"), ev("w1", "2026-01-12T01:00:00Z"),
  ev("w2", "2026-01-05T10:00:00Z"), ev("w2", "2026-01-18T09:00:00Z"),
  ev("w3", "2026-01-13T12:00:00Z"), ev("w3", "2026-01-19T08:00:00Z"),
  ev("w4", "2026-01-24T12:00:00Z"),
];

// ─── Days, with times of day ─────────────────────────────────────────────────────────────────────────────────────
/*
 * UTC. as_of 2026-02-04, periods 3 → cohorts Feb 2, Feb 3, Feb 4.
 *   d1  Feb 2 22:00, Feb 3 08:00 (+10 h), Feb 3 23:00 (+25 h)
 *   d2  Feb 2 06:00, Feb 3 05:00 (+23 h), Feb 4 07:00 (+49 h)
 *   d3  Feb 3 12:00, Feb 4 11:59 (+23 h 59)
 *   d4  Feb 4 09:00
 * Calendar: Feb 2 = d1 d2: D0 2, D1 2, D2 d2 = 1. Feb 3 = d3: D0 1, D1 1, D2 future. Feb 4 = d4: D0 1.
 *   average 4/4, 3/3, 1/2.
 * Elapsed (whole 24 h): d1 days 0, 0, 1; d2 days 0, 0, 2; d3 days 0, 0.
 *   Feb 2: D0 2, D1 d1 = 1 (ends for the latest member Feb 4 22:00: complete), D2 d2 = 1 (begins Feb 4 06:00,
 *     ends Feb 5 22:00: incomplete). Feb 3: D0 1 (complete at Feb 4 12:00), D1 0 incomplete, D2 future.
 *   Feb 4: D0 1 incomplete. average 3/3, 1/2, null.
 * Elapsed on_or_after: last elapsed day d1 1, d2 2, d3 0 → Feb 2: 2, 2, 1.
 */
const dayEvents = [
  ev("d1", "2026-02-02T22:00:00Z"), ev("d1", "2026-02-03T08:00:00Z"), ev("d1", "2026-02-03T23:00:00Z"),
  ev("d2", "2026-02-02T06:00:00Z"), ev("d2", "2026-02-03T05:00:00Z"), ev("d2", "2026-02-04T07:00:00Z"),
  ev("d3", "2026-02-03T12:00:00Z"), ev("d3", "2026-02-04T11:59:00Z"),
  ev("d4", "2026-02-04T09:00:00Z"),
];

// ─── Local time: America/New_York (UTC−5 in winter) ──────────────────────────────────────────────────────────────
/*
 *   ny1  2026-02-01T04:30Z = Jan 31 23:30 local;  2026-02-02T15:00Z = Feb 2 10:00 local
 *   ny2  2026-01-01T04:30Z = Dec 31 23:30 local;  2026-01-10T15:00Z = Jan 10 local
 *   ny3  2026-03-01T04:30Z = Feb 28 23:30 local
 *   ny4  2026-02-01T05:30Z = Feb 1 00:30 local
 * Months, as_of 2026-02-28 (= 2026-03-01T04:59:59.999Z), periods 2 → cohorts Jan, Feb:
 *   New York: Jan = ny1 (1): M0 1, M1 1 (Feb 2). ny2 started in December: no cohort. Feb = ny3, ny4 (2): M0 2.
 *   The same events in a UTC project: Jan = ny2 (1): M0 1, M1 0. Feb = ny1, ny4 (2); ny3 is after as_of.
 * Days in New York, as_of 2026-02-02, periods 3 → cohorts Jan 31, Feb 1, Feb 2:
 *   Jan 31 = ny1: D0 1, D1 0, D2 1. Feb 1 = ny4: D0 1, D1 0, D2 future. Feb 2: nobody (size 0, no rates).
 *   ny5  2026-03-08T04:00Z = Mar 7 23:00 EST; 2026-03-09T03:30Z = Mar 8 23:30 EDT (clocks go forward on Mar 8).
 *   On wall-clock time 24 h 30 min passed (elapsed day 1), though only 23 h 30 min of real time did.
 *   Days, from = to = Mar 7, as_of Mar 10, elapsed: Mar 7 = ny5: D0 1, D1 1, D2 0, all complete by Mar 10 23:59.
 */
const nyEvents = [
  ev("ny1", "2026-02-01T04:30:00Z"), ev("ny1", "2026-02-02T15:00:00Z"),
  ev("ny2", "2026-01-01T04:30:00Z"), ev("ny2", "2026-01-10T15:00:00Z"),
  ev("ny3", "2026-03-01T04:30:00Z"),
  ev("ny4", "2026-02-01T05:30:00Z"),
  ev("ny5", "2026-03-08T04:00:00Z"), ev("ny5", "2026-03-09T03:30:00Z"),
];

// ─── Calendar versus elapsed months ──────────────────────────────────────────────────────────────────────────────
/*
 * UTC, only the January cohort (from 2026-01-01 to 2026-01-31), as_of 2026-04-30, periods 4. Month index per event
 * as calendar / elapsed (a month has elapsed when day and time of day reach the first's):
 *   e1  Jan 20 10:00 (0/0); Feb 5 12:00 (1/0)
 *   e2  Jan 31 10:00 (0/0); Feb 28 12:00 (1/0, February has no 31st); Mar 1 00:00 (2/1: month 1 starts at Mar 1)
 *   e3  Jan 15 10:00 (0/0); Feb 15 09:59 (1/0, one minute short); Apr 15 10:00 (3/3)
 *   e4  Jan 10 10:00 (0/0); Feb 9 12:00 (1/0); Feb 11 12:00 (1/1: one calendar month touching two elapsed ones)
 * Size 4.
 *   calendar on:          M0 4, M1 4, M2 e2 = 1, M3 e3 = 1
 *   calendar on_or_after: last calendar month e1 1, e2 2, e3 3, e4 1 → 4, 4, 2, 1
 *   elapsed on:           M0 4, M1 e2 e4 = 2, M2 0, M3 e3 = 1
 *   elapsed on_or_after:  last elapsed month e1 0, e2 1, e3 3, e4 1 → 4, 3, 1, 1
 * Elapsed states: earliest member e4 (Jan 10 10:00), latest e2 (Jan 31 10:00). e2's month 3 starts May 1 00:00
 * (no April 31st), so M2 has ended for everyone exactly at the end of Apr 30: complete. M3 began Apr 10 10:00 for
 * e4 and ends May 31 10:00 for e2: incomplete. With as_of Apr 29, M2 is incomplete too.
 */
const elapsedEvents = [
  ev("e1", "2026-01-20T10:00:00Z"), ev("e1", "2026-02-05T12:00:00Z"),
  ev("e2", "2026-01-31T10:00:00Z"), ev("e2", "2026-02-28T12:00:00Z"), ev("e2", "2026-03-01T00:00:00Z"),
  ev("e3", "2026-01-15T10:00:00Z"), ev("e3", "2026-02-15T09:59:00Z"), ev("e3", "2026-04-15T10:00:00Z"),
  ev("e4", "2026-01-10T10:00:00Z"), ev("e4", "2026-02-09T12:00:00Z"), ev("e4", "2026-02-11T12:00:00Z"),
];

// ─── Filters ─────────────────────────────────────────────────────────────────────────────────────────────────────
/*
 * UTC, as_of 2026-03-31, months, periods 3 → cohorts Jan, Feb, Mar.
 *   f1 (Pro)   Order Jan 5 Q2, Order Feb 5 Q1, Order Mar 5 Q0
 *   f2 (Free)  Order Jan 10 Q0, Order Feb 10 Q−1        (no event with Quantity > 0)
 *   f3 (Pro)   View Jan 15 Q0, Order Feb 20 Q3
 *   f4 (none)  Order Feb 1 Q5, View Mar 2 Q0
 * No filter: Jan = f1 f2 f3: 3, 3, 1 (f1 in March). Feb = f4: 1, 1. Mar: nobody.
 * where=Quantity > 0 (both sides): f2 has no event left → no cohort. f1 Jan: 1, 1 (Feb 5), 0 (Mar 5 is Q0).
 *   f3's first kept event is Feb 20 → Feb = f3 f4: 2, 0 (f4's Mar 2 is Q0).
 *   average (all these cells are complete by Mar 31): M0 3/3; M1 (1 + 0)/(1 + 2) = 1/3; M2 Jan only 0/1.
 * return_where=Quantity > 0: cohorts as unfiltered; returns are f1 Jan 5, Feb 5; f3 Feb 20; f4 Feb 1.
 *   Jan (3): M0 f1 = 1, M1 f1 f3 = 2, M2 0. Feb (1): M0 1, M1 0.
 * where=person.plan = Pro: Jan = f1 f3: 2, 2, 1. Feb: nobody.
 * return_where=person.plan = Pro (returning events of Pro people only): cohorts as unfiltered.
 *   Jan (3): M0 f1 f3 = 2, M1 2, M2 f1 = 1. Feb (f4, no plan): 0, 0.
 *   Reactivation counts only f1 (Jan, Feb, Mar) and f3 (Jan, Feb): Jan active 2, new 2; Feb active 2, retained 2;
 *   Mar active 1 (f1), retained 1, churned 1 (f3); nothing reactivated, no inactive base.
 * cohort_where=Quantity > 0 (cohort side only): f1 Jan 5, f3 Feb 20, f4 Feb 1; returns are any event.
 *   Jan = f1: 1, 1, 1. Feb = f3 f4: M0 2, M1 f4 (Mar 2) = 1.
 */
const filterPeople = [{ id: "f1", plan: "Pro" }, { id: "f2", plan: "Free" }, { id: "f3", plan: "Pro" }, { id: "f4" }];
const filterEvents = [
  ev("f1", "2026-01-05T10:00:00Z", "Order", { Quantity: 2 }), ev("f1", "2026-02-05T10:00:00Z", "Order", { Quantity: 1 }),
  ev("f1", "2026-03-05T10:00:00Z", "Order", { Quantity: 0 }),
  ev("f2", "2026-01-10T10:00:00Z", "Order", { Quantity: 0 }), ev("f2", "2026-02-10T10:00:00Z", "Order", { Quantity: -1 }),
  ev("f3", "2026-01-15T10:00:00Z", "View", { Quantity: 0 }), ev("f3", "2026-02-20T10:00:00Z", "Order", { Quantity: 3 }),
  ev("f4", "2026-02-01T10:00:00Z", "Order", { Quantity: 5 }), ev("f4", "2026-03-02T10:00:00Z", "View", { Quantity: 0 }),
];

// ─── Breakdown ───────────────────────────────────────────────────────────────────────────────────────────────────
/*
 * UTC, as_of 2026-02-28, months, periods 2 → cohorts Jan, Feb.
 *   g1 Pro Jan 3, Feb 3 · g2 Pro Jan 10 · g7 Pro Jan 25, Feb 25 · g3 Free Jan 12, Feb 12 · g6 Free Feb 9
 *   g5 (no plan) Jan 20 · g4 (no plan) Feb 5
 * everyone: Jan = g1 g2 g3 g5 g7 (5): 5, 3 (g1 g3 g7). Feb = g4 g6 (2): 2, future. size 7. average 1, 3/5.
 * Pro:    Jan = g1 g2 g7 (3): 3, 2. Feb: nobody → size 0, retained 0, no rate. size 3. average 1, 2/3.
 * Free:   Jan = g3 (1): 1, 1. Feb = g6 (1): 1. size 2. average 1, 1.
 * (none): Jan = g5 (1): 1, 0. Feb = g4 (1): 1. size 2. average 1, 0.
 * By the JSON person property tier (g1 g3 gold, g6 silver, nobody else has one):
 *   gold: Jan = g1 g3: 2, 2; Feb nobody. silver: Jan nobody; Feb = g6: 1. (none): Jan = g2 g5 g7: 3, 1 (g7); Feb = g4: 1.
 */
const breakdownPeople = [
  { id: "g1", plan: "Pro", properties: { tier: "gold" } }, { id: "g2", plan: "Pro" }, { id: "g7", plan: "Pro" },
  { id: "g3", plan: "Free", properties: { tier: "gold" } }, { id: "g6", plan: "Free", properties: { tier: "silver" } },
  { id: "g5" }, { id: "g4" },
];
const breakdownEvents = [
  ev("g1", "2026-01-03T10:00:00Z"), ev("g1", "2026-02-03T10:00:00Z"),
  ev("g2", "2026-01-10T10:00:00Z"),
  ev("g7", "2026-01-25T10:00:00Z"), ev("g7", "2026-02-25T10:00:00Z"),
  ev("g3", "2026-01-12T10:00:00Z"), ev("g3", "2026-02-12T10:00:00Z"),
  ev("g6", "2026-02-09T10:00:00Z"),
  ev("g5", "2026-01-20T10:00:00Z"),
  ev("g4", "2026-02-05T10:00:00Z"),
];

// ─── Cohort kinds and return events ──────────────────────────────────────────────────────────────────────────────
/*
 * UTC, as_of 2026-03-31, months, periods 3 → cohorts Jan, Feb, Mar.
 *   h1 (Pro, signup Jan 10)  View Jan 5, Purchase Jan 20, View Feb 2, Purchase Mar 3
 *   h2 (signup Feb 15)       View Feb 10 (before signup), View Mar 1
 *   h3 (signup 2025-12-20)   Purchase Jan 3, Purchase Feb 4
 *   h4 (signup Jan 25)       no events
 *   h5 (no signup)           View Jan 8, Purchase Feb 14, Purchase Mar 14
 *   h6 (signup Apr 2)        View Mar 5
 * cohort=signup: Jan = h1 h4 (2): M0 h1 (Jan 20) = 1, M1 1, M2 1. Feb = h2 (1): M0 0 (Feb 10 is before the signup),
 *   M1 1 (Mar 1), M2 future. Mar: nobody (h6 signs up after as_of; h3 before from). average 1/3, 2/3, 1/2.
 *   With cohort_where=person.plan = Pro: Jan = h1: 1, 1, 1; Feb, Mar nobody.
 *   Elapsed: h1 (Jan 10 00:00): Jan 20, Feb 2 → month 0; Mar 3 → month 1. h2 (Feb 15 00:00): Mar 1 → month 0.
 *     Jan (h1 h4): 1, 1, 0; M2 began Mar 10 for h1 and ends Apr 25 for h4: incomplete.
 *     Feb (h2): M0 1 (ended Mar 15), M1 0 (Mar 15 – Apr 15: incomplete), M2 future. average 2/3, 1/2, null.
 * cohort=first:Purchase: Jan = h1 (Jan 20), h3 (Jan 3); Feb = h5 (Feb 14).
 *   return any: Jan 2, 2 (h1 View Feb 2, h3), 1 (h1). Feb 1, 1 (h5 Mar 14).
 *   return=Purchase: Jan 2, 1 (h3 Feb 4), 1 (h1 Mar 3). Feb 1, 1.
 * cohort=each:Purchase (one membership per month with a Purchase), return=Purchase:
 *   Jan = h1 h3 (2): 2, 1 (h3 Feb 4), 1 (h1 Mar 3). Feb = h3 h5 (2): 2, 1 (h5 Mar 14). Mar = h1 h5 (2): 2.
 *   size 6 memberships. average 6/6, (1+1)/4, 1/2.
 * cohort=first, return=Purchase: Jan = h1 h3 h5 (3): M0 h1 h3 = 2, M1 h3 h5 = 2, M2 h1 h5 = 2.
 *   Feb = h2 (1): 0, 0. Mar = h6 (1): 0.
 */
const cohortPeople = [
  { id: "h1", plan: "Pro", signup: "2026-01-10T00:00:00Z" },
  { id: "h2", signup: "2026-02-15T00:00:00Z" },
  { id: "h3", signup: "2025-12-20T00:00:00Z" },
  { id: "h4", signup: "2026-01-25T00:00:00Z" },
  { id: "h5" },
  { id: "h6", signup: "2026-04-02T00:00:00Z" },
];
const cohortEvents = [
  ev("h1", "2026-01-05T10:00:00Z", "View"), ev("h1", "2026-01-20T10:00:00Z", "Purchase"), ev("h1", "2026-02-02T10:00:00Z", "View"),
  ev("h1", "2026-03-03T10:00:00Z", "Purchase"),
  ev("h2", "2026-02-10T10:00:00Z", "View"), ev("h2", "2026-03-01T10:00:00Z", "View"),
  ev("h3", "2026-01-03T10:00:00Z", "Purchase"), ev("h3", "2026-02-04T10:00:00Z", "Purchase"),
  ev("h5", "2026-01-08T10:00:00Z", "View"), ev("h5", "2026-02-14T10:00:00Z", "Purchase"), ev("h5", "2026-03-14T10:00:00Z", "Purchase"),
  ev("h6", "2026-03-05T10:00:00Z", "View"),
];

// ─── Reactivation ────────────────────────────────────────────────────────────────────────────────────────────────
/*
 * UTC, months. Active months (X):      Dec  Jan  Feb  Mar  Apr  May
 *   r1                                  .    X    X    X    X    X (May 5)
 *   r2                                  .    X    .    X    .    X (May 10)
 *   r3                                  .    .    X    X    .    .
 *   r4                                  .    .    .    .    X    X (May 20)
 *   r5                                  X    .    X    .    .    .
 *   r6                                  .    X    .    .    .    .
 * as_of 2026-05-31, periods 5 → Jan … May. Per month: active; new (first ever); retained (also in the previous);
 * reactivated (not in the previous, but before it); inactive base (active before the previous, not in it);
 * churned (in the previous, not in this one).
 *   Jan: active r1 r2 r6 = 3, new 3, retained 0, reactivated 0, base 0 (nobody before Dec), churned r5 = 1
 *   Feb: active r1 r3 r5 = 3, new r3 = 1, retained r1 = 1, reactivated r5 = 1, base r5 = 1 → rate 1, churned r2 r6 = 2
 *   Mar: active r1 r2 r3 = 3, new 0, retained r1 r3 = 2, reactivated r2 = 1, base r2 r6 = 2 → 1/2, churned r5 = 1
 *   Apr: active r1 r4 = 2, new r4 = 1, retained r1 = 1, reactivated 0, base r5 r6 = 2 → 0, churned r2 r3 = 2
 *   May: active r1 r2 r4 = 3, new 0, retained r1 r4 = 2, reactivated r2 = 1, base r2 r3 r5 r6 = 4 → 1/4, churned 0
 * as_of 2026-05-15: May so far is r1 r2 (r4's May 20 is later): active 2, retained 1, reactivated 1, base 4, churned r4 = 1,
 *   and May is not complete.
 */
const reactivationEvents = [
  ...["01", "02", "03", "04"].map((m) => ev("r1", `2026-${m}-10T10:00:00Z`)), ev("r1", "2026-05-05T10:00:00Z"),
  ev("r2", "2026-01-10T10:00:00Z"), ev("r2", "2026-03-10T10:00:00Z"), ev("r2", "2026-05-10T10:00:00Z"),
  ev("r3", "2026-02-10T10:00:00Z"), ev("r3", "2026-03-10T10:00:00Z"),
  ev("r4", "2026-04-10T10:00:00Z"), ev("r4", "2026-05-20T10:00:00Z"),
  ev("r5", "2025-12-10T10:00:00Z"), ev("r5", "2026-02-10T10:00:00Z"),
  ev("r6", "2026-01-10T10:00:00Z"),
];

const people = (evs: Ev[]) => [...new Set(evs.map((e) => e.person))].map((id) => ({ id }));

beforeAll(async () => {
  await createFixtureProject("ret-month", "UTC", monthPeople, monthEvents);
  await createFixtureProject("ret-week", "UTC", people(weekEvents), weekEvents);
  await createFixtureProject("ret-day", "UTC", people(dayEvents), dayEvents);
  await createFixtureProject("ret-ny", "America/New_York", people(nyEvents), nyEvents);
  await createFixtureProject("ret-ny-utc", "UTC", people(nyEvents), nyEvents);
  await createFixtureProject("ret-elapsed", "UTC", people(elapsedEvents), elapsedEvents);
  await createFixtureProject("ret-filter", "UTC", filterPeople, filterEvents);
  await createFixtureProject("ret-breakdown", "UTC", breakdownPeople, breakdownEvents);
  await createFixtureProject("ret-cohorts", "UTC", cohortPeople, cohortEvents);
  await createFixtureProject("ret-react", "UTC", people(reactivationEvents), reactivationEvents);
});

describe("retention: periods", () => {
  const monthly = { period: "month", periods: "3" };

  it("months with a mid-month as_of: the partial month is incomplete and left out of the average, later ones are future", async () => {
    const r = await retention("ret-month", { ...monthly, as_of: "2026-03-15" });
    expect([r.fromDay, r.toDay, r.period, r.periods, r.source]).toEqual(["2026-01-01", "2026-03-15", "month", 3, "rollup"]);
    expect(everyone(r)).toEqual([
      ["2026-01-01", 4, [4, 2, 2], [C, C, I]],
      ["2026-02-01", 2, [2, 1, 0], [C, I, F]],
      ["2026-03-01", 1, [1, 0, 0], [I, F, F]],
    ]);
    expect(group(r).cohorts.map((c) => c.cells.map((x) => x.rate))).toEqual([
      [1, 0.5, 0.5],
      [1, 0.5, null],
      [1, null, null],
    ]);
    expect(group(r).average).toEqual([1, 0.5, null]);
    expect(group(r).size).toBe(7);
  });

  it("the same months read at the end of March: every March cell is complete and the later events count", async () => {
    // a2's Mar 20 now counts (Jan M2 = a1 a2 a4 = 3) and c2 joins March (c1 c2). average 8/8, (2+1)/6, 3/4.
    const r = await retention("ret-month", { ...monthly, as_of: "2026-03-31" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 4, [4, 2, 3], [C, C, C]],
      ["2026-02-01", 2, [2, 1, 0], [C, C, F]],
      ["2026-03-01", 2, [2, 0, 0], [C, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 0.5, 0.75]);
  });

  it("from=-Nd: people whose first event is before from are in no cohort, though their cohort month is shown", async () => {
    // from = Mar 15 − 43 days = Jan 31: a1–a4 started earlier (Jan 5–25), so January is listed with nobody in it.
    const r = await retention("ret-month", { ...monthly, as_of: "2026-03-15", from: "-43d" });
    expect(r.fromDay).toBe("2026-01-31");
    expect(everyone(r)).toEqual([
      ["2026-01-01", 0, [0, 0, 0], [C, C, I]],
      ["2026-02-01", 2, [2, 1, 0], [C, I, F]],
      ["2026-03-01", 1, [1, 0, 0], [I, F, F]],
    ]);
    expect(group(r).average).toEqual([1, null, null]);
  });

  it("cohort=each:<event> takes in people whose first event is before from (z1), once per month", async () => {
    /*
     * Memberships by month with an "open" event up to as_of (Mar 15):
     *   Jan = a1 a2 a3 a4 z1 (5): M1 (Feb) a1 a3 = 2, M2 (Mar so far) a1 a4 = 2.
     *   Feb = a1 (Feb 10) a3 b1 b2 (4): M1 (Mar so far) a1 b1 = 2.
     *   Mar = a1 a4 b1 c1 (4; a2's Mar 20 and c2's Mar 16 are later).
     *   average 9/9, 2/5 (Jan only: Feb's M1 is incomplete), null.
     */
    const r = await retention("ret-month", { ...monthly, as_of: "2026-03-15", cohort: "each:open" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 5, [5, 2, 2], [C, C, I]],
      ["2026-02-01", 4, [4, 2, 0], [C, I, F]],
      ["2026-03-01", 4, [4, 0, 0], [I, F, F]],
    ]);
    expect(group(r).size).toBe(13);
    expect(group(r).average).toEqual([1, 0.4, null]);
  });

  it("kind=on_or_after counts a person in every period up to their last return", async () => {
    const r = await retention("ret-month", { ...monthly, as_of: "2026-03-15", kind: "on_or_after" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 4, [4, 3, 2], [C, C, I]],
      ["2026-02-01", 2, [2, 1, 0], [C, I, F]],
      ["2026-03-01", 1, [1, 0, 0], [I, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 0.75, null]);
  });

  it("ISO weeks start on Monday (calendar counting)", async () => {
    const r = await retention("ret-week", { period: "week", periods: "3", as_of: "2026-01-25" });
    expect(r.fromDay).toBe("2026-01-05");
    expect(everyone(r)).toEqual([
      ["2026-01-05", 2, [2, 2, 0], [C, C, C]],
      ["2026-01-12", 1, [1, 1, 0], [C, C, F]],
      ["2026-01-19", 1, [1, 0, 0], [C, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 1, 0]);
  });

  it("elapsed weeks are whole 7-day spans from each person's first event", async () => {
    const r = await retention("ret-week", { period: "week", periods: "3", as_of: "2026-01-25", counting: "elapsed" });
    expect(everyone(r)).toEqual([
      ["2026-01-05", 2, [2, 1, 0], [C, C, I]],
      ["2026-01-12", 1, [1, 0, 0], [C, I, F]],
      ["2026-01-19", 1, [1, 0, 0], [I, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 0.5, null]);
  });

  it("days: calendar counting", async () => {
    const r = await retention("ret-day", { period: "day", periods: "3", as_of: "2026-02-04" });
    expect(everyone(r)).toEqual([
      ["2026-02-02", 2, [2, 2, 1], [C, C, C]],
      ["2026-02-03", 1, [1, 1, 0], [C, C, F]],
      ["2026-02-04", 1, [1, 0, 0], [C, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 1, 0.5]);
  });

  it("days: elapsed counting by whole 24 hours, on and on_or_after", async () => {
    const on = await retention("ret-day", { period: "day", periods: "3", as_of: "2026-02-04", counting: "elapsed" });
    expect(everyone(on)).toEqual([
      ["2026-02-02", 2, [2, 1, 1], [C, C, I]],
      ["2026-02-03", 1, [1, 0, 0], [C, I, F]],
      ["2026-02-04", 1, [1, 0, 0], [I, F, F]],
    ]);
    expect(group(on).average).toEqual([1, 0.5, null]);
    const after = await retention("ret-day", { period: "day", periods: "3", as_of: "2026-02-04", counting: "elapsed", kind: "on_or_after" });
    expect(everyone(after)).toEqual([
      ["2026-02-02", 2, [2, 2, 1], [C, C, I]],
      ["2026-02-03", 1, [1, 0, 0], [C, I, F]],
      ["2026-02-04", 1, [1, 0, 0], [I, F, F]],
    ]);
    expect(group(after).average).toEqual([1, 1, null]);
  });
});

describe("retention: local time", () => {
  it("an event at 23:30 on Jan 31 in New York is in January, and Dec 31 23:30 is in December", async () => {
    const r = await retention("ret-ny", { period: "month", periods: "2", as_of: "2026-02-28" });
    expect(r.asOf).toBe("2026-03-01T04:59:59.999Z");
    expect(everyone(r)).toEqual([
      ["2026-01-01", 1, [1, 1], [C, C]],
      ["2026-02-01", 2, [2, 0], [C, F]],
    ]);
    expect(group(r).average).toEqual([1, 1]);
  });

  it("the same events in a UTC project fall into other months", async () => {
    const r = await retention("ret-ny-utc", { period: "month", periods: "2", as_of: "2026-02-28" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 1, [1, 0], [C, C]],
      ["2026-02-01", 2, [2, 0], [C, F]],
    ]);
    expect(group(r).average).toEqual([1, 0]);
  });

  it("local days in New York", async () => {
    const r = await retention("ret-ny", { period: "day", periods: "3", as_of: "2026-02-02" });
    expect(everyone(r)).toEqual([
      ["2026-01-31", 1, [1, 0, 1], [C, C, C]],
      ["2026-02-01", 1, [1, 0, 0], [C, C, F]],
      ["2026-02-02", 0, [0, 0, 0], [C, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 0, 1]);
  });

  it("elapsed days are counted on wall-clock time across the daylight-saving change", async () => {
    const r = await retention("ret-ny", { period: "day", periods: "3", from: "2026-03-07", to: "2026-03-07", as_of: "2026-03-10", counting: "elapsed" });
    expect(everyone(r)).toEqual([["2026-03-07", 1, [1, 1, 0], [C, C, C]]]);
  });
});

describe("retention: calendar versus elapsed months", () => {
  const jan = { period: "month", periods: "4", from: "2026-01-01", to: "2026-01-31", as_of: "2026-04-30" };
  it.each([
    ["calendar", "on", [4, 4, 1, 1], [C, C, C, C], [1, 1, 0.25, 0.25]],
    ["calendar", "on_or_after", [4, 4, 2, 1], [C, C, C, C], [1, 1, 0.5, 0.25]],
    ["elapsed", "on", [4, 2, 0, 1], [C, C, C, I], [1, 0.5, 0, null]],
    ["elapsed", "on_or_after", [4, 3, 1, 1], [C, C, C, I], [1, 0.75, 0.25, null]],
  ] as const)("counting=%s kind=%s", async (counting, kind, retained, states, average) => {
    const r = await retention("ret-elapsed", { ...jan, counting, kind });
    expect(everyone(r)).toEqual([["2026-01-01", 4, retained, states]]);
    expect(group(r).average).toEqual(average);
  });

  it("an elapsed month that ends at the start of May 1 is still incomplete at the end of Apr 29", async () => {
    const r = await retention("ret-elapsed", { ...jan, as_of: "2026-04-29", counting: "elapsed" });
    expect(everyone(r)).toEqual([["2026-01-01", 4, [4, 2, 0, 1], [C, C, I, I]]]);
    expect(group(r).average).toEqual([1, 0.5, null, null]);
  });
});

describe("retention: filters", () => {
  const base = { period: "month", periods: "3", as_of: "2026-03-31" };

  it("without filters, from the rollup", async () => {
    const r = await retention("ret-filter", base);
    expect(r.source).toBe("rollup");
    expect(everyone(r)).toEqual([
      ["2026-01-01", 3, [3, 3, 1], [C, C, C]],
      ["2026-02-01", 1, [1, 1, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
  });

  it("where on an event property: people with no event left are in no cohort, and the events are read", async () => {
    const r = await retention("ret-filter", { ...base, where: "Quantity > 0" });
    expect(r.source).toBe("events");
    expect(everyone(r)).toEqual([
      ["2026-01-01", 1, [1, 1, 0], [C, C, C]],
      ["2026-02-01", 2, [2, 0, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
    expect(group(r).average).toEqual([1, 1 / 3, 0]);
  });

  it("return_where on an event property: cohorts unchanged, only matching events retain", async () => {
    const r = await retention("ret-filter", { ...base, return_where: "Quantity > 0" });
    expect(r.source).toBe("events");
    expect(everyone(r)).toEqual([
      ["2026-01-01", 3, [1, 2, 0], [C, C, C]],
      ["2026-02-01", 1, [1, 0, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
  });

  it("cohort_where on an event property: only the cohort side is filtered", async () => {
    const r = await retention("ret-filter", { ...base, cohort_where: "Quantity > 0" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 1, [1, 1, 1], [C, C, C]],
      ["2026-02-01", 2, [2, 1, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
  });

  it("where on a person property keeps the rollup", async () => {
    const r = await retention("ret-filter", { ...base, where: "person.plan = Pro" });
    expect(r.source).toBe("rollup");
    expect(everyone(r)).toEqual([
      ["2026-01-01", 2, [2, 2, 1], [C, C, C]],
      ["2026-02-01", 0, [0, 0, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
  });

  const proReturns: Shape[] = [
    ["2026-01-01", 3, [2, 2, 1], [C, C, C]],
    ["2026-02-01", 1, [0, 0, 0], [C, C, F]],
    ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
  ];
  const proReactivation = [
    ["2026-01-01", 2, 2, 0, 0, 0, 0],
    ["2026-02-01", 2, 0, 2, 0, 0, 0],
    ["2026-03-01", 1, 0, 1, 0, 0, 1],
  ];
  const reactivationCounts = (r: RetentionResult) => r.reactivation.map((x) => [x.period, x.active, x.new, x.retained, x.reactivated, x.inactiveBase, x.churned]);

  it("where on a person property limits the reactivation table to those people", async () => {
    expect(reactivationCounts(await retention("ret-filter", { ...base, where: "person.plan = Pro" }))).toEqual(proReactivation);
  });

  it("return_where on a person property: only those people's events are returning events", async () => {
    const r = await retention("ret-filter", { ...base, return_where: "person.plan = Pro" });
    expect(everyone(r)).toEqual(proReturns);
  });

  it("return_where on a person property, read from the raw events (an event filter that keeps everything beside it)", async () => {
    const r = await retention("ret-filter", { ...base, return_where: ["person.plan = Pro", "Quantity is_set"] });
    expect(r.source).toBe("events");
    expect(everyone(r)).toEqual(proReturns);
    expect(reactivationCounts(r)).toEqual(proReactivation);
  });

  it("return_where on a person property limits the reactivation table to those people", async () => {
    const r = await retention("ret-filter", { ...base, return_where: "person.plan = Pro" });
    expect(reactivationCounts(r)).toEqual(proReactivation);
  });

  /*
   * Every fixture event has a Quantity, so `Quantity is_set` keeps everything: the raw-events path must give exactly
   * what the rollup gives, for every grain, counting and kind, matrix and reactivation alike. The rollup keeps weeks
   * and months: day periods read the events either way.
   */
  const projects: [string, string][] = [
    ["ret-month", "2026-03-15"], ["ret-month", "2026-03-31"], ["ret-week", "2026-01-25"], ["ret-day", "2026-02-04"],
    ["ret-ny", "2026-02-28"], ["ret-ny", "2026-02-01T10:00:00"], ["ret-ny", "2026-03-10"], ["ret-elapsed", "2026-04-30"], ["ret-filter", "2026-03-31"],
    ["ret-react", "2026-05-15"], ["ret-cohorts", "2026-03-31"],
  ];
  it.each(projects)("the rollup and the raw events agree on %s at %s", async (slug, asOf) => {
    for (const period of ["day", "week", "month"])
      for (const counting of ["calendar", "elapsed"])
        for (const kind of ["on", "on_or_after"]) {
          const params = { as_of: asOf, period, counting, kind };
          const fromRollup = await retention(slug, params);
          const fromEvents = await retention(slug, { ...params, where: "Quantity is_set" });
          const viaReturn = await retention(slug, { ...params, return_where: "Quantity is_set" });
          expect([fromRollup.source, fromEvents.source, viaReturn.source]).toEqual([period === "day" ? "events" : "rollup", "events", "events"]);
          const label = JSON.stringify(params);
          expect(fromEvents.groups, label).toEqual(fromRollup.groups);
          expect(fromEvents.reactivation, label).toEqual(fromRollup.reactivation);
          expect(viaReturn.groups, label).toEqual(fromRollup.groups);
        }
  });
});

describe("retention: breakdown", () => {
  const params = { period: "month", periods: "2", as_of: "2026-02-28", breakdown: "plan" };

  it("one matrix per plan, (none) for people without one, and a cohort with nobody has no rate", async () => {
    const r = await retention("ret-breakdown", params);
    expect(r.breakdown).toBe("plan");
    expect(r.groups[0]!.value).toBeNull();
    expect(r.groups.map((g) => g.value).sort()).toEqual(["(none)", "Free", "Pro", null].sort());
    expect(everyone(r)).toEqual([
      ["2026-01-01", 5, [5, 3], [C, C]],
      ["2026-02-01", 2, [2, 0], [C, F]],
    ]);
    expect(shape(group(r, "Pro"))).toEqual([
      ["2026-01-01", 3, [3, 2], [C, C]],
      ["2026-02-01", 0, [0, 0], [C, F]],
    ]);
    expect(group(r, "Pro").cohorts[1]!.cells.map((x) => x.rate)).toEqual([null, null]);
    expect(shape(group(r, "Free"))).toEqual([
      ["2026-01-01", 1, [1, 1], [C, C]],
      ["2026-02-01", 1, [1, 0], [C, F]],
    ]);
    expect(shape(group(r, "(none)"))).toEqual([
      ["2026-01-01", 1, [1, 0], [C, C]],
      ["2026-02-01", 1, [1, 0], [C, F]],
    ]);
    expect(r.groups.map((g) => [g.value, g.size, g.average])).toEqual(
      expect.arrayContaining([
        [null, 7, [1, 0.6]],
        ["Pro", 3, [1, 2 / 3]],
        ["Free", 2, [1, 1]],
        ["(none)", 2, [1, 0]],
      ]),
    );
    expect(r.groups[1]!.value).toBe("Pro");
    // Everyone is the sum of the groups, cohort by cohort and cell by cell.
    const parts = r.groups.filter((g) => g.value !== null);
    expect(parts.reduce((n, g) => n + g.size, 0)).toBe(group(r).size);
    group(r).cohorts.forEach((c, i) => {
      expect(parts.reduce((n, g) => n + g.cohorts[i]!.size, 0)).toBe(c.size);
      c.cells.forEach((cell, k) => expect(parts.reduce((n, g) => n + g.cohorts[i]!.cells[k]!.retained, 0)).toBe(cell.retained));
    });
  });

  it("a person property outside the typed columns (tier, in the JSON properties)", async () => {
    const r = await retention("ret-breakdown", { ...params, breakdown: "tier" });
    expect(shape(group(r, "gold"))).toEqual([
      ["2026-01-01", 2, [2, 2], [C, C]],
      ["2026-02-01", 0, [0, 0], [C, F]],
    ]);
    expect(shape(group(r, "silver"))).toEqual([
      ["2026-01-01", 0, [0, 0], [C, C]],
      ["2026-02-01", 1, [1, 0], [C, F]],
    ]);
    expect(shape(group(r, "(none)"))).toEqual([
      ["2026-01-01", 3, [3, 1], [C, C]],
      ["2026-02-01", 1, [1, 0], [C, F]],
    ]);
    expect(r.groups.map((g) => [g.value, g.size])).toEqual([[null, 7], ["(none)", 4], ["gold", 2], ["silver", 1]]);
  });

  it("beyond the top values, the rest are one group, (other), from the rollup as from the events", async () => {
    // `from` given only to keep these results apart from the cached ones above, read with every value a group.
    const few = { ...params, from: "2026-01-01" };
    process.env.JOURNEYLENS_BREAKDOWN_GROUPS = "1";
    try {
      const r = await retention("ret-breakdown", few);
      expect(r.source).toBe("rollup");
      expect(r.groups.map((g) => [g.value, g.size])).toEqual([[null, 7], ["(other)", 4], ["Pro", 3]]);
      // Free and (none) together: January's g3 (back in February) and g5; February's g6 and g4.
      expect(shape(group(r, "(other)"))).toEqual([
        ["2026-01-01", 2, [2, 1], [C, C]],
        ["2026-02-01", 2, [2, 0], [C, F]],
      ]);
      expect(r.groups).toEqual((await retention("ret-breakdown", { ...few, where: "Quantity is_set" })).groups);
    } finally {
      delete process.env.JOURNEYLENS_BREAKDOWN_GROUPS;
    }
  });

  it("person.plan names the same property", async () => {
    const a = await retention("ret-breakdown", params);
    const b = await retention("ret-breakdown", { ...params, breakdown: "person.plan" });
    expect(b.groups).toEqual(a.groups);
  });
});

describe("retention: cohorts and return events", () => {
  const base = { period: "month", periods: "3", as_of: "2026-03-31" };

  it("cohort=signup: by the signup time; events before the signup do not retain", async () => {
    const r = await retention("ret-cohorts", { ...base, cohort: "signup" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 2, [1, 1, 1], [C, C, C]],
      ["2026-02-01", 1, [0, 1, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
    expect(group(r).average).toEqual([1 / 3, 2 / 3, 0.5]);
  });

  it("cohort=signup with elapsed months", async () => {
    const r = await retention("ret-cohorts", { ...base, cohort: "signup", counting: "elapsed" });
    expect(everyone(r).slice(0, 2)).toEqual([
      ["2026-01-01", 2, [1, 1, 0], [C, C, I]],
      ["2026-02-01", 1, [1, 0, 0], [C, I, F]],
    ]);
    expect(group(r).cohorts[2]!.size).toBe(0);
    expect(group(r).average).toEqual([2 / 3, 0.5, null]);
  });

  it("cohort=signup with a person-property cohort_where", async () => {
    const r = await retention("ret-cohorts", { ...base, cohort: "signup", cohort_where: "person.plan = Pro" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 1, [1, 1, 1], [C, C, C]],
      ["2026-02-01", 0, [0, 0, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
  });

  it("cohort=first:<event> with any return and with return=<event>", async () => {
    const any = await retention("ret-cohorts", { ...base, cohort: "first:Purchase" });
    expect(everyone(any)).toEqual([
      ["2026-01-01", 2, [2, 2, 1], [C, C, C]],
      ["2026-02-01", 1, [1, 1, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
    const purchase = await retention("ret-cohorts", { ...base, cohort: "first:Purchase", return: "Purchase" });
    expect(purchase.source).toBe("events");
    expect(everyone(purchase)).toEqual([
      ["2026-01-01", 2, [2, 1, 1], [C, C, C]],
      ["2026-02-01", 1, [1, 1, 0], [C, C, F]],
      ["2026-03-01", 0, [0, 0, 0], [C, F, F]],
    ]);
  });

  it("cohort=each:<event> is recurring: one membership per month with the event", async () => {
    const r = await retention("ret-cohorts", { ...base, cohort: "each:Purchase", return: "Purchase" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 2, [2, 1, 1], [C, C, C]],
      ["2026-02-01", 2, [2, 1, 0], [C, C, F]],
      ["2026-03-01", 2, [2, 0, 0], [C, F, F]],
    ]);
    expect(group(r).size).toBe(6);
    expect(group(r).average).toEqual([1, 0.5, 0.5]);
  });

  it("cohort=first with return=<event>: people who never did it stay in their cohort, unretained", async () => {
    const r = await retention("ret-cohorts", { ...base, return: "Purchase" });
    expect(everyone(r)).toEqual([
      ["2026-01-01", 3, [2, 2, 2], [C, C, C]],
      ["2026-02-01", 1, [0, 0, 0], [C, C, F]],
      ["2026-03-01", 1, [0, 0, 0], [C, F, F]],
    ]);
  });
});

describe("retention: reactivation and churn", () => {
  const row = (period: string, complete: boolean, active: number, nu: number, retained: number, reactivated: number, inactiveBase: number, churned: number) => ({
    period, complete, active, new: nu, retained, reactivated, inactiveBase, reactivationRate: inactiveBase ? reactivated / inactiveBase : null, churned,
  });

  it("counts active, new, retained, reactivated, the inactive base and churned per month", async () => {
    const r = await retention("ret-react", { period: "month", periods: "5", as_of: "2026-05-31" });
    expect(r.reactivation).toEqual([
      row("2026-01-01", true, 3, 3, 0, 0, 0, 1),
      row("2026-02-01", true, 3, 1, 1, 1, 1, 2),
      row("2026-03-01", true, 3, 0, 2, 1, 2, 1),
      row("2026-04-01", true, 2, 1, 1, 0, 2, 2),
      row("2026-05-01", true, 3, 0, 2, 1, 4, 0),
    ]);
    expect(r.reactivation.map((x) => x.reactivationRate)).toEqual([null, 1, 0.5, 0, 0.25]);
  });

  /*
   * Over the Purchase events of the cohort fixture (h1 Jan Mar, h3 Jan Feb, h5 Feb Mar), as_of Mar 31, Jan … Mar:
   *   Jan: active h1 h3 = 2, new 2, churned 0. Feb: active h3 h5 = 2, new h5 = 1, retained h3 = 1, churned h1 = 1.
   *   Mar: active h1 h5 = 2, retained h5 = 1, reactivated h1 = 1 over a base of h1 = 1, churned h3 = 1.
   */
  it("counts only the return event", async () => {
    const r = await retention("ret-cohorts", { period: "month", periods: "3", as_of: "2026-03-31", return: "Purchase" });
    expect(r.reactivation).toEqual([
      row("2026-01-01", true, 2, 2, 0, 0, 0, 0),
      row("2026-02-01", true, 2, 1, 1, 0, 0, 1),
      row("2026-03-01", true, 2, 0, 1, 1, 1, 1),
    ]);
  });

  it("ISO weeks and days", async () => {
    // Weeks (fixture above): Jan 5 = w1 w2; Jan 12 = w1 w2 w3; Jan 19 = w3 w4.
    const weeks = await retention("ret-week", { period: "week", periods: "3", as_of: "2026-01-25" });
    expect(weeks.reactivation).toEqual([
      row("2026-01-05", true, 2, 2, 0, 0, 0, 0),
      row("2026-01-12", true, 3, 1, 2, 0, 0, 0),
      row("2026-01-19", true, 2, 1, 1, 0, 0, 2),
    ]);
    // Days: Feb 2 = d1 d2; Feb 3 = d1 d2 d3; Feb 4 = d2 d3 d4 (d1 churned).
    const days = await retention("ret-day", { period: "day", periods: "3", as_of: "2026-02-04" });
    expect(days.reactivation).toEqual([
      row("2026-02-02", true, 2, 2, 0, 0, 0, 0),
      row("2026-02-03", true, 3, 1, 2, 0, 0, 0),
      row("2026-02-04", true, 3, 1, 2, 0, 0, 1),
    ]);
  });

  it("a mid-month as_of counts the month so far", async () => {
    const r = await retention("ret-react", { period: "month", periods: "5", as_of: "2026-05-15" });
    expect(r.reactivation.at(-1)).toEqual(row("2026-05-01", false, 2, 0, 1, 1, 4, 1));
    expect(r.reactivation.slice(0, 4).map((x) => x.active)).toEqual([3, 3, 3, 2]);
  });
});

describe("retention: the rollup follows uploads and removals", () => {
  /*
   * UTC, months, as_of 2026-02-28, periods 2 → cohorts Jan, Feb.
   * Upload A: u1 Jan 5, Feb 5 · u2 Jan 20 · u3 Feb 10.
   *   Jan = u1 u2 (2): 2, 1 (u1). Feb = u3 (1): 1, future.
   * Upload B: u2 Feb 15 · u3 Jan 25 (an earlier first event: u3 moves to January) · u4 Feb 20 (a new person).
   *   Jan = u1 u2 u3 (3): 3, 3. Feb = u4 (1): 1.
   * Removing B brings back A's numbers; removing A too leaves nobody.
   */
  const params = { period: "month", periods: "2", as_of: "2026-02-28" };
  const afterA: Shape[] = [
    ["2026-01-01", 2, [2, 1], [C, C]],
    ["2026-02-01", 1, [1, 0], [C, F]],
  ];
  const afterB: Shape[] = [
    ["2026-01-01", 3, [3, 3], [C, C]],
    ["2026-02-01", 1, [1, 0], [C, F]],
  ];

  it("imports, caches by data version, and removes", async () => {
    await createProject(cliActor, { slug: "ret-import", timezone: "UTC" });
    const a = await importText("ret-import", "person,time,name\nu1,2026-01-05 10:00,open\nu1,2026-02-05 10:00,open\nu2,2026-01-20 10:00,open\nu3,2026-02-10 10:00,open\n", { kind: "events" });

    const first = await report("ret-import", params);
    expect(first.cached).toBe(false);
    expect(everyone(first.result)).toEqual(afterA);
    const again = await report("ret-import", params);
    expect(again.cached).toBe(true);
    expect(again.result).toEqual(first.result);

    const b = await importText("ret-import", "person,time,name\nu2,2026-02-15 10:00,open\nu3,2026-01-25 10:00,open\nu4,2026-02-20 10:00,open\n", { kind: "events" });
    const withB = await report("ret-import", params);
    expect(withB.cached).toBe(false);
    expect(everyone(withB.result)).toEqual(afterB);
    expect((await report("ret-import", params)).cached).toBe(true);

    await deleteUpload(cliActor, "ret-import", b.upload);
    const withoutB = await report("ret-import", params);
    expect(withoutB.cached).toBe(false);
    expect(everyone(withoutB.result)).toEqual(afterA);

    await deleteUpload(cliActor, "ret-import", a.upload);
    const empty = await report("ret-import", params);
    expect(empty.cached).toBe(false);
    expect(everyone(empty.result)).toEqual([
      ["2026-01-01", 0, [0, 0], [C, C]],
      ["2026-02-01", 0, [0, 0], [C, F]],
    ]);
    expect(group(empty.result).size).toBe(0);
    expect(empty.result.reactivation.every((x) => x.active === 0)).toBe(true);
  });
});

describe("retention: parameter errors", () => {
  it.each([
    [{ period: "year" }, "period is day, week or month."],
    [{ period: "month", periods: "61" }, "periods is at most 60 for month periods."],
    [{ period: "week", periods: "105" }, "periods is at most 104 for week periods."],
    [{ period: "day", periods: "121" }, "periods is at most 120 for day periods."],
    [{ cohort: "bogus" }, 'cohort is signup, first, first:<event> or each:<event>, not "bogus".'],
    [{ cohort: "signup", cohort_where: "Quantity > 0" }, "cohort_where can only use person.<property> filters"],
  ] as [RawParams, string][])("%j is refused", async (params, message) => {
    const error = await report("ret-month", { as_of: "2026-03-15", ...params }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid", message: expect.stringContaining(message) });
  });

  it("the maxima themselves are accepted", async () => {
    for (const [period, periods] of [["month", 60], ["week", 104], ["day", 120]] as const) {
      const r = await retention("ret-month", { as_of: "2026-03-15", period, periods: String(periods) });
      expect(group(r).cohorts).toHaveLength(periods);
      expect(group(r).cohorts[0]!.cells).toHaveLength(periods);
    }
  });
});
