import fs from "node:fs";
import { expect, test, type Download, type Page } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

test.use({ viewport: { width: 1440, height: 1200 } });

async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: fs.readFileSync(file) };
}

const csvRows = (text: string) => text.trim().split("\r\n").map((line) => line.split(","));

test("a table's CSV holds what the table shows, in its order; a chart downloads as PNG and its numbers as CSV", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(`/p/threadline/overview?as_of=${E2E_DEMO_END}&from=-89d`);
  const table = page.getByRole("table", { name: "Top events" });
  await expect(table).toBeVisible();
  const csv = await saved(page, () => page.getByRole("button", { name: "Download Top events as CSV" }).click());
  expect(csv.name).toBe("top-events.csv");
  const rows = csvRows(csv.bytes.toString("utf8"));
  expect(rows[0]).toEqual(["Event", "Events", "People"]);
  const shown = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.replace(/,/g, ""))));
  expect(rows.slice(1)).toEqual(shown);

  const png = await saved(page, () => page.getByRole("button", { name: /as PNG$/ }).first().click());
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(1, 4).toString()).toBe("PNG");
  expect(png.bytes.length).toBeGreaterThan(10_000);
  const data = await saved(page, () => page.getByRole("button", { name: /data as CSV$/ }).first().click());
  const points = csvRows(data.bytes.toString("utf8"));
  // With a range, the chart also draws the 90 days before it, day for day: its columns follow.
  expect(points[0]).toEqual(["day", "Events", "People", "Events (period before)", "People (period before)"]);
  expect(points.length).toBe(91); // the header and 90 days
});

test("a dashboard downloads as a PDF drawn by the server's Chromium", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, "marketing");
  const created = await page.request.post("/api/v1/projects/giftly/dashboards", {
    headers: { origin: new URL(page.url()).origin },
    data: { name: "For the PDF", tiles: [`overview?as_of=${E2E_DEMO_END}`, `retention?as_of=${E2E_DEMO_END}&period=month&periods=6`] },
  });
  await page.goto((await created.json()).path);
  await expect(page.getByTestId("retention-tile")).toBeVisible();
  const pdf = await saved(page, () => page.getByTestId("download-pdf").click());
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.bytes.length).toBeGreaterThan(20_000);
});
