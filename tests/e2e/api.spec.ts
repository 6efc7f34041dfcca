import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, logIn } from "./helpers";

const reportPath = `/api/v1/projects/learnpath/reports/overview?as_of=${E2E_DEMO_END}`;

test("API keys: the admin makes one in Settings; the API answers as the CLI does; wrong and revoked keys get 401", async ({ page, request }) => {
  await logIn(page, "admin");
  await page.goto("/settings/api-keys");
  await page.getByLabel("Acts as").selectOption("sales@journeylens.test");
  await page.getByLabel("Key name").fill("Sales dashboard sync");
  await page.getByRole("button", { name: "Create key" }).click();
  const salesKey = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(salesKey).toMatch(/^jl_/);

  const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
  const viaApi = await request.get(reportPath, auth(salesKey));
  expect(viaApi.status()).toBe(200);
  const viaCli = JSON.parse(cli("report", "overview", "--project", "learnpath", "--as_of", E2E_DEMO_END));
  expect((await viaApi.json()).result).toEqual(viaCli.result);

  // A sales key reads reports but is refused what needs an administrator.
  expect((await request.get("/api/v1/users", auth(salesKey))).status()).toBe(403);
  const create = await request.post("/api/v1/projects", { ...auth(salesKey), data: { slug: "nope" } });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.code).toBe("forbidden");

  expect((await request.get(reportPath, auth("jl_wrong"))).status()).toBe(401);
  expect((await request.get(reportPath)).status()).toBe(401);
  expect((await request.get("/api/v1/projects/no-such-project/reports/overview", auth(salesKey))).status()).toBe(404);

  await page.getByRole("row", { name: /Sales dashboard sync/ }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("row", { name: /Sales dashboard sync/ })).toContainText("revoked");
  expect((await request.get(reportPath, auth(salesKey))).status()).toBe(401);
});

test("a sales session reads reports through the API but not the users list", async ({ page }) => {
  await logIn(page, "sales");
  expect((await page.request.get(reportPath)).status()).toBe(200);
  expect((await page.request.get("/api/v1/users")).status()).toBe(403);
});
