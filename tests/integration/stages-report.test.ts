import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { getReportDefaults, saveReportDefaults } from "@/lib/data/report-defaults";
import { runReport } from "@/lib/data/reports";
import type { StagesResult } from "@/lib/reports/stages/definition";
import { createFixtureProject } from "../support/fixtures";

/*
 * A shop in UTC; first purchases from March 1 to April 30, 2026; as of May 31. Every time is 10:00.
 *   p1  Order Mar 1 (Tops M, Tops L) · Order Mar 10 (Tops M) · Return Mar 15 (Tops L) · Order Mar 20 (Shoes 42)
 *   p2  Order Mar 5 (Shoes 40) · Return Mar 8 (Shoes 40)
 *   p3  Order Apr 2 (Bags One size) · Order Apr 12 (Bags One size, Tops S)
 *   p4  Order Feb 20 (Tops M) · Order Mar 3 (Tops M)     first purchase before the range: not a buyer here
 *   p5  Return Mar 9 (M)                                 no purchase
 *   p6  Buy Mar 2 (Hats One size)                        a purchase only where a project says Buy is one
 */
const line = (person: string, name: string, day: string, category: string, size: string) => ({ person, name, at: `2026-${day}T10:00:00Z`, properties: { category, size } });
const events = [
  line("p1", "Order", "03-01", "Tops", "M"), line("p1", "Order", "03-01", "Tops", "L"), line("p1", "Order", "03-10", "Tops", "M"),
  line("p1", "Return", "03-15", "Tops", "L"), line("p1", "Order", "03-20", "Shoes", "42"),
  line("p2", "Order", "03-05", "Shoes", "40"), line("p2", "Return", "03-08", "Shoes", "40"),
  line("p3", "Order", "04-02", "Bags", "One size"), line("p3", "Order", "04-12", "Bags", "One size"), line("p3", "Order", "04-12", "Tops", "S"),
  line("p4", "Order", "02-20", "Tops", "M"), line("p4", "Order", "03-03", "Tops", "M"),
  line("p5", "Return", "03-09", "Tops", "M"),
  line("p6", "Buy", "03-02", "Hats", "One size"),
];
const DAY = 86_400;
const base = { from: "2026-03-01", to: "2026-04-30", as_of: "2026-05-31" };
const run = async (params: Record<string, string> = {}) => (await runReport(cliActor, "stg", "stages", { ...base, ...params })).result as StagesResult;

beforeAll(async () => {
  await createFixtureProject("stg", "UTC", ["p1", "p2", "p3", "p4", "p5", "p6"].map((id) => ({ id })), events);
});

describe("shop stages report", () => {
  it("counts the people reaching each stage among those whose first purchase is in the range", async () => {
    const r = await run();
    expect(r.buyers).toBe(3);
    expect(r.stages).toEqual([
      { stage: "first_purchase", people: 3, share: 1 },
      { stage: "repeat_purchase", people: 2, share: 2 / 3 },
      { stage: "new_category", people: 2, share: 2 / 3 },
      { stage: "return", people: 2, share: 2 / 3 },
    ]);
  });

  it("times each later stage from the first purchase", async () => {
    const r = await run();
    expect(r.timeFromFirst).toEqual([
      // p1 after 9 days, p3 after 10.
      { stage: "repeat_purchase", time: { people: 2, mean: 9.5 * DAY, p25: 9.25 * DAY, median: 9.5 * DAY, p75: 9.75 * DAY } },
      // p3's Tops after 10 days, p1's Shoes after 19.
      { stage: "new_category", time: { people: 2, mean: 14.5 * DAY, p25: 12.25 * DAY, median: 14.5 * DAY, p75: 16.75 * DAY } },
      // p2 after 3 days, p1 after 14.
      { stage: "return", time: { people: 2, mean: 8.5 * DAY, p25: 5.75 * DAY, median: 8.5 * DAY, p75: 11.25 * DAY } },
    ]);
  });

  it("counts the transitions from each stage event to the next, with the median time", async () => {
    expect((await run()).transitions).toEqual([
      { from: "first_purchase", to: "new_category", count: 1, medianSeconds: 10 * DAY },
      { from: "first_purchase", to: "repeat_purchase", count: 1, medianSeconds: 9 * DAY },
      { from: "first_purchase", to: "return", count: 1, medianSeconds: 3 * DAY },
      { from: "repeat_purchase", to: "return", count: 1, medianSeconds: 5 * DAY },
      { from: "new_category", to: "none", count: 2, medianSeconds: null },
      { from: "return", to: "new_category", count: 1, medianSeconds: 5 * DAY },
      { from: "return", to: "none", count: 1, medianSeconds: null },
    ]);
  });

  it("gives the returns rate by first-purchase cohort and by size", async () => {
    const r = await run();
    expect(r.returnsByCohort).toEqual([
      { cohort: "2026-03-01", buyers: 2, purchases: 5, returns: 2, returners: 2, returnRate: 0.4, returnerShare: 1 },
      { cohort: "2026-04-01", buyers: 1, purchases: 3, returns: 0, returners: 0, returnRate: 0, returnerShare: 0 },
    ]);
    expect(r.returnsBySize.map((s) => [s.size, s.purchases, s.returns, s.returnRate])).toEqual([
      ["M", 2, 0, 0],
      ["One size", 2, 0, 0],
      ["40", 1, 1, 1],
      ["42", 1, 0, 0],
      ["L", 1, 1, 1],
      ["S", 1, 0, 0],
    ]);
  });

  it("draws the category progression in the order each category was first bought", async () => {
    const links = (await run()).categoryPaths.map((l) => `${l.from.level}:${l.from.page} > ${l.to.level}:${l.to.page} ${l.journeys}`);
    expect(links).toEqual(["1:Bags > 2:Tops 1", "1:Shoes > 2:(no more) 1", "1:Tops > 2:Shoes 1", "2:Shoes > 3:(no more) 1", "2:Tops > 3:(no more) 1"]);
  });

  it("reads the project's saved stage definition wherever a view leaves it out, and shows it", async () => {
    expect(await saveReportDefaults(cliActor, "stg", "stages", { purchase: "Buy" })).toEqual({ purchase: "Buy" });
    expect(await getReportDefaults(cliActor, "stg", "stages")).toEqual({ purchase: "Buy" });
    const saved = await runReport(cliActor, "stg", "stages", base);
    expect((saved.result as StagesResult).buyers).toBe(1);
    expect(saved.params.purchase).toBe("Buy");
    expect(saved.definition[0]).toContain('A purchase is a "Buy" event');
    // Given in the view, a parameter wins over the saved one.
    expect((await run({ purchase: "Order" })).buyers).toBe(3);
    await expect(saveReportDefaults(cliActor, "stg", "stages", { from: "2026-01-01" })).rejects.toThrow(/defaults are purchase, purchase_where, return, return_where, category, size/);
    await expect(saveReportDefaults(cliActor, "stg", "retention", { period: "week" })).rejects.toThrow(/no project defaults/);
    await saveReportDefaults(cliActor, "stg", "stages", {});
    expect((await run()).buyers).toBe(3);
  });
});
