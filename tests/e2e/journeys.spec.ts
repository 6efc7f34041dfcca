import { expect, test } from "@playwright/test";
import { cli, formatCount, logIn } from "./helpers";

type Segment = { value: string | null; journeys: number; pageCounts: { page: string; count: number }[]; length: { mean: number } };
type Result = { segments: Segment[] };

const api = async (page: import("@playwright/test").Page, query: string) =>
  ((await (await page.request.get(`/api/v1/projects/learnpath/reports/journeys?${query}`)).json()) as { result: Result }).result;

test("the learning platform's journeys: segment by plan, keep or collapse repeats, and the numbers follow; the API and the CLI agree", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto("/p/learnpath/journeys");
  const collapsed = await api(page, "");
  await expect(page.getByTestId("stat-journeys")).toHaveText(formatCount(collapsed.segments[0]!.journeys));
  await expect(page.getByTestId("stat-mean-length")).toHaveText(collapsed.segments[0]!.length.mean.toFixed(2));

  // Keeping repeated pages makes journeys longer: the page says so and shows the API's numbers.
  await page.getByRole("group", { name: "Repeated pages" }).getByRole("link", { name: "Keep" }).click();
  await expect(page).toHaveURL(/repeats=keep/);
  const kept = await api(page, "repeats=keep");
  expect(kept.segments[0]!.length.mean).toBeGreaterThan(collapsed.segments[0]!.length.mean);
  await expect(page.getByTestId("stat-mean-length")).toHaveText(kept.segments[0]!.length.mean.toFixed(2));
  const coursePage = (r: Result) => r.segments[0]!.pageCounts.find((c) => c.page === "Course page")!.count;
  expect(coursePage(kept)).toBeGreaterThan(coursePage(collapsed));
  await expect(page.getByTestId("page-counts").getByRole("row", { name: /^Course page/ })).toContainText(formatCount(coursePage(kept)));

  // Segmented by plan: one column per plan, each plan's journeys adding up to everyone's.
  await page.getByLabel("Segment").selectOption("person.plan");
  await expect(page).toHaveURL(/segment=person\.plan/);
  const byPlan = await api(page, "repeats=keep&segment=person.plan");
  const plans = byPlan.segments.slice(1);
  expect(plans.map((s) => s.value).sort()).toEqual(["Annual", "Monthly", "Quarterly"]);
  expect(plans.reduce((n, s) => n + s.journeys, 0)).toBe(byPlan.segments[0]!.journeys);
  const presence = page.getByTestId("presence");
  for (const plan of plans) await expect(presence.getByRole("columnheader", { name: `${plan.value} %`, exact: true })).toBeVisible();

  const viaCli = JSON.parse(cli("report", "journeys", "--project", "learnpath", "--repeats", "keep", "--segment", "person.plan")) as { result: Result };
  // Asked at two moments without as_of: the same numbers, as pages without a clock do not move with it.
  expect({ ...viaCli.result, asOf: null }).toEqual({ ...byPlan, asOf: null });
});

test("the journeys form keeps the quick switches and adds its own fields", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto("/p/learnpath/journeys?repeats=keep&segment=person.plan");
  await page.getByLabel("Page", { exact: true }).fill("Pricing");
  await page.getByText("More settings").click();
  await page.getByLabel("Remove pages").fill("Other\nBlog");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\?segment=person\.plan&repeats=keep&page=Pricing&n=3&depth=4&remove=Other&remove=Blog$/);
  await expect(page.getByTestId("before")).toBeVisible();
});
