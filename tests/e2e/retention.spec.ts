import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

const params = { period: "month", periods: "4", as_of: E2E_DEMO_END, breakdown: "plan", counting: "calendar" };
const query = new URLSearchParams(params).toString();

type Result = { groups: { value: string | null; size: number; cohorts: { cohort: string; size: number; cells: { retained: number; state: string }[] }[] }[] };

test("a retention page opened from a URL: heatmap, hover, a cell's people and their CSV, the same numbers as the API and the CLI", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(`/p/giftly/retention?${query}`);
  const heatmap = page.getByTestId("retention-heatmap");
  await expect(heatmap).toBeVisible();

  // The page, the API (with the session) and the CLI agree.
  const api = (await (await page.request.get(`/api/v1/projects/giftly/reports/retention?${query}`)).json()) as { result: Result };
  const viaCli = JSON.parse(cli("report", "retention", "--project", "giftly", ...Object.entries(params).flatMap(([k, v]) => [`--${k}`, v]))) as { result: Result };
  expect(viaCli.result).toEqual(api.result);
  const everyone = api.result.groups.find((g) => g.value === null)!;
  expect(everyone.cohorts).toHaveLength(4);
  await expect(page.getByTestId("stat-cohort-people")).toContainText(formatCount(everyone.size));
  const firstRow = page.getByRole("region", { name: "Table" }).getByRole("row").nth(1);
  const month1 = everyone.cohorts[0]!.cells[1]!.retained / everyone.cohorts[0]!.size;
  await expect(firstRow).toContainText(formatCount(everyone.cohorts[0]!.size));
  await expect(firstRow).toContainText(`${(month1 * 100).toFixed(1)}%`);

  // The curves' legend names the average first: past a few rows of cohorts it scrolls, and the average is the line read.
  const legend = page.getByRole("region", { name: "Retention curves" }).getByRole("list", { name: "Legend" }).getByRole("listitem");
  await expect(legend.first()).toHaveText("Average (weighted by size)");

  // Hovering the first cohort's month-1 cell shows its count; clicking lists those people.
  const cohort = everyone.cohorts[0]!;
  const cell = cohort.cells[1]!;
  expect(cell.state).toBe("complete");
  const rect = heatmap.getByTestId(`cell-${cohort.cohort}-1`);
  await rect.hover();
  await expect(page.getByTestId("heatmap-tooltip")).toContainText(`${formatCount(cell.retained)} of ${formatCount(cohort.size)} people`);
  await rect.click();
  const people = page.getByTestId("cell-people");
  await expect(people).toContainText(`${formatCount(cell.retained)} people · page 1 of ${Math.ceil(cell.retained / 25)}`);
  await expect(people.getByRole("row")).toHaveCount(Math.min(cell.retained, 25) + 1);

  const [download] = await Promise.all([page.waitForEvent("download"), people.getByTestId("cell-people-csv").click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("person,plan,source,platform,country,signup_at,cohort_at,last_activity,properties");
  expect(csv).toHaveLength(cell.retained + 1);

  // The drill-down is one API route and one CLI command, giving the same people.
  const drill = { cell_cohort: cohort.cohort, cell_period: "1", page_size: "500" };
  const viaApiPeople = await (await page.request.get(`/api/v1/projects/giftly/reports/retention/people?${query}&${new URLSearchParams(drill)}`)).json();
  const cliArgs = Object.entries({ ...params, ...drill }).flatMap(([k, v]) => [`--${k.replace(/_/g, "-")}`, v]);
  const viaCliPeople = JSON.parse(cli("report", "retention", "--project", "giftly", "--drilldown", "people", ...cliArgs));
  expect(viaCliPeople).toEqual(viaApiPeople);
  expect(viaApiPeople.total).toBe(cell.retained);

  // The people who did not come back are the rest of the cohort.
  await people.getByRole("button", { name: "Not retained" }).click();
  await expect(people).toContainText(`${formatCount(cohort.size - cell.retained)} people · page 1`);
});

test("a heatmap cell is reached with the keyboard and opens its people with Enter", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(`/p/giftly/retention?${query}`);
  const api = (await (await page.request.get(`/api/v1/projects/giftly/reports/retention?${query}`)).json()) as { result: Result };
  const cohort = api.result.groups.find((g) => g.value === null)!.cohorts[0]!;
  const cell = page.getByTestId("retention-heatmap").getByTestId(`cell-${cohort.cohort}-1`);
  await expect(cell).toHaveAttribute("role", "button");
  await cell.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cell-people")).toContainText(`${formatCount(cohort.cells[1]!.retained)} people`);
});
