import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../e2e/demo-constants";
import { cliWith, logIn, tryLogIn as signIn } from "../e2e/helpers";

/** 2. Users and passwords, as people use them: a one-time reset link from an admin, and one's own password change. */

test("an admin's one-time reset link sets a new password once and ends the user's open session", async ({ page, browser }) => {
  cliWith("quiet-harbour-71\n", "user", "create", "--email", "noor@journeylens.test", "--name", "Noor", "--role", "sales");
  const noor = await browser.newPage();
  await signIn(noor, "noor@journeylens.test", "quiet-harbour-71");
  await noor.waitForURL(/\/overview/);

  await logIn(page, "admin");
  await page.goto("/settings/users");
  const row = page.getByRole("row", { name: /noor@journeylens.test/ });
  await row.getByRole("button", { name: "Password reset link" }).click();
  const link = (await row.getByTestId("reset-link").textContent())!.match(/https?:\/\/\S+/)![0];

  const visitor = await browser.newPage();
  await visitor.goto(link);
  await expect(visitor.getByText("For noor@journeylens.test. This link works once.")).toBeVisible();
  await visitor.getByLabel("New password", { exact: true }).fill("password1234");
  await visitor.getByLabel("New password again").fill("password1234");
  await visitor.getByRole("button", { name: "Set password" }).click();
  await expect(visitor.getByRole("alert").filter({ hasText: "common" })).toHaveText("That password is one of the most common ones. Choose another.");
  await visitor.getByLabel("New password", { exact: true }).fill("lantern-over-the-bay-8");
  await visitor.getByLabel("New password again").fill("lantern-over-the-bay-8");
  await visitor.getByRole("button", { name: "Set password" }).click();
  await expect(visitor.getByRole("status")).toHaveText("Your password is set. Sign in with it.");
  // The link is used up, and Noor's open session has ended.
  expect((await visitor.goto(link))?.status()).toBe(404);
  await noor.reload();
  await expect(noor).toHaveURL(/\/login/);
  await signIn(noor, "noor@journeylens.test", "lantern-over-the-bay-8");
  await noor.waitForURL(/\/overview/);
});

test("a user changes their own password with the current one; their other sessions end, this one goes on", async ({ browser }) => {
  cliWith("tall-cedar-grove-5\n", "user", "create", "--email", "ira@journeylens.test", "--name", "Ira", "--role", "marketing");
  const [here, there] = [await browser.newPage(), await browser.newPage()];
  for (const p of [here, there]) {
    await signIn(p, "ira@journeylens.test", "tall-cedar-grove-5");
    await p.waitForURL(/\/overview/);
  }
  await here.getByRole("link", { name: "Account" }).click();
  await here.getByLabel("Current password").fill(DEMO_PASSWORD);
  await here.getByLabel("New password", { exact: true }).fill("wide-river-stones-6");
  await here.getByLabel("New password again").fill("wide-river-stones-6");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("alert").filter({ hasText: "current" })).toHaveText("The current password is not right.");
  await here.getByLabel("Current password").fill("tall-cedar-grove-5");
  await here.getByLabel("New password", { exact: true }).fill("wide-river-stones-6");
  await here.getByLabel("New password again").fill("wide-river-stones-6");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status")).toHaveText("Your password is changed. Your other sessions have ended.");
  await here.goto("/p/giftly/overview");
  await expect(here.getByTestId("role")).toHaveText("marketing");
  await there.reload();
  await expect(there).toHaveURL(/\/login/);
});
