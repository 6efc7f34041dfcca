import { expect, test } from "@playwright/test";
import type { ActivityResult } from "@/lib/reports/activity/definition";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

test("the gifting project's activity: DAU with its 7-day average, WAU, MAU and the weekday × hour grid, the same numbers as the API and the CLI", async ({ page }) => {
  await logIn(page, "marketing");
  const params = { as_of: E2E_DEMO_END, from: "-89d" };
  await page.goto(`/p/giftly/activity?${new URLSearchParams(params)}`);
  const api = (await (await page.request.get(`/api/v1/projects/giftly/reports/activity?${new URLSearchParams(params)}`)).json()) as { result: ActivityResult };
  const viaCli = JSON.parse(cli("report", "activity", "--project", "giftly", "--as_of", E2E_DEMO_END, "--from", "-89d")) as { result: ActivityResult };
  expect(viaCli.result).toEqual(api.result);
  const days = api.result.groups[0]!.days;
  expect(days).toHaveLength(90);
  const last = days.at(-1)!;
  await expect(page.getByTestId("stat-dau")).toHaveText(formatCount(last.dau));
  await expect(page.getByTestId("stat-dau-7")).toHaveText(last.dauAverage7.toFixed(1));
  await expect(page.getByTestId("stat-mau")).toHaveText(formatCount(last.mau));
  const chart = page.getByTestId("dau-chart");
  await expect(chart.getByRole("img")).toHaveAccessibleName("people: DAU, 7-day average, DAU (period before)");
  // The cards compare the last day with the day it lies on in the 90 days before, as the API gives them.
  const before = api.result.previous.days.find((d) => d.day === last.day)!;
  expect(api.result.previous.days).toHaveLength(90);
  await expect(page.getByTestId("stat-dau").locator("..")).toContainText(`vs ${formatCount(before.dau)} 90 days earlier`);
  await expect(chart).toContainText("7-day average");
  await expect(page.getByTestId("weekday-hour-heatmap")).toBeVisible();

  // At noon of the last day, the cards give the day before, the last whole one, and name the day so far beside it.
  const noon = { as_of: `${E2E_DEMO_END}T12:00:00`, from: "-89d" };
  const midday = (await (await page.request.get(`/api/v1/projects/giftly/reports/activity?${new URLSearchParams(noon)}`)).json()) as { result: ActivityResult };
  const [whole, partial] = midday.result.groups[0]!.days.slice(-2) as [ActivityResult["groups"][0]["days"][0], ActivityResult["groups"][0]["days"][0]];
  expect([whole.partial, partial.partial]).toEqual([false, true]);
  await page.goto(`/p/giftly/activity?${new URLSearchParams(noon)}`);
  await expect(page.getByTestId("stat-dau")).toHaveText(formatCount(whole.dau));
  await expect(page.getByTestId("stat-mau")).toHaveText(formatCount(whole.mau));
  await expect(page.getByTestId("stat-dau").locator("..")).toContainText(`on ${whole.day}; ${partial.day} so far: ${formatCount(partial.dau)}`);
  await page.goto(`/p/giftly/activity?${new URLSearchParams(params)}`);

  // A breakdown from the form adds one line per value.
  await page.getByLabel("Breakdown").selectOption("person.platform");
  await expect(page).toHaveURL(/breakdown=person\.platform/);
  await expect(page.getByRole("heading", { name: "By person.platform: daily active people, 7-day average" })).toBeVisible();
});
