import { beforeAll, describe, expect, it } from "vitest";
import { cliActor, type Actor } from "@/lib/data/actor";
import { deleteSavedReport, getSavedReport, listSavedReports, saveReport, updateSavedReport } from "@/lib/data/saved-reports";
import { createFixtureProject } from "../support/fixtures";

const marketing: Actor = { via: "cli", userId: null, email: null, role: "marketing" };
const sales: Actor = { via: "cli", userId: null, email: null, role: "sales" };

beforeAll(async () => {
  await createFixtureProject("saving", "UTC", [{ id: "a", plan: "Pro" }], [{ person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
  await createFixtureProject("saving-other", "UTC", [], []);
});

describe("saved reports", () => {
  it("marketing saves a view with its parameters, view parameters included, and updating it keeps its id and URL", async () => {
    const saved = await saveReport(marketing, "saving", {
      kind: "retention", name: "Monthly by plan", description: "For the board", params: { period: "month", breakdown: "plan", show: "count", from: "" },
    });
    expect(saved).toMatchObject({ kind: "retention", name: "Monthly by plan", params: { period: "month", breakdown: "plan", show: "count" } });
    expect(saved.path).toBe(`/p/saving/saved/${saved.id}`);
    const updated = await updateSavedReport(marketing, "saving", saved.id, { params: { period: "week" }, name: "Weekly" });
    expect(updated).toMatchObject({ id: saved.id, path: saved.path, name: "Weekly", description: "For the board", params: { period: "week" } });
    expect((await getSavedReport(sales, "saving", saved.id)).params).toEqual({ period: "week" });
    expect((await listSavedReports(sales)).filter((r) => r.project === "saving").map((r) => r.name)).toEqual(["Weekly"]);
  });

  it("checks the parameters as the report would, and keeps each project's reports to itself", async () => {
    await expect(saveReport(marketing, "saving", { kind: "retention", name: "x", params: { perods: "6" } })).rejects.toThrow('Unknown parameter "perods". Did you mean "periods"?');
    await expect(saveReport(marketing, "saving", { kind: "funnel-of-dreams", name: "x" })).rejects.toThrow('No report kind "funnel-of-dreams".');
    await expect(saveReport(marketing, "saving", { kind: "overview", name: " " })).rejects.toThrow("A saved report needs a name.");
    const saved = await saveReport(cliActor, "saving", { kind: "overview", name: "All time" });
    await expect(getSavedReport(cliActor, "saving-other", saved.id)).rejects.toThrow(`No saved report ${saved.id} in this project.`);
    await deleteSavedReport(marketing, "saving", saved.id);
    await expect(getSavedReport(cliActor, "saving", saved.id)).rejects.toThrow("No saved report");
  });

  it("sales reads saved reports but cannot save, change or delete one", async () => {
    const saved = await saveReport(marketing, "saving", { kind: "overview", name: "Kept" });
    await expect(saveReport(sales, "saving", { kind: "overview", name: "Mine" })).rejects.toThrow("You do not have permission to do this.");
    await expect(updateSavedReport(sales, "saving", saved.id, { name: "Changed" })).rejects.toThrow("You do not have permission to do this.");
    await expect(deleteSavedReport(sales, "saving", saved.id)).rejects.toThrow("You do not have permission to do this.");
  });
});
