import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import { REPORTS } from "@/lib/reports/registry";
import { createFixtureProject } from "../support/fixtures";

beforeAll(async () => {
  await createFixtureProject("empty-shop", "Pacific/Auckland", [], []);
});

describe("every report kind", () => {
  it.each(Object.keys(REPORTS))("%s runs with its defaults on an empty project and shows its SQL", async (kind) => {
    const output = await runReport(cliActor, "empty-shop", kind, {});
    expect(output.queries.length).toBeGreaterThan(0);
    for (const q of output.queries) expect(q.sql).toMatch(/^with |^select /i);
    expect(output.definition.length).toBeGreaterThan(0);
  });
});

describe("overview on an empty project", () => {
  it("is all zeros, with no days", async () => {
    const { result } = await runReport(cliActor, "empty-shop", "overview", { as_of: "2026-01-01" });
    expect(result.totals).toEqual({ people: 0, events: 0, untimedEvents: 0, firstEvent: null, lastEvent: null });
    expect(result.perDay).toEqual([]);
    expect(result.topEvents).toEqual([]);
  });
});
