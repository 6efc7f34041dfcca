import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

const LOCK = "person.source = organic";
let boardPath = "";
let shareUrl = "";
test.use({ viewport: { width: 1440, height: 1400 } });

test("marketing builds a dashboard of three reports and shares it with a 1-day link and a locked filter", async ({ page }) => {
  await logIn(page, "marketing");
  const names = ["Shared overview", "Shared activity", "Shared retention"] as const;
  for (const [kind, name] of [["overview", names[0]], ["activity", names[1]], ["retention", names[2]]] as const) {
    await page.goto(`/p/giftly/${kind}?as_of=${E2E_DEMO_END}`);
    await page.getByRole("button", { name: "Save report" }).click();
    await page.getByLabel("Report name").fill(name);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\/saved\/\d+/);
  }
  await page.goto("/p/giftly/dashboards");
  await page.getByLabel("Dashboard name").fill("Shared review");
  await page.getByRole("button", { name: "Create" }).click();
  await page.waitForURL(/\/p\/giftly\/dashboards\/\d+$/);
  boardPath = new URL(page.url()).pathname;
  for (const name of names) {
    await page.getByLabel("Saved report to add").selectOption({ label: name });
    await page.getByRole("button", { name: "Add tile" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
  }
  await page.getByTestId("share-button").click();
  await page.getByLabel("Expires after").selectOption("1d");
  await page.getByLabel("Locked filters").fill(LOCK);
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(page.getByTestId("share-created")).toContainText("Anyone with this link can see it");
  shareUrl = await page.getByTestId("copy-text").inputValue();
  expect(shareUrl).toMatch(/\/s\/[\w-]{32}$/);
});

test("a signed-out browser sees the shared dashboard, cannot drop its locked filter, and reaches nothing else", async ({ browser }) => {
  expect(shareUrl).not.toBe("");
  const context = await browser.newContext();
  const page = await context.newPage();
  const tile = page.waitForResponse((r) => r.url().includes("/api/reports/overview"));
  await page.goto(shareUrl);
  await expect(page.getByRole("heading", { name: "Shared review" })).toBeVisible();
  for (const kind of ["overview", "activity", "retention"]) await expect(page.getByTestId(`${kind}-tile`)).toBeVisible();
  await expect(page.getByTestId("locked-filters")).toContainText(LOCK);
  // Every tile's numbers are within the lock, though its request does not carry it: the server adds it.
  const answer = await tile;
  expect(answer.url()).not.toContain("where=");
  expect((await answer.json()).params.where).toEqual([LOCK]);
  for (const name of ["Share", "Save layout", "Add tile"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open the full report →" })).toHaveCount(0);

  // Asking the link's API for another view, another report or another project's data: 404; the app itself: sign-in.
  const base = `${shareUrl}/api/reports`;
  expect((await page.request.get(`${base}/overview?from=2020-01-01`)).status()).toBe(404);
  expect((await page.request.get(`${base}/lifecycle`)).status()).toBe(404);
  await page.goto(shareUrl.replace(/\/s\/.*$/, "/p/threadline/overview"));
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await context.close();
});

test("sales reads the dashboard without share or edit buttons and is refused by the share API", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(boardPath);
  await expect(page.getByRole("heading", { name: "Shared review" })).toBeVisible();
  await expect(page.getByTestId("overview-tile")).toBeVisible();
  for (const name of ["Share", "Save layout", "Add tile"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Share links" })).toHaveCount(0);
  const status = await page.evaluate(async (dashboard) => {
    const res = await fetch("/api/v1/shares", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ project: "giftly", dashboard }) });
    return res.status;
  }, boardPath.split("/").at(-1));
  expect(status).toBe(403);
  expect((await page.request.get("/api/v1/shares")).status()).toBe(403);
});

test("the link is revoked from the list of share links and answers 404", async ({ page, browser }) => {
  await logIn(page, "marketing");
  await page.getByRole("link", { name: "Share links" }).click();
  const row = page.getByRole("row").filter({ hasText: "Shared review" });
  await expect(row).toContainText(LOCK);
  await expect(row.locator("summary")).toHaveText("1");
  await row.getByRole("button", { name: /^Revoke/ }).click();
  await expect(page.getByRole("row").filter({ hasText: "Shared review" })).toHaveCount(0);
  const context = await browser.newContext();
  const response = await (await context.newPage()).goto(shareUrl);
  expect(response?.status()).toBe(404);
  await context.close();
});
