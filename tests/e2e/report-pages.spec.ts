import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

test("report pages come from the registry: its navigation, a 404 for a name that is none, and strict parameters", async ({ page }) => {
  await logIn(page, "marketing");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("href", "/p/giftly/overview");
  await expect(nav.getByRole("link", { name: "Retention" })).toHaveAttribute("href", "/p/giftly/retention");

  for (const path of ["/p/giftly/constructor", "/p/giftly/funnel-of-dreams", "/p/no-such-project/retention"])
    expect((await page.goto(path))?.status(), path).toBe(404);

  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&perods=6`);
  await expect(page.getByRole("alert").filter({ hasText: "cannot be used" })).toContainText('Unknown parameter "perods". Did you mean "periods"?');
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&breakdown=toString`);
  await expect(page.getByRole("alert").filter({ hasText: "cannot be used" })).toContainText('breakdown: this project has no person property "toString".');
  // The view's own parameters are part of the page's URL and are accepted.
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}&show=count&trend=2`);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
});

test("switching project keeps the report and its parameters, and a list page; a page of one thing (a person) gives way to the overview", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/retention?period=week&periods=8&as_of=${E2E_DEMO_END}`);
  await page.getByLabel("Project").selectOption("threadline");
  await expect(page).toHaveURL(`/p/threadline/retention?period=week&periods=8&as_of=${E2E_DEMO_END}`);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
  await page.goto("/p/threadline/alerts");
  await page.getByLabel("Project").selectOption("giftly");
  await expect(page).toHaveURL("/p/giftly/alerts");
  await page.goto("/p/giftly/people/u_000001");
  await page.getByLabel("Project").selectOption("letterbox");
  await expect(page).toHaveURL("/p/letterbox/overview");
});

test("the app has an icon: /favicon.ico for browsers that ask for it, and the SVG the pages link", async ({ page, request }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toContain("image/x-icon");
  await page.goto("/login");
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  expect((await request.get(href!)).status()).toBe(200);
});
