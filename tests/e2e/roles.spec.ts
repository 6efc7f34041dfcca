import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, E2E_DEMO_END, LOGINS } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

const overview = JSON.parse(cli("report", "overview", "--project", "threadline", "--as_of", E2E_DEMO_END, "--format", "json"));

test("a wrong password is refused with one generic message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@journeylens.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match an active account" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

for (const role of ["admin", "marketing", "sales"] as const) {
  test(`${role} signs in and sees the Overview numbers the CLI reports`, async ({ page }) => {
    await logIn(page, role);
    await page.goto(`/p/threadline/overview?as_of=${E2E_DEMO_END}`);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("stat-people")).toHaveText(formatCount(overview.result.totals.people));
    await expect(page.getByTestId("stat-events")).toHaveText(formatCount(overview.result.totals.events));
    expect(overview.result.totals.events).toBeGreaterThan(1000);
  });
}

for (const role of ["marketing", "sales"] as const) {
  test(`${role} is refused the Settings pages and does not see them in the navigation`, async ({ page }) => {
    await logIn(page, role);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    for (const path of ["/settings/users", "/settings/api-keys", "/settings/projects"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
  });
}

test("signing out returns to the login page", async ({ page }) => {
  await logIn(page, "sales");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/p/threadline/overview");
  await expect(page).toHaveURL(/\/login/);
});

test("a report URL opened while signed out is the page shown after signing in, and only a path of this site is followed", async ({ page }) => {
  const url = `/p/letterbox/retention?period=week&periods=8&as_of=${E2E_DEMO_END}`;
  await page.goto(url);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(LOGINS.sales);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/p/letterbox/retention");
  expect(new URL(page.url()).search).toBe(new URL(url, "http://x").search);
  await expect(page.getByRole("heading", { name: "Retention", exact: true })).toBeVisible();

  // Another site named as the place to return to is not followed.
  await page.context().clearCookies();
  await page.goto(`/login?callbackUrl=${encodeURIComponent("https://example.com/steal")}`);
  await page.getByLabel("Email").fill(LOGINS.sales);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => u.pathname !== "/login");
  expect(page.url()).not.toContain("example.com");
  expect(new URL(page.url()).pathname).toMatch(/^\/p\//);
});
