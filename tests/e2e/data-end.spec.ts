import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

type Output = {
  asOf: string;
  asOfSource: string;
  dataEnd: string | null;
  unavailable: { reason: string; instead: string } | null;
  result: { groups: { value: string | null; size: number; cohorts: { cohort: string; size: number }[] }[] };
};

// The suite's demo data ends on E2E_DEMO_END (Giftly's last event day, in New York), months before the clock.
test("a report of data that ended in the past opens on its last periods and says where the data ends", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto("/p/giftly/retention?period=month");
  await expect(page.getByTestId("data-end")).toHaveText("data ends 30 Jun 2026");

  // The API reads the same moment, and says which and why; as_of given as that day gives the same numbers.
  const api = (await (await page.request.get("/api/v1/projects/giftly/reports/retention?period=month")).json()) as Output;
  expect(api).toMatchObject({ asOfSource: "data_end", dataEnd: E2E_DEMO_END, asOf: "2026-07-01T03:59:59.999Z", unavailable: null });
  const given = (await (await page.request.get(`/api/v1/projects/giftly/reports/retention?period=month&as_of=${E2E_DEMO_END}`)).json()) as Output;
  expect(given.asOfSource).toBe("given");
  expect(api.result).toEqual(given.result);

  // Twelve monthly cohorts ending with June 2026, none empty, drawn on the page.
  const everyone = api.result.groups.find((g) => g.value === null)!;
  expect(everyone.cohorts.map((c) => c.cohort)).toEqual(["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01",
    "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"]);
  for (const c of everyone.cohorts) expect(c.size).toBeGreaterThan(0);
  await expect(page.getByTestId("stat-cohort-people")).toContainText(formatCount(everyone.size));
  await expect(page.getByTestId("retention-heatmap").getByTestId("cell-2026-06-01-0")).toBeVisible();

  // "How it is computed" states the rule.
  await page.getByTestId("how-computed").locator("summary").click();
  await expect(page.getByTestId("how-computed")).toContainText("No as_of was given, and the data ends on 30 Jun 2026");

  // A given as_of wins, and the header then names no data end.
  await page.goto(`/p/giftly/retention?period=month&as_of=2026-03-31`);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
  await expect(page.getByTestId("data-end")).toHaveCount(0);
});

test("retention on page journeys without timestamps says why it cannot be computed and links to Journeys", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto("/p/learnpath/retention");
  const notice = page.getByTestId("report-unavailable");
  await expect(notice).toContainText("These events have no timestamps; retention needs timed events; see Journeys.");
  await expect(notice).toContainText("Upload events with a time column to compute retention");
  await expect(page.getByTestId("retention-heatmap")).toHaveCount(0);
  await notice.getByRole("link", { name: "Journeys" }).click();
  await page.waitForURL(/\/p\/learnpath\/journeys$/);
  await expect(page.getByRole("heading", { name: "Journeys", level: 1 })).toBeVisible();
});

/*
 * A project whose data ended two years before the suite was written, loaded as an admin would, through the CLI
 * (America/New_York; all 2024 unless said): a1 Jan 15, Feb 10, Dec 5 · a2 Jan 20 · b1 Jun 3, Jul 4 · c1 Nov 20, Dec 1 ·
 * d1 Dec 2 and 2024-12-10T03:00Z (Dec 9, 22:00 in New York). The last event day is 9 Dec 2024, so the page opens on the
 * twelve months Jan … Dec 2024: Jan 2 people (a1 a2), Jun 1, Nov 1, Dec 1, the rest empty.
 */
test("the retention page of a project whose data ended two years ago opens on its last twelve months, as the API and the CLI give them", async ({ page }) => {
  // Named to sort after the demo projects: signing in lands on the first project, which other specs expect to be Giftly.
  cli("project", "create", "vinyl-2024", "--name", "Vinyl Records 2024", "--timezone", "America/New_York");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "journeylens-e2e-")), "vinyl-2024.csv");
  const rows = [
    ["a1", "2024-01-15T17:00:00Z"], ["a1", "2024-02-10T17:00:00Z"], ["a1", "2024-12-05T17:00:00Z"], ["a2", "2024-01-20T17:00:00Z"],
    ["b1", "2024-06-03T17:00:00Z"], ["b1", "2024-07-04T17:00:00Z"], ["c1", "2024-11-20T17:00:00Z"], ["c1", "2024-12-01T17:00:00Z"],
    ["d1", "2024-12-02T17:00:00Z"], ["d1", "2024-12-10T03:00:00Z"],
  ];
  fs.writeFileSync(file, `person,time,name\n${rows.map(([person, time]) => `${person},${time},open`).join("\n")}\n`);
  cli("import", file, "--project", "vinyl-2024", "--as", "events");

  await logIn(page, "sales");
  await page.goto("/p/vinyl-2024/retention?period=month");
  await expect(page.getByTestId("data-end")).toHaveText("data ends 9 Dec 2024");
  const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}-01`);
  const heatmap = page.getByTestId("retention-heatmap");
  for (const month of months) await expect(heatmap.getByTestId(`cell-${month}-0`)).toBeAttached();
  await expect(heatmap.getByTestId("cell-2023-12-01-0")).toHaveCount(0);
  await expect(page.getByTestId("stat-cohort-people")).toContainText("5");

  const api = (await (await page.request.get("/api/v1/projects/vinyl-2024/reports/retention?period=month")).json()) as Output;
  expect(api).toMatchObject({ asOfSource: "data_end", dataEnd: "2024-12-09", asOf: "2024-12-10T04:59:59.999Z" });
  const everyone = api.result.groups.find((g) => g.value === null)!;
  expect(everyone.cohorts.map((c) => c.cohort)).toEqual(months);
  expect(everyone.cohorts.map((c) => c.size)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]);
  const viaCli = JSON.parse(cli("report", "retention", "--project", "vinyl-2024", "--period", "month")) as Output;
  expect(viaCli.asOf).toBe(api.asOf);
  expect(viaCli.result).toEqual(api.result);
});
