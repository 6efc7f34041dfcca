import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/projects/[slug]/reports/[kind]/route";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { checkReportParams, runReport } from "@/lib/data/reports";
import { createUser } from "@/lib/data/users";
import type { RawParams } from "@/lib/reports/params";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { createFixtureProject } from "../support/fixtures";

/**
 * Parameters that cannot mean what they say are not answered with zeros as if they could: a range whose `from` is
 * after its `to` is refused, naming both; an event name the project has no event of runs (it matches nobody, which is
 * true) with a warning naming the nearest name the project has.
 *
 * UTC. a: Visit Jan 5, Purchase Jan 6, Visit Jan 13. b: Visit Jan 6, Signup Jan 6. Event names: Purchase, Signup, Visit.
 */
const NOW = new Date("2026-03-01T12:00:00Z");
let key = "";
beforeAll(async () => {
  await createFixtureProject("names", "UTC", [{ id: "a" }, { id: "b" }], [
    { person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" },
    { person: "a", name: "Purchase", at: "2026-01-06T10:00:00Z" },
    { person: "a", name: "Visit", at: "2026-01-13T10:00:00Z" },
    { person: "b", name: "Visit", at: "2026-01-06T11:00:00Z" },
    { person: "b", name: "Signup", at: "2026-01-06T12:00:00Z" },
  ]);
  await createUser(cliActor, { email: "names-sales@example.com", name: "Sales", role: "sales", password: "long-enough-pw" });
  key = (await createApiKey(cliActor, { userEmail: "names-sales@example.com", name: "names" })).key;
});

const run = (kind: string, params: RawParams) => runReport(cliActor, "names", kind, { as_of: "2026-02-01", ...params }, { now: NOW });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => ({ code: (e as { code: string }).code, message: (e as Error).message }),
  );
const api = async (kind: string, params: Record<string, string>) => {
  const req = new NextRequest(`http://localhost/api/v1/projects/names/reports/${kind}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${key}` } });
  const res = await reportRoute(req, { params: Promise.resolve({ slug: "names", kind }) });
  return { status: res.status, body: await res.json() };
};

describe("impossible ranges", () => {
  const funnelSteps = { step: ["Visit", "Purchase"] };

  it("from after to is refused by every report that takes them, naming both values", async () => {
    const message = "from (2026-01-20) is after to (2026-01-10).";
    for (const [kind, extra] of [["retention", {}], ["funnel", funnelSteps], ["overview", {}], ["activity", {}], ["campaigns", {}], ["lifecycle", {}], ["journeys", {}], ["stages", {}], ["revenue", {}]] as const)
      expect(await refusal(run(kind, { ...extra, from: "2026-01-20", to: "2026-01-10" })), kind).toEqual({ code: "invalid", message });
  });

  it("relative days count back from the same as-of day; a date against a relative day needs the as-of date", async () => {
    expect((await refusal(run("retention", { from: "-10d", to: "-30d" })))?.message).toBe("from (-10d) is after to (-30d).");
    // as_of 2026-02-01: -5d is Jan 27, after Jan 20.
    expect((await refusal(run("overview", { from: "-5d", to: "2026-01-20" })))?.message).toBe("from (-5d) is after to (2026-01-20).");
    // Without to, the range ends on the as-of day.
    expect((await refusal(run("overview", { from: "2026-02-02" })))?.message).toBe(
      "from (2026-02-02) is after to (the as-of day, 2026-02-01).",
    );
  });

  it("what the parameters alone cannot tell is refused once the range is resolved: a default from, a date against the clock", async () => {
    // Journeys read from 89 days before the as-of day unless told: -100d ends before that.
    expect((await refusal(run("journeys", { to: "-100d" })))?.message).toBe("from (-89d, the default) is after to (-100d).");
    // No as_of: the as-of day is the clock's, 2026-03-01, so -45d is Jan 15, before Jan 20.
    expect((await refusal(run("funnel", { ...funnelSteps, as_of: undefined, from: "2026-01-20", to: "-45d" })))?.message).toBe("from (2026-01-20) is after to (-45d).");
  });

  it("a range of one day, and ranges that only look odd, are accepted", async () => {
    const { result } = await runReport(cliActor, "names", "overview", { as_of: "2026-02-01", from: "2026-01-06", to: "2026-01-06" }, { now: NOW });
    expect(result.totals.events).toBe(3);
    await expect(run("overview", { from: "-30d", to: "-10d" })).resolves.toBeDefined();
    await expect(run("overview", { from: "2026-01-01", to: "-5d" })).resolves.toBeDefined();
    await expect(run("overview", { from: "2026-02-01" })).resolves.toBeDefined();
  });

  it("a saved view is checked the same way, and the API answers 400 with the message", async () => {
    expect(() => checkReportParams("overview", { from: "2026-01-20", to: "2026-01-10" })).toThrow("from (2026-01-20) is after to (2026-01-10).");
    const res = await api("retention", { from: "2026-01-20", to: "2026-01-10", as_of: "2026-02-01" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("from (2026-01-20) is after to (2026-01-10).");
  });
});

describe("event names the project lacks", () => {
  it("retention: a returning event runs, empty, with the warning and the nearest name", async () => {
    const typo = await run("retention", { return: "Purchse", period: "week", periods: "2", from: "2026-01-05" });
    expect(typo.warnings).toEqual(['return: no event named "Purchse"; did you mean "Purchase"?']);
    const cells = (typo.result as RetentionResult).groups[0]!.cohorts.flatMap((c) => c.cells.map((cell) => cell.retained));
    expect(cells.every((n) => n === 0)).toBe(true);
    const none = await run("retention", { return: "No such event" });
    expect(none.warnings).toEqual(['return: no event named "No such event"; this project has none, so nothing matches it.']);
    expect((await run("retention", { cohort: "first:visit", return: "Visit" })).warnings).toEqual(['cohort: no event named "visit"; did you mean "Visit"?']);
    expect((await run("retention", { return: "Purchase" })).warnings).toEqual([]);
    // A cached answer keeps its warnings.
    const again = await run("retention", { return: "Purchse", period: "week", periods: "2", from: "2026-01-05" });
    expect(again.cached).toBe(true);
    expect(again.warnings).toEqual(['return: no event named "Purchse"; did you mean "Purchase"?']);
  });

  it("funnel steps and exclusions, a campaign goal, a journey's event: each named by its parameter", async () => {
    expect((await run("funnel", { step: ["Visit", "Purchse"], exclude: "Sigup" })).warnings).toEqual([
      'step 2: no event named "Purchse"; did you mean "Purchase"?',
      'exclude: no event named "Sigup"; did you mean "Signup"?',
    ]);
    expect((await run("funnel", { step: ["Visit", "Purchase"] })).warnings).toEqual([]);
    expect((await run("campaigns", { goal: "purchase" })).warnings).toEqual(['goal: no event named "purchase"; did you mean "Purchase"?']);
    expect((await run("journeys", { event: "Vist" })).warnings).toEqual(['event: no event named "Vist"; did you mean "Visit"?']);
    expect((await run("overview", {})).warnings).toEqual([]);
  });

  it("the API's JSON carries the warnings", async () => {
    const res = await api("campaigns", { goal: "Purchace", as_of: "2026-02-01" });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual(['goal: no event named "Purchace"; did you mean "Purchase"?']);
  });
});

describe("view parameters", () => {
  it("every report's page may keep its tables' sort in its URL: accepted, and no number changes", async () => {
    const plain = await run("overview", {});
    const sorted = await run("overview", { sort: "top-events.name.asc" });
    expect(sorted.result).toEqual(plain.result);
    expect(sorted.params).toEqual(plain.params);
    expect(checkReportParams("funnel", { step: ["Visit", "Purchase"], sort: ["funnel-steps.people.desc"] })).toEqual({ step: ["Visit", "Purchase"], sort: ["funnel-steps.people.desc"] });
  });
});
