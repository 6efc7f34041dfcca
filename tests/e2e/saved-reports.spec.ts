import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

let savedPath = "";

test("marketing saves a report view, reopens it at its own URL, changes it and saves the change under the same URL", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/retention?period=month&periods=4&as_of=${E2E_DEMO_END}&show=count`);
  await page.getByRole("button", { name: "Save report" }).click();
  await page.getByLabel("Report name").fill("Monthly retention, counts");
  await page.getByLabel("Description").fill("Four months, as the board sees it");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/p\/giftly\/saved\/\d+\?/);
  savedPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("saved-report-name")).toHaveText("Monthly retention, counts");
  expect(new URL(page.url()).searchParams.get("show")).toBe("count");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monthly retention, counts" })).toHaveAttribute("href", savedPath);

  // Opened bare, the saved URL restores the view.
  await page.goto(savedPath);
  await page.waitForURL((url) => url.pathname === savedPath && url.searchParams.get("period") === "month");
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();

  // A change made from the saved page stays on its URL, and "Save changes" keeps it.
  await page.getByLabel("Period", { exact: true }).selectOption("week");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL((url) => url.pathname === savedPath && url.searchParams.get("period") === "week");
  await expect(page.getByTestId("saved-report-bar")).toContainText("This view differs from the saved one.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("saved-report-bar")).not.toContainText("differs");
  await page.goto(savedPath);
  await page.waitForURL((url) => url.pathname === savedPath && url.searchParams.get("period") === "week");
});

test("sales opens a saved report and sees no button that saves or changes one", async ({ page }) => {
  expect(savedPath).not.toBe("");
  await logIn(page, "sales");
  await page.goto(savedPath);
  await expect(page.getByTestId("saved-report-name")).toHaveText("Monthly retention, counts");
  for (const name of ["Save changes", "Rename", "Delete", "Save report"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}`);
  await expect(page.getByRole("button", { name: "Save report" })).toHaveCount(0);
});
