import { beforeAll, describe, expect, it } from "vitest";
import { cliActor, shareActor } from "@/lib/data/actor";
import { filterExamples, propertyValues } from "@/lib/data/property-values";
import { createFixtureProject } from "../support/fixtures";

/*
 * Fixture:
 *   people  ann  plan Annual   country Germany
 *           ben  plan Monthly  country France
 *           cat  plan Annual   country France   tier Gold
 *           dan  (no plan)     country Germany  tier ""
 *           eve  plan Monthly  country Austria
 *   events  Order category Shoes ×3, Hats ×1, Bags ×3 (ties with Shoes), one Order without a category; revenue 50 ×2, 20 ×1
 */
const people = [
  { id: "ann", plan: "Annual", properties: { country_name: "Germany" } },
  { id: "ben", plan: "Monthly", properties: { country_name: "France" } },
  { id: "cat", plan: "Annual", properties: { country_name: "France", tier: "Gold" } },
  { id: "dan", properties: { country_name: "Germany", tier: "" } },
  { id: "eve", plan: "Monthly", properties: { country_name: "Austria" } },
];
const order = (person: string, category: string | null, revenue?: number) => ({
  person,
  name: "Order",
  at: "2026-03-01T10:00:00Z",
  properties: category ? { category } : {},
  revenue,
});
const events = [
  order("ann", "Shoes", 50), order("ann", "Bags"), order("ben", "Shoes", 50), order("cat", "Bags", 20),
  order("cat", "Hats"), order("dan", "Shoes"), order("eve", "Bags"), order("eve", null),
];

const values = (query: Parameters<typeof propertyValues>[2]) => propertyValues(cliActor, "pv", query);

beforeAll(async () => {
  await createFixtureProject("pv", "UTC", people, events);
});

describe("property values", () => {
  it("counts an event property's values, most common first and ties by value, leaving out rows without one", async () => {
    expect(await values({ scope: "event", property: "category" })).toEqual({
      values: [{ value: "Bags", count: 3 }, { value: "Shoes", count: 3 }, { value: "Hats", count: 1 }],
      rowsRead: 8,
      sampled: false,
    });
  });

  it("reads a typed column (revenue, a person's plan) like a property of the JSON bag", async () => {
    // revenue is a numeric column: its text has the scale, and a filter on it compares numbers (50.00 = 50).
    expect((await values({ scope: "event", property: "revenue" })).values).toEqual([{ value: "50.00", count: 2 }, { value: "20.00", count: 1 }]);
    expect((await values({ scope: "person", property: "plan" })).values).toEqual([{ value: "Annual", count: 2 }, { value: "Monthly", count: 2 }]);
  });

  it("counts people for a person property, an empty value counting as none", async () => {
    const r = await values({ scope: "person", property: "country_name" });
    expect(r).toEqual({ values: [{ value: "France", count: 2 }, { value: "Germany", count: 2 }, { value: "Austria", count: 1 }], rowsRead: 5, sampled: false });
    expect((await values({ scope: "person", property: "tier" })).values).toEqual([{ value: "Gold", count: 1 }]);
  });

  it("narrows to values containing the search, whatever the case, and keeps to the limit", async () => {
    expect((await values({ scope: "person", property: "country_name", search: "MAN" })).values).toEqual([{ value: "Germany", count: 2 }]);
    expect((await values({ scope: "event", property: "category", limit: 2 })).values).toEqual([{ value: "Bags", count: 3 }, { value: "Shoes", count: 3 }]);
    expect((await values({ scope: "event", property: "category", search: "zz" })).values).toEqual([]);
  });

  it("refuses a property the project does not have, naming the nearest, and a bad scope or limit", async () => {
    await expect(values({ scope: "event", property: "categroy" })).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining('Did you mean "category"?') });
    // A person property is not an event property.
    await expect(values({ scope: "event", property: "tier" })).rejects.toMatchObject({ code: "invalid" });
    await expect(values({ scope: "event", property: "constructor" })).rejects.toMatchObject({ code: "invalid" });
    await expect(values({ scope: "everyone" as "event", property: "category" })).rejects.toMatchObject({ code: "invalid" });
    await expect(values({ scope: "event", property: "category", limit: 1000 })).rejects.toMatchObject({ code: "invalid" });
  });

  it("answers 404 to a share link's holder and for a project that does not exist", async () => {
    const link = shareActor({ linkId: "1", projectSlug: "pv", dashboardId: null, kind: "overview", views: [], locks: [], allowCsv: true, allowPeople: true, allowSql: true });
    await expect(propertyValues(link, "pv", { scope: "event", property: "category" })).rejects.toMatchObject({ code: "not_found" });
    await expect(propertyValues(cliActor, "no-such-project", { scope: "event", property: "category" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("takes example filters from the data: the most common property and value of each scope", async () => {
    // People: plan Annual 2, Monthly 2, country_name France 2, Germany 2 — ties go to the first key, then value.
    // Events: category Bags 3, Shoes 3 (revenue is a column, not a property of the bag).
    expect(await filterExamples(cliActor, "pv")).toEqual({ person: "person.country_name = France", event: "category = Bags" });
  });
});
