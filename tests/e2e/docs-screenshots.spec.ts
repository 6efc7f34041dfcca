import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

// Refreshes the README's screenshots: DOCS_SCREENSHOTS=1 npx tsx --conditions=react-server tests/e2e/run-e2e.ts docs-screenshots
test.skip(!process.env.DOCS_SCREENSHOTS, "only when refreshing docs/screenshots");
test.use({ viewport: { width: 1280, height: 800 } });

test("login and overview screenshots", async ({ page }) => {
  await page.goto("/login");
  await page.screenshot({ path: "docs/screenshots/login.png" });
  await logIn(page, "marketing");
  await page.goto(`/p/threadline/overview?as_of=${E2E_DEMO_END}&from=-89d`);
  await page.getByRole("heading", { name: "Top events" }).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: "docs/screenshots/overview.png", fullPage: true });
});

test("data page screenshot", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/p/learnpath/data");
  await page.getByLabel("Kind of data").selectOption("journeys");
  await page.getByLabel("CSV file").setInputFiles("tests/fixtures/valid/journeys-crlf.csv");
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByRole("button", { name: "Store the file" })).toBeEnabled();
  await page.getByRole("button", { name: "Store the file" }).click();
  await page.getByTestId("upload-result").waitFor();
  await page.screenshot({ path: "docs/screenshots/data.png", fullPage: true });
});

test("retention screenshot", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(`/p/giftly/retention?period=month&periods=6&as_of=${E2E_DEMO_END}&breakdown=plan`);
  const cell = page.getByTestId("cell-2026-02-01-2");
  await cell.click();
  await page.getByTestId("cell-people").getByRole("table").waitFor();
  await cell.hover();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/retention.png", fullPage: true });
});

test("campaigns screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/letterbox/campaigns?as_of=${E2E_DEMO_END}&goal=Become+supporter&window=14d&campaign=drive-2026-06`);
  await page.getByTestId("campaign-comparison").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/campaigns.png", fullPage: true });
});

test("campaign list screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/letterbox/campaigns?as_of=${E2E_DEMO_END}&goal=Become+supporter&window=14d&from=-89d`);
  await page.getByTestId("cohort-campaign-heatmap").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/campaign-list.png", fullPage: true });
});

test("activity screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/activity?as_of=${E2E_DEMO_END}&from=-181d&breakdown=person.platform`);
  await page.getByTestId("weekday-hour-heatmap").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/activity.png", fullPage: true });
});

test("lifecycle screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/letterbox/lifecycle?as_of=${E2E_DEMO_END}&period=month&breakdown=source`);
  await page.getByTestId("lifecycle-chart").first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/lifecycle.png", fullPage: true });
});

test("revenue screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/revenue?as_of=${E2E_DEMO_END}`);
  await page.getByTestId("revenue-comparison").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/revenue.png", fullPage: true });
});

test("alerts screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto("/p/giftly/alerts");
  await page.getByLabel("Name").fill("DAU outside its usual range");
  await page.getByLabel("From").fill("-89d");
  await page.getByLabel("As of").fill(E2E_DEMO_END);
  await page.getByLabel("k", { exact: true }).fill("2.5");
  await page.getByRole("button", { name: "Save the rule" }).click();
  await page.getByRole("status").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/alerts.png", fullPage: true });
});

test("dashboard, share form, public view and share links screenshots", async ({ page, browser }) => {
  await logIn(page, "marketing");
  const created = await page.request.post("/api/v1/projects/giftly/dashboards", {
    headers: { origin: new URL(page.url()).origin },
    data: { name: "Growth review", tiles: [`overview?as_of=${E2E_DEMO_END}&from=-89d`, `activity?as_of=${E2E_DEMO_END}`, `retention?as_of=${E2E_DEMO_END}&period=month&periods=6`, `revenue?as_of=${E2E_DEMO_END}`] },
  });
  const { path } = await created.json();
  await page.goto(path);
  for (const kind of ["overview", "activity", "retention", "revenue"]) await page.getByTestId(`${kind}-tile`).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: "docs/screenshots/dashboard.png", fullPage: true });
  await page.getByTestId("share-button").click();
  await page.getByLabel("Expires after").selectOption("7d");
  await page.getByLabel("Locked filters").fill("person.source = organic");
  await page.getByText("CSV downloads").click();
  await page.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByTestId("copy-text").inputValue();
  await page.screenshot({ path: "docs/screenshots/share-created.png" });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const shared = await context.newPage();
  await shared.goto(url);
  for (const kind of ["overview", "activity", "retention", "revenue"]) await shared.getByTestId(`${kind}-tile`).waitFor();
  await shared.waitForTimeout(800);
  await shared.screenshot({ path: "docs/screenshots/shared-dashboard.png", fullPage: true });
  await context.close();
  await page.goto("/shares");
  await page.screenshot({ path: "docs/screenshots/share-links.png" });
});

test("exports: a chart's PNG and a dashboard's PDF, kept for a look", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/retention?period=month&periods=6&as_of=${E2E_DEMO_END}`);
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Retention heatmap as PNG/ }).click()]);
  await png.saveAs("/tmp/journeylens-chart.png");
  const created = await page.request.post("/api/v1/projects/giftly/dashboards", {
    headers: { origin: new URL(page.url()).origin },
    data: { name: "PDF look", tiles: [`overview?as_of=${E2E_DEMO_END}`, `retention?as_of=${E2E_DEMO_END}&period=month&periods=6`, `lifecycle?as_of=${E2E_DEMO_END}`] },
  });
  const { id } = await created.json();
  const pdf = await page.request.get(`/api/v1/projects/giftly/dashboards/${id}/pdf`);
  fs.writeFileSync("/tmp/journeylens-dashboard.pdf", await pdf.body());
});

test("audit log screenshot", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/settings/audit");
  await page.getByRole("table").waitFor();
  await page.screenshot({ path: "docs/screenshots/audit-log.png" });
});

test("funnel screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/threadline/funnel?step=View+product&step=Add+to+cart&step=Order&window=7d&from=-89d&as_of=${E2E_DEMO_END}`);
  await page.getByRole("row", { name: /2\. Add to cart/ }).getByRole("button", { name: "dropped after" }).click();
  await page.getByTestId("funnel-people").getByRole("table").waitFor();
  // Opening the people scrolls to them; from the top, the sticky sidebar sits where it belongs in the full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/funnel.png", fullPage: true });
});

test("journeys screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/learnpath/journeys?segment=person.plan&page=Pricing&start=Homepage&depth=3&remove=Other`);
  await page.getByTestId("paths-sankey").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/journeys.png", fullPage: true });
});

test("shop stages screenshot", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/threadline/stages?as_of=${E2E_DEMO_END}`);
  await page.getByTestId("paths-sankey").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "docs/screenshots/stages.png", fullPage: true });
});
