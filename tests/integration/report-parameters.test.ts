import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/projects/[slug]/reports/[kind]/route";
import { GET as drilldownRoute } from "@/app/api/v1/projects/[slug]/reports/[kind]/[drilldown]/route";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { runDrilldown, runReport } from "@/lib/data/reports";
import { ingestEventBatch } from "@/lib/data/uploads";
import { createUser } from "@/lib/data/users";
import type { RawParams } from "@/lib/reports/params";
import { createFixtureProject } from "../support/fixtures";
import { importText } from "../support/ingest";

/**
 * Strict parameters and names: a parameter no report reads, or a property the project does not have, is refused
 * with a message naming it — by the data layer, and so by the page, the API and the CLI alike.
 */
let key = "";
beforeAll(async () => {
  await createFixtureProject("strict", "UTC", [{ id: "a", plan: "Pro", properties: { tier: "gold" } }], [
    { person: "a", name: "Visit", at: "2026-01-05T10:00:00Z", properties: { Quantity: 1 } },
    { person: "a", name: "Visit", at: "2026-01-13T10:00:00Z" },
  ]);
  await createUser(cliActor, { email: "strict-sales@example.com", name: "Sales", role: "sales", password: "long-enough-pw" });
  key = (await createApiKey(cliActor, { userEmail: "strict-sales@example.com", name: "strict" })).key;
});

const refusal = async (run: Promise<unknown>) => {
  const error = await run.then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  );
  expect(error).not.toBeNull();
  return { code: error!.code, message: error!.message };
};

describe("report parameters", () => {
  it("an unknown parameter is refused, naming it, the nearest valid one and all of them", async () => {
    expect(await refusal(runReport(cliActor, "strict", "retention", { perods: "6" }))).toEqual({
      code: "invalid",
      message:
        'Unknown parameter "perods". Did you mean "periods"? Valid parameters: as_of, where, from, to, cohort, cohort_where, return, return_where, period, periods, counting, kind, breakdown, show, group, trend, sort.',
    });
    expect((await refusal(runReport(cliActor, "strict", "overview", { constructor: "x" }))).message).toMatch(/^Unknown parameter "constructor"\. Valid parameters: as_of, where, from, to, sort\.$/);
  });

  it("the page's view parameters are accepted and change no number", async () => {
    const plain = await runReport(cliActor, "strict", "retention", { as_of: "2026-02-01" });
    const viewed = await runReport(cliActor, "strict", "retention", { as_of: "2026-02-01", show: "count", group: "Pro", trend: "2" });
    expect(viewed.result).toEqual(plain.result);
    expect(viewed.params).toEqual(plain.params);
  });

  it("a property the project does not have is refused, naming the parameter and the property", async () => {
    expect(await refusal(runReport(cliActor, "strict", "retention", { where: "person.constructor = x" }))).toEqual({
      code: "invalid",
      message: 'where: this project has no person property "constructor". Its person property names: plan, source, platform, country, tier.',
    });
    expect((await refusal(runReport(cliActor, "strict", "retention", { breakdown: "toString" }))).message).toBe(
      'breakdown: this project has no person property "toString". Its person property names: plan, source, platform, country, tier.',
    );
    expect((await refusal(runReport(cliActor, "strict", "overview", { where: "Quantty > 0" }))).message).toBe(
      'where: this project has no event property "Quantty". Did you mean "Quantity"? Its event property names: revenue, session, Quantity.',
    );
    expect((await refusal(runReport(cliActor, "strict", "retention", { return_where: "__proto__ is_set" }))).message).toMatch(/^return_where: this project has no event property "__proto__"/);
  });

  it("typed columns, the project's own properties and those an upload or the events API brings are known", async () => {
    await expect(runReport(cliActor, "strict", "retention", { breakdown: "tier", where: "person.country is_not_set" })).resolves.toBeDefined();
    await expect(runReport(cliActor, "strict", "overview", { where: ["revenue > 0", "session is_set", "Quantity >= 1"] })).resolves.toBeDefined();
    await importText("strict", "person,time,name,Colour\nb,2026-01-06 10:00,Visit,red\n", { kind: "events" });
    await importText("strict", "person,Size\nb,M\n", { kind: "people" });
    await ingestEventBatch(cliActor, "strict", { events: [{ person: "c", name: "Visit", time: "2026-01-07T10:00:00Z", properties: { Referrer: "mail" } }] });
    const { result } = await runReport(cliActor, "strict", "overview", { where: ["Colour = red"] });
    expect(result.totals.events).toBe(1);
    await expect(runReport(cliActor, "strict", "overview", { where: ["person.Size = M", "Referrer is_not_set"] })).resolves.toBeDefined();
  });

  it("a drill-down takes the report's parameters and its own, and refuses any other", async () => {
    const cell = { as_of: "2026-02-01", period: "week", cell_cohort: "2026-01-05", cell_period: "1" };
    const page = await runDrilldown(cliActor, "strict", "retention", "people", cell);
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect((page.people as { person: string }[]).map((p) => p.person)).toEqual(["a"]);
    expect((await refusal(runDrilldown(cliActor, "strict", "retention", "people", { ...cell, trend: "1" }))).message).toMatch(/^Unknown parameter "trend"\./);
    expect((await refusal(runDrilldown(cliActor, "strict", "retention", "people", { ...cell, cell_period: "12" }))).message).toBe("cell_period is below periods (12).");
    expect(await refusal(runDrilldown(cliActor, "strict", "retention", "constructor", cell))).toEqual({
      code: "not_found",
      message: 'The retention report has no drill-down "constructor". Its drill-downs: people.',
    });
    expect((await refusal(runDrilldown(cliActor, "strict", "overview", "people", {}))).message).toBe('The overview report has no drill-down "people". Its drill-downs: none.');
  });
});

describe("over the API", () => {
  const get = (path: string, params: RawParams) => {
    const [kind, drilldown] = path.split("/");
    const req = new NextRequest(`http://localhost/api/v1/projects/strict/reports/${path}?${new URLSearchParams(params as Record<string, string>)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return drilldown
      ? drilldownRoute(req, { params: Promise.resolve({ slug: "strict", kind: kind!, drilldown }) })
      : reportRoute(req, { params: Promise.resolve({ slug: "strict", kind: kind! }) });
  };

  it("answers 400 with the same messages, and 404 for a kind or drill-down that is none", async () => {
    const bad = await get("retention", { perods: "6" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^Unknown parameter "perods"\. Did you mean "periods"\?/);
    const constructor = await get("retention", { where: "person.constructor = x" });
    expect(constructor.status).toBe(400);
    expect((await constructor.json()).error.message).toMatch(/^where: this project has no person property "constructor"\./);
    expect((await get("constructor", {})).status).toBe(404);
    expect((await get("retention/toString", {})).status).toBe(404);
  });

  it("serves a drill-down as JSON and as a CSV of every row", async () => {
    const cell = { as_of: "2026-02-01", period: "week", cell_cohort: "2026-01-05", cell_period: "1" };
    const json = await get("retention/people", cell);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ total: 1, people: [{ person: "a", plan: "Pro" }] });
    const csv = await get("retention/people", { ...cell, format: "csv" });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")[0]).toBe("person,plan,source,platform,country,signup_at,cohort_at,last_activity,properties");
  });
});
