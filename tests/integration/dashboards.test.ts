import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/data/actor";
import {
  addDashboardTile, createDashboard, defaultDashboardPath, deleteDashboard, getDashboard, listDashboards, removeDashboardTile,
  saveDashboardLayout, setDashboardFilters, setDefaultDashboard,
} from "@/lib/data/dashboards";
import { deleteSavedReport, saveReport } from "@/lib/data/saved-reports";
import { createFixtureProject } from "../support/fixtures";

const marketing: Actor = { via: "cli", userId: null, email: null, role: "marketing" };
const sales: Actor = { via: "cli", userId: null, email: null, role: "sales" };

beforeAll(async () => {
  await createFixtureProject("boards", "UTC", [{ id: "a", plan: "Pro" }], [{ person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
});

describe("dashboards", () => {
  it("holds saved reports and inline views as tiles, with the dashboard's range and filters over theirs", async () => {
    const board = await createDashboard(marketing, "boards", "Weekly review");
    expect(board.path).toBe(`/p/boards/dashboards/${board.id}`);
    const saved = await saveReport(marketing, "boards", { kind: "retention", name: "Monthly", params: { period: "month", from: "2025-01-01", where: "person.plan = Pro" } });
    await addDashboardTile(marketing, "boards", board.id, { saved: saved.id });
    await addDashboardTile(marketing, "boards", board.id, { kind: "overview", params: { from: "-29d" } });
    await expect(addDashboardTile(marketing, "boards", board.id, { kind: "overview", params: { frm: "-29d" } })).rejects.toThrow('Unknown parameter "frm". Did you mean "from"?');

    let view = await getDashboard(sales, "boards", board.id);
    expect(view.tiles.map((t) => [t.i, t.kind, t.title, t.x, t.y, t.w, t.h])).toEqual([["t1", "retention", "Monthly", 0, 0, 6, 8], ["t2", "overview", "Overview", 6, 0, 6, 8]]);

    await setDashboardFilters(marketing, "boards", board.id, { from: "2026-01-01", where: ["Quantity > 0"] });
    view = await getDashboard(sales, "boards", board.id);
    expect(view.tiles[0]!.params).toEqual({ period: "month", from: "2026-01-01", where: ["person.plan = Pro", "Quantity > 0"] });
    expect(view.tiles[1]!.params).toEqual({ from: "2026-01-01", where: ["Quantity > 0"] });
    await expect(setDashboardFilters(marketing, "boards", board.id, { where: ["Quantity >"] })).rejects.toThrow('Filter "Quantity >"');

    await saveDashboardLayout(marketing, "boards", board.id, [{ i: "t2", x: 6, y: 0, w: 6, h: 10 }]);
    view = await getDashboard(sales, "boards", board.id);
    expect(view.tiles.map((t) => [t.i, t.x, t.y, t.w, t.h])).toEqual([["t1", 0, 0, 6, 8], ["t2", 6, 0, 6, 10]]);
    // A new tile takes the first free place: under the shorter tile, not below both.
    await addDashboardTile(marketing, "boards", board.id, { kind: "overview", params: {} });
    view = await getDashboard(sales, "boards", board.id);
    expect(view.tiles.map((t) => [t.i, t.x, t.y])).toEqual([["t1", 0, 0], ["t2", 6, 0], ["t3", 0, 8]]);
    await removeDashboardTile(marketing, "boards", board.id, "t3");

    // A deleted saved report leaves its tile with a message; removing the tile clears it.
    await deleteSavedReport(marketing, "boards", saved.id);
    expect((await getDashboard(sales, "boards", board.id)).tiles[0]!.error).toBe("The saved report of this tile has been deleted.");
    await removeDashboardTile(marketing, "boards", board.id, "t1");
    expect((await getDashboard(sales, "boards", board.id)).tiles.map((t) => t.i)).toEqual(["t2"]);
  });

  it("has at most one default a project, the one the project opens on", async () => {
    const a = await createDashboard(marketing, "boards", "A");
    const b = await createDashboard(marketing, "boards", "B");
    expect(await defaultDashboardPath(sales, "boards")).toBeNull();
    await setDefaultDashboard(marketing, "boards", a.id, true);
    await setDefaultDashboard(marketing, "boards", b.id, true);
    expect(await defaultDashboardPath(sales, "boards")).toBe(b.path);
    expect((await listDashboards(sales, "boards")).filter((d) => d.isDefault).map((d) => d.name)).toEqual(["B"]);
    await deleteDashboard(marketing, "boards", b.id);
    expect(await defaultDashboardPath(sales, "boards")).toBeNull();
  });

  it("sales reads dashboards but cannot make or change one", async () => {
    const board = await createDashboard(marketing, "boards", "Read only");
    for (const attempt of [
      createDashboard(sales, "boards", "Mine"),
      addDashboardTile(sales, "boards", board.id, { kind: "overview", params: {} }),
      saveDashboardLayout(sales, "boards", board.id, []),
      setDefaultDashboard(sales, "boards", board.id, true),
      deleteDashboard(sales, "boards", board.id),
    ])
      await expect(attempt).rejects.toThrow("You do not have permission to do this.");
  });
});
