import { expect, test, type Page } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

/**
 * Requests for a server render of a page (a navigation, or a React Server Components fetch that is not a link's
 * prefetch), counted while `act` runs.
 */
async function serverRenders(page: Page, act: () => Promise<void>) {
  let renders = 0;
  const count = (req: { headers(): Record<string, string>; resourceType(): string }) => {
    const headers = req.headers();
    if (req.resourceType() === "document" || (headers["rsc"] === "1" && !headers["next-router-prefetch"])) renders++;
  };
  page.on("request", count);
  await act();
  page.off("request", count);
  return renders;
}

test("a name the project lacks is shown as given, with a warning naming the nearest one; an impossible range is refused", async ({ page }) => {
  await logIn(page, "marketing");

  // Retention coming back with an event no one did: the (empty) report, the control reading the URL's name, and why.
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&return=No+such+event`);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
  await expect(page.getByTestId("report-warnings")).toHaveText('return: no event named "No such event"; this project has none, so nothing matches it.');
  const returning = page.getByLabel("Returning event");
  await expect(returning).toHaveValue("No such event");
  await expect(returning.locator("option:checked")).toHaveText("No such event");

  // A mistyped funnel step: the warning names the step and the nearest event, and the step's field keeps the typo.
  await page.goto(`/p/threadline/funnel?as_of=${E2E_DEMO_END}&step=View+product&step=Ordr`);
  await expect(page.getByTestId("report-warnings")).toHaveText('step 2: no event named "Ordr"; did you mean "Order"?');
  await expect(page.getByLabel("Step 2 event")).toHaveValue("Ordr");

  // A breakdown by a property the project lacks is refused; the form under the message shows it as given.
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&breakdown=nonexistent_prop`);
  await expect(page.getByRole("alert").filter({ hasText: "cannot be used" })).toContainText('breakdown: this project has no person property "nonexistent_prop".');
  await expect(page.getByLabel("Breakdown")).toHaveValue("nonexistent_prop");

  // from after to: the error card names both, and the form keeps them to be mended.
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&from=2026-05-01&to=2026-04-01`);
  await expect(page.getByRole("alert").filter({ hasText: "cannot be used" })).toContainText("from (2026-05-01) is after to (2026-04-01).");
  await expect(page.getByLabel("From")).toHaveValue("2026-05-01");
  // A date typed while the page is still being hydrated can be reset by it: type and apply again until it sticks.
  await expect(async () => {
    await page.getByLabel("To").fill("2026-06-01");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("retention-heatmap")).toBeVisible({ timeout: 5000 });
  }).toPass({ timeout: 30_000 });
  await expect(page).toHaveURL(/to=2026-06-01/);
});

test("a table's sort and the retention %/counts toggle live in the URL: kept on reload, without running the report again", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/overview?as_of=${E2E_DEMO_END}`);
  const table = page.getByRole("table", { name: "Top events" });
  const header = table.getByRole("columnheader", { name: "Event", exact: true });
  const names = async () => (await table.getByRole("row").locator("td:first-child").allTextContents()).map((t) => t.trim());
  await expect(table.getByRole("columnheader", { name: "Events", exact: true })).toHaveAttribute("aria-sort", "descending");

  const renders = await serverRenders(page, async () => {
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", /ascending|descending/);
    await expect(page).toHaveURL(/[?&]sort=top-events\.name\.(asc|desc)(&|$)/);
  });
  expect(renders).toBe(0);
  const direction = await header.getAttribute("aria-sort");
  const sorted = await names();
  expect(sorted.length).toBeGreaterThan(1);
  expect(sorted).toEqual([...sorted].sort((a, b) => (direction === "ascending" ? 1 : -1) * a.localeCompare(b, "en-US", { numeric: true, sensitivity: "base" })));

  await page.reload();
  await expect(header).toHaveAttribute("aria-sort", direction!);
  expect(await names()).toEqual(sorted);

  // Retention: counts instead of percentages, and the reactivation table's sort beside the cohorts' own.
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&period=month&periods=4`);
  const show = page.getByRole("group", { name: "Show" });
  const firstRow = page.getByRole("region", { name: "Table" }).getByRole("row").nth(1);
  await expect(firstRow).toContainText("%");
  const toggled = await serverRenders(page, async () => {
    await show.getByRole("button", { name: "Counts" }).click();
    await expect(page).toHaveURL(/[?&]show=count(&|$)/);
  });
  expect(toggled).toBe(0);
  await expect(firstRow).not.toContainText("%");
  const reactivation = page.getByRole("table", { name: "Reactivation" });
  const periodHeader = reactivation.getByRole("columnheader").first();
  await expect(periodHeader).toHaveAttribute("aria-sort", "descending");
  await periodHeader.getByRole("button").click();
  await expect(periodHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/[?&]sort=reactivation\.period\.asc(&|$)/);

  await page.reload();
  await expect(show.getByRole("button", { name: "Counts" })).toHaveAttribute("aria-pressed", "true");
  await expect(firstRow).not.toContainText("%");
  await expect(periodHeader).toHaveAttribute("aria-sort", "ascending");
});

test("the form follows a URL reached from within the page: a suggested funnel, a campaign's link, the browser's Back", async ({ page }) => {
  await logIn(page, "marketing");

  // Giftly's people register before they open the app and send a gift: the suggested funnel goes in that order,
  // though more people opened the app than registered in the range; and its steps fill the form.
  await page.goto(`/p/giftly/funnel?as_of=${E2E_DEMO_END}`);
  await page.getByRole("link", { name: "Try Registration → App open → Send gift" }).click();
  await expect(page.getByTestId("funnel-chart")).toBeVisible();
  await expect(page.getByLabel("Step 1 event")).toHaveValue("Registration");
  await expect(page.getByLabel("Step 2 event")).toHaveValue("App open");
  await expect(page.getByLabel("Step 3 event")).toHaveValue("Send gift");
  await expect(page.getByRole("button", { name: "Apply" })).toBeEnabled();
  // In the order of popularity nobody converts (they registered before opening the app), and the card says so.
  await page.goto(`/p/giftly/funnel?as_of=${E2E_DEMO_END}&step=App+open&step=Registration&step=Send+gift`);
  await expect(page.getByTestId("stat-converted")).toHaveText("0");
  await expect(page.getByTestId("stat-time").locator("..")).toContainText("nobody converted");

  // A campaign named in the list opens its page, and the form shows it chosen.
  await page.goto(`/p/letterbox/campaigns?as_of=${E2E_DEMO_END}`);
  await page.getByRole("link", { name: "Supporter drive 2026-06" }).first().click();
  await expect(page).toHaveURL(/campaign=drive-2026-06/);
  await expect(page.getByLabel("Campaign", { exact: true })).toHaveValue("drive-2026-06");

  // Months applied, then Back: the weekly report and the form saying so.
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}`);
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("week");
  await expect(async () => {
    await page.getByLabel("Period", { exact: true }).selectOption("month");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/period=month/, { timeout: 5000 });
  }).toPass({ timeout: 30_000 });
  await page.goBack();
  await expect(page).not.toHaveURL(/period=month/);
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("week");
});
