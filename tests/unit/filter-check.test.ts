import { describe, expect, it } from "vitest";
import { filterProblem, setAsideBadFilters } from "@/lib/reports/filter-check";

const vocabulary = { eventProperties: ["Quantity", "category"], personProperties: ["tier"] };

describe("filter checks on the page", () => {
  it("passes a filter that reads and names a known property, typed column or property of the bag", () => {
    expect(filterProblem("person.plan = Annual", "where", vocabulary)).toBeNull();
    expect(filterProblem('person.tier = "Gold plus"', "where", vocabulary)).toBeNull();
    expect(filterProblem("revenue > 0", "return_where", vocabulary)).toBeNull();
    expect(filterProblem("2:Quantity > 1", "step_where", vocabulary)).toBeNull();
  });

  it("says what is wrong with one that does not read, or names a property the project lacks", () => {
    expect(filterProblem("Quantity >", "where", vocabulary)).toBe("> needs a value.");
    expect(filterProblem("Quantity > lots", "where", vocabulary)).toBe('> compares numbers, and "lots" is not a number.');
    expect(filterProblem("person.teir = Gold", "where", vocabulary)).toBe(
      'this project has no person property "teir". Did you mean "tier"? Its person property names: plan, source, platform, country, tier.',
    );
  });

  it("sets the bad filters aside, keeping the good ones and the other parameters", () => {
    const raw = { where: ["person.plan = Annual", "categroy = Shoes"], cohort_where: "Quantity > 0", from: "2026-01-01" };
    const { runnable, rejected } = setAsideBadFilters(raw, vocabulary);
    expect(runnable).toEqual({ where: ["person.plan = Annual"], cohort_where: ["Quantity > 0"], from: "2026-01-01" });
    expect(rejected).toEqual([{ parameter: "where", text: "categroy = Shoes", message: expect.stringContaining('Did you mean "category"?') }]);
  });
});
