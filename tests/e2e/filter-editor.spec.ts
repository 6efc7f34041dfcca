import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

test("a filter picked from the data narrows the numbers and stays in the URL; a bad typed one is marked on its own chip", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/overview?as_of=${E2E_DEMO_END}`);
  const people = page.getByTestId("stat-people");
  const everyone = await people.textContent();
  const filters = page.getByTestId("filters-where");
  // The placeholder's example is a filter of this project's own data.
  await expect(filters.getByLabel("Type a filter")).toHaveAttribute("placeholder", /^or type one: (person\.)?\S+ = \S+/);

  await filters.getByRole("button", { name: "Add filter" }).click();
  const picker = filters.getByRole("group", { name: "New filter" });
  await picker.getByLabel("Filter scope").selectOption("person");
  await picker.getByLabel("Filter property").selectOption("plan");
  // The plan's values, most common first, each with its count; typing narrows them.
  const suggested = picker.getByRole("list", { name: "Suggested values" }).getByRole("button");
  await expect(suggested.first()).toHaveText(/^\S+ [\d,]+$/);
  await picker.getByLabel("Filter value").fill("prem");
  await expect(suggested).toHaveCount(1);
  await expect(suggested).toHaveText(/^premium [\d,]+$/);
  await suggested.click();
  await picker.getByRole("button", { name: "Add this filter" }).click();

  await expect(page).toHaveURL(/[?&]where=person\.plan\+%3D\+premium(&|$)/);
  await expect(people).not.toHaveText(everyone!);
  const premium = await people.textContent();
  const chips = filters.getByTestId("filter-chip");
  await expect(chips).toHaveCount(1);
  await expect(chips.first()).toHaveText(/person\.plan = premium/);

  // A typo typed as text: the report keeps its numbers with the first filter, and the typo's chip says what is wrong.
  await filters.getByLabel("Type a filter").fill("person.plann = free");
  await filters.getByLabel("Type a filter").press("Enter");
  await expect(page).toHaveURL(/where=person\.plann\+%3D\+free/);
  await expect(chips).toHaveCount(2);
  const bad = filters.locator('[data-testid="filter-chip"][data-invalid="true"]');
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('Not applied: this project has no person property "plann". Did you mean "plan"?');
  await expect(chips.first()).not.toHaveAttribute("data-invalid", "true");
  await expect(people).toHaveText(premium!);
  await expect(page.getByRole("alert").filter({ hasText: "cannot be used" })).toHaveCount(0);

  // Removing the bad chip leaves the good one.
  await bad.getByRole("button", { name: /^Remove filter/ }).click();
  await expect(page).not.toHaveURL(/plann/);
  await expect(chips).toHaveCount(1);
  await expect(people).toHaveText(premium!);
});

test("a report with an Apply button takes picked and typed filters as chips, and the API still refuses a bad filter", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}`);
  // The filters sit under More settings, folded while none is set.
  await page.getByText("More settings").click();
  const where = page.getByRole("group", { name: "Filter both sides" });
  await where.getByLabel("Type a filter").fill('person.country = "US"');
  await where.getByLabel("Type a filter").press("Enter");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/where=person\.country\+%3D\+%22US%22/);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
  await expect(where.getByTestId("filter-chip")).toHaveText([/person\.country = "?US"?/]);

  const api = await page.request.get(`/api/v1/projects/giftly/reports/overview?as_of=${E2E_DEMO_END}&where=person.plann%20%3D%20free`);
  expect(api.status()).toBe(400);
});
