import { expect, test } from "@playwright/test";
import { logIn, tryLogIn } from "./helpers";

test("an administrator invites someone by a one-time link; they join with the invited role", async ({ page, browser }) => {
  await logIn(page, "admin");
  await page.goto("/settings/users");
  await page.getByLabel("Invite email").fill("joiner@example.com");
  await page.getByLabel("Invite role").selectOption("marketing");
  await page.getByRole("button", { name: "Make an invitation link" }).click();
  const link = await page.getByTestId("invitation-link").getByRole("textbox").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{43}$/);
  await expect(page.getByRole("row").filter({ hasText: "joiner@example.com" })).toContainText("marketing");

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByText("As joiner@example.com, with the role marketing.")).toBeVisible();
  await guest.getByLabel("Your name").fill("Joan Joiner");
  await guest.getByLabel("Password", { exact: true }).fill("violet-harbour-kettle-9");
  await guest.getByLabel("Password again").fill("violet-harbour-kettle-9");
  await guest.getByRole("button", { name: "Create my account" }).click();
  await expect(guest.getByText("Welcome! Sign in as joiner@example.com.")).toBeVisible();
  // Once only.
  expect((await guest.goto(link))?.status()).toBe(404);
  await tryLogIn(guest, "joiner@example.com", "violet-harbour-kettle-9");
  await expect(guest.getByTestId("role")).toHaveText("marketing");
  await context.close();
});

test("an administrator renames a project, moves its zone, and deletes it after typing its slug", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/settings/projects");
  await page.getByLabel("Slug").fill("scratch");
  await page.getByRole("button", { name: "Create project" }).click();
  const row = page.getByRole("row").filter({ has: page.locator("code", { hasText: /^scratch$/ }) });
  await expect(row).toBeVisible();
  await row.getByText("Edit").click();
  await row.getByLabel("Title of scratch").fill("Scratch shop");
  await row.getByLabel("Zone of scratch").fill("Asia/Tokyo");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("Scratch shop");
  await expect(row).toContainText("Asia/Tokyo");
  await row.getByLabel("Type scratch to delete it").fill("scratc");
  await row.getByRole("button", { name: "Delete scratch" }).click();
  await expect(row.getByRole("alert")).toContainText("Type the project's slug, scratch, to confirm");
  await row.getByLabel("Type scratch to delete it").fill("scratch");
  await row.getByRole("button", { name: "Delete scratch" }).click();
  await expect(page.locator("code", { hasText: /^scratch$/ })).toHaveCount(0);
});

test("the audit log shows sign-ins and failed ones, filtered by action", async ({ page, browser }) => {
  // From an address of its own (the tests stand for one proxy), so that the sign-in throttle of the tests' own
  // address is left as it was.
  const elsewhere = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.77" } });
  const stranger = await elsewhere.newPage();
  await tryLogIn(stranger, "admin@journeylens.test", "not-the-password-at-all");
  await expect(stranger.getByText("do not match an active account")).toBeVisible();
  await elsewhere.close();
  await logIn(page, "admin");
  await page.goto("/settings/audit?action=auth.");
  await expect(page.getByRole("row").filter({ hasText: "auth.sign_in_failed" }).first()).toContainText("admin@journeylens.test");
  await expect(page.getByRole("row").filter({ hasText: "auth.sign_in_failed" }).first()).toContainText("198.51.100.77");
  await expect(page.getByRole("row").filter({ hasText: "auth.sign_in" }).first()).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "share.create" })).toHaveCount(0);
  await page.goto("/settings/audit");
  await page.getByLabel("Action").selectOption("auth.sign_in_failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=auth\.sign_in_failed/);
  await expect(page.getByRole("row").filter({ hasText: "auth.sign_in" }).filter({ hasNotText: "failed" })).toHaveCount(0);
});
