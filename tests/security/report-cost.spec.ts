import { expect, test } from "@playwright/test";
import { logIn } from "../e2e/helpers";

/** 5. The huge retention URL of the review answers at once with its reason, and sign-in is not held up meanwhile. */
test("the huge retention URL is answered quickly with the reason, while a sign-in made at the same time succeeds", async ({ page, browser }) => {
  await logIn(page, "marketing");
  const base = "/api/v1/projects/giftly/reports/retention?from=0001-01-01&to=9999-12-31&period=day&periods=120";
  const other = await browser.newPage();
  const started = Date.now();
  const [byEmail, byPlan] = await Promise.all([
    page.request.get(`${base}&breakdown=person.email`),
    page.request.get(`${base}&breakdown=plan`),
    logIn(other, "sales"),
  ]);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(byEmail.status()).toBe(400);
  expect((await byEmail.json()).error.message).toMatch(/^breakdown: this project has no person property "email"\./);
  expect(byPlan.status()).toBe(422);
  expect((await byPlan.json()).error.message).toMatch(/cells \(cohorts × periods × groups\); the most is 100,000 .* Narrow it: /);
  await expect(other.getByTestId("role")).toHaveText("sales");
  // The page says the same.
  await page.goto(`/p/giftly/retention?from=0001-01-01&to=9999-12-31&period=day&periods=120&breakdown=plan`);
  await expect(page.getByRole("alert").filter({ hasText: "cannot be used" })).toContainText("Narrow it:");
});
