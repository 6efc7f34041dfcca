import { expect, test } from "@playwright/test";
import { cli, logIn, tryLogIn } from "./helpers";

test("an admin adds a user, changes the role, disables the account; a disabled user cannot sign in", async ({ page, browser }) => {
  await logIn(page, "admin");
  await page.goto("/settings/users");
  await page.getByLabel("Name", { exact: true }).fill("Robin Reader");
  await page.getByLabel("Email", { exact: true }).fill("robin@journeylens.test");
  await page.getByLabel("Role", { exact: true }).selectOption("sales");
  await page.getByLabel("Password", { exact: true }).fill("paper-lantern-41");
  await page.getByRole("button", { name: "Add user" }).click();
  const row = page.getByRole("row", { name: /robin@journeylens.test/ });
  await expect(row).toBeVisible();

  await row.getByLabel("Role of robin@journeylens.test").selectOption("marketing");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved the role of robin@journeylens.test.")).toBeVisible();
  expect(cli("user", "list")).toMatch(/robin@journeylens.test\s+Robin Reader\s+marketing\s+active/);

  const robin = await browser.newPage();
  await tryLogIn(robin, "robin@journeylens.test", "paper-lantern-41");
  await robin.waitForURL(/\/overview/);
  await expect(robin.getByTestId("role")).toHaveText("marketing");

  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  // The open session ends at once: the role and status are read on every request.
  await robin.reload();
  await expect(robin).toHaveURL(/\/login/);
  await tryLogIn(robin, "robin@journeylens.test", "paper-lantern-41");
  await expect(robin.getByText("do not match an active account")).toBeVisible();
});

test("an admin creates a project with its time zone", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/settings/projects");
  await page.getByLabel("Name").fill("Corner Bakery");
  await page.getByLabel("Slug").fill("bakery");
  await page.getByLabel("Time zone").fill("Europe/Paris");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("row", { name: /Corner Bakery/ })).toContainText("Europe/Paris");
  await page.getByRole("link", { name: "Corner Bakery" }).click();
  await expect(page.getByText("No events in this range.").first()).toBeVisible();
});
