import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

let boardPath = "";
// Tall enough that both tiles are on screen for the drag.
test.use({ viewport: { width: 1440, height: 1600 } });

test("marketing builds a dashboard from saved reports: each tile loads on its own, the dashboard's range applies to all, tiles are dragged and the layout kept", async ({ page }) => {
  await logIn(page, "marketing");
  for (const [url, name] of [
    [`/p/giftly/overview?as_of=${E2E_DEMO_END}`, "Giftly at a glance"],
    [`/p/giftly/activity?as_of=${E2E_DEMO_END}`, "Giftly activity"],
  ] as const) {
    await page.goto(url);
    await page.getByRole("button", { name: "Save report" }).click();
    await page.getByLabel("Report name").fill(name);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\/saved\/\d+/);
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboards" }).click();
  await page.getByLabel("Dashboard name").fill("Weekly review");
  await page.getByRole("button", { name: "Create" }).click();
  await page.waitForURL(/\/p\/giftly\/dashboards\/\d+$/);
  boardPath = new URL(page.url()).pathname;
  for (const name of ["Giftly at a glance", "Giftly activity"]) {
    await page.getByLabel("Saved report to add").selectOption({ label: name });
    await page.getByRole("button", { name: "Add tile" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
  }
  await expect(page.getByTestId("tile-t1").getByTestId("overview-tile")).toBeVisible();
  await expect(page.getByTestId("tile-t2").getByTestId("activity-tile")).toBeVisible();

  // The dashboard's range replaces each tile's own.
  await page.getByLabel("Dashboard from").fill("-29d");
  await page.getByRole("button", { name: "Apply to every tile" }).click();
  await expect(page.getByText("every tile: from -29d")).toBeVisible();
  await expect(page.getByTestId("tile-t1").getByRole("link", { name: "Open the full report →" })).toHaveAttribute("href", /\/saved\/\d+/);

  // The second tile was added beside the first, in the first free place; drag it under the first, and keep that.
  const handle = page.getByTestId("tile-t2").locator(".tile-handle");
  const before = (await page.getByTestId("tile-t2").boundingBox())!;
  const first = (await page.getByTestId("tile-t1").boundingBox())!;
  expect(Math.abs(before.y - first.y)).toBeLessThan(2);
  expect(before.x).toBeGreaterThan(first.x + first.width / 2);
  const start = (await handle.boundingBox())!;
  await page.mouse.move(start.x + 40, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + 40 + first.x - before.x, start.y + start.height / 2 + first.height + 20, { steps: 12 });
  await page.mouse.up();
  await page.getByRole("button", { name: "Save layout" }).click();
  await expect(page.getByText("Saved the layout.")).toBeVisible();
  await page.reload();
  const after = (await page.getByTestId("tile-t2").boundingBox())!;
  expect(after.x).toBeLessThan(first.x + first.width / 2);
  expect(after.y).toBeGreaterThan(first.y + first.height / 2);
});

test("sales reads the dashboard, without its editing controls", async ({ page }) => {
  expect(boardPath).not.toBe("");
  await logIn(page, "sales");
  await page.goto(boardPath);
  await expect(page.getByRole("heading", { name: "Weekly review" })).toBeVisible();
  await expect(page.getByTestId("tile-t1").getByTestId("overview-tile")).toBeVisible();
  for (const name of ["Save layout", "Add tile", "Apply to every tile", "Remove the tile"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await page.goto("/p/giftly/dashboards");
  await expect(page.getByLabel("Dashboard name")).toHaveCount(0);
});

test("marketing adds a report view, as its URL has it, to a dashboard from the report page", async ({ page }) => {
  expect(boardPath).not.toBe("");
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/lifecycle?as_of=${E2E_DEMO_END}&period=week`);
  await page.getByRole("button", { name: "Add to dashboard" }).click();
  await page.getByLabel("Dashboard to add to").selectOption({ label: "Weekly review" });
  await page.getByRole("form", { name: "Add to dashboard" }).getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("link", { name: /Added to the dashboard/ }).click();
  await expect(page).toHaveURL(new RegExp(`${boardPath}$`));
  await expect(page.getByRole("heading", { name: "Lifecycle" })).toBeVisible();
  await expect(page.getByTestId("lifecycle-tile")).toBeVisible();
});
