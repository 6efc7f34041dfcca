import { describe, expect, it } from "vitest";
import { type PlanNode, repeatedEventScans } from "../support/plan-walk";

const EVENTS = "events_0123456789abcdef0123456789abcdef_0";
const scan = (relation: string, extra: Partial<PlanNode> = {}): PlanNode => ({ "Node Type": "Index Scan", "Relation Name": relation, ...extra });
const loop = (outer: PlanNode, inner: PlanNode): PlanNode => ({
  "Node Type": "Nested Loop",
  Plans: [
    { ...outer, "Parent Relationship": "Outer" },
    { ...inner, "Parent Relationship": "Inner" },
  ],
});

describe("repeatedEventScans", () => {
  it("finds events on the inner side of a loop, however deep, with the path to it", () => {
    const perPerson: PlanNode = { "Node Type": "Aggregate", Strategy: "Sorted", Plans: [scan(EVENTS)] };
    const plan: PlanNode = { "Node Type": "Sort", Plans: [loop({ "Node Type": "Seq Scan", "Relation Name": "people" }, perPerson)] };
    expect(repeatedEventScans(plan)).toEqual([`Sort > Nested Loop > [inner] Aggregate > Index Scan on ${EVENTS}`]);
  });

  it("finds a correlated subquery over events, but not a hashed one or an InitPlan", () => {
    const correlated = scan(EVENTS, { "Parent Relationship": "SubPlan", "Subplan Name": "SubPlan 1" });
    expect(repeatedEventScans({ "Node Type": "Seq Scan", "Relation Name": "people", Plans: [correlated] })).toHaveLength(1);
    const hashed: PlanNode = { "Node Type": "Seq Scan", "Relation Name": "people", Filter: "(NOT (hashed SubPlan 1))", Plans: [correlated] };
    expect(repeatedEventScans(hashed)).toEqual([]);
    const init = scan(EVENTS, { "Parent Relationship": "InitPlan", "Subplan Name": "CTE bounds" });
    expect(repeatedEventScans({ "Node Type": "Result", Plans: [init] })).toEqual([]);
  });

  it("leaves alone loops that read events once: a Materialize, a one-row outer side, events on the outer side", () => {
    const people: PlanNode = { "Node Type": "Seq Scan", "Relation Name": "people" };
    expect(repeatedEventScans(loop(people, { "Node Type": "Materialize", Plans: [scan(EVENTS)] }))).toEqual([]);
    expect(repeatedEventScans(loop({ "Node Type": "Aggregate", Strategy: "Plain", Plans: [people] }, scan(EVENTS)))).toEqual([]);
    expect(repeatedEventScans(loop(scan(EVENTS), people))).toEqual([]);
    // An outer side only estimated at one row is the misestimate these plans come from, not an exemption.
    expect(repeatedEventScans(loop({ ...people, "Plan Rows": 1 }, scan(EVENTS)))).toHaveLength(1);
  });

  it("takes a CTE's single row from the CTE's own plan", () => {
    const bounds = { "Node Type": "Result", "Parent Relationship": "InitPlan", "Subplan Name": "CTE bounds" };
    const matching = { "Node Type": "HashAggregate", "Parent Relationship": "InitPlan", "Subplan Name": "CTE matching", Strategy: "Hashed" };
    const over = (cte: string): PlanNode => ({
      "Node Type": "Result",
      Plans: [bounds, matching, loop({ "Node Type": "CTE Scan", "CTE Name": cte }, scan(EVENTS))],
    });
    expect(repeatedEventScans(over("bounds"))).toEqual([]);
    expect(repeatedEventScans(over("matching"))).toHaveLength(1);
  });
});
