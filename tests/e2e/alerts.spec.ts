import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

test("marketing adds an alert rule on the Alerts page: it is judged at once, its firings marked on the metric's chart and listed", async ({ page }) => {
  await logIn(page, "marketing");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts" })).toBeVisible();
  await page.getByLabel("Name").fill("Revenue below 1,000 a month");
  await page.getByLabel("Metric").selectOption("revenue");
  await page.getByLabel("Condition").selectOption("below");
  await page.getByLabel("Threshold").fill("1000");
  await page.getByLabel("As of").fill(E2E_DEMO_END);
  await page.getByRole("button", { name: "Save the rule" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved the rule.");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Revenue below 1,000 a month" }) });
  await expect(card).toContainText("Revenue per month below 1,000.00");
  // Giftly's first months earned less than 1,000: each fired once, marked on the chart and listed.
  await expect(card.getByRole("row")).not.toHaveCount(0);
  await expect(card.getByRole("row").nth(1)).toContainText("2025-");
  await expect(card.locator('svg line[style*="stroke-dasharray"]').first()).toBeAttached();
});

test("sales reads the alert rules without the form or the delete buttons", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto("/p/giftly/alerts");
  await expect(page.getByRole("heading", { name: "Revenue below 1,000 a month" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save the rule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
});
