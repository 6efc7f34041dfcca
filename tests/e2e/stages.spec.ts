import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

type Result = { buyers: number; stages: { stage: string; people: number }[]; definition: { purchase: string; return: string } };

test("the apparel shop's stages read its saved definition; the page, the API and the CLI agree; only editors may change it", async ({ page, browser, baseURL }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/threadline/stages?as_of=${E2E_DEMO_END}`);
  const api = ((await (await page.request.get(`/api/v1/projects/threadline/reports/stages?as_of=${E2E_DEMO_END}`)).json()) as { result: Result }).result;
  expect(api.definition).toMatchObject({ purchase: "Order", return: "Return" });
  expect(api.buyers).toBeGreaterThan(0);
  await expect(page.getByTestId("stat-buyers")).toHaveText(formatCount(api.buyers));
  await expect(page.getByTestId("stage-definition")).toContainText("A purchase is a “Order” event");
  await expect(page.getByTestId("stage-counts").getByRole("row", { name: /^Repeat purchase/ })).toContainText(formatCount(api.stages[1]!.people));
  await expect(page.getByTestId("paths-sankey")).toBeVisible();
  await page.getByRole("button", { name: "Save as this project's definition" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved for this project.");

  const viaCli = JSON.parse(cli("report", "stages", "--project", "threadline", "--as_of", E2E_DEMO_END)) as { result: Result };
  expect(viaCli.result).toEqual(api);

  const sales = await (await browser.newContext({ baseURL })).newPage();
  await logIn(sales, "sales");
  await sales.goto(`/p/threadline/stages?as_of=${E2E_DEMO_END}`);
  await expect(sales.getByTestId("stage-definition")).toBeVisible();
  await expect(sales.getByRole("button", { name: "Save as this project's definition" })).toHaveCount(0);
});
