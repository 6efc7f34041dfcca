import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { formatCount, logIn } from "./helpers";

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
