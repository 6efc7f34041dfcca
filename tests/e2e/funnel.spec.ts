import { expect, test } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

const steps = ["View product", "Add to cart", "Order"];
const params = new URLSearchParams([...steps.map((s) => ["step", s]), ["window", "7d"], ["from", "2026-05-01"], ["as_of", E2E_DEMO_END]]);

type Result = { groups: { value: string | null; steps: { people: number; dropOff: number }[] }[] };

test("a funnel from its URL: the page, the API and the CLI agree; a drop-off's people lead to a person's timeline", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(`/p/threadline/funnel?${params}`);
  await expect(page.getByTestId("funnel-chart")).toBeVisible();

  const api = (await (await page.request.get(`/api/v1/projects/threadline/reports/funnel?${params}`)).json()) as { result: Result };
  const flags = [...params].flatMap(([k, v]) => [`--${k}`, v]);
  const viaCli = JSON.parse(cli("report", "funnel", "--project", "threadline", ...flags)) as { result: Result };
  expect(viaCli.result).toEqual(api.result);
  const everyone = api.result.groups[0]!.steps;
  expect(everyone[0]!.people).toBeGreaterThan(everyone[1]!.people);
  await expect(page.getByTestId("stat-entered")).toHaveText(formatCount(everyone[0]!.people));
  await expect(page.getByTestId("stat-converted")).toHaveText(formatCount(everyone[2]!.people));

  // The people who added to the cart and did not order: as many as the table's drop-off before step 3.
  const dropped = everyone[1]!.people - everyone[2]!.people;
  await page.getByRole("row", { name: /2\. Add to cart/ }).getByRole("button", { name: "dropped after" }).click();
  const people = page.getByTestId("funnel-people");
  await expect(people).toContainText(`${formatCount(dropped)} people · page 1 of ${Math.ceil(dropped / 25)}`);
  const first = people.getByRole("row").nth(1).getByRole("link");
  const person = (await first.textContent())!.trim();
  await first.click();

  await expect(page).toHaveURL(new RegExp(`/p/threadline/people/${encodeURIComponent(person)}$`));
  await expect(page.getByTestId("person-id")).toHaveText(person);
  const events = page.getByTestId("timeline-event");
  await expect(events.filter({ hasText: "Add to cart" }).first()).toBeVisible();
  // Events come in time order.
  const times = (await events.locator("td:nth-child(2)").allTextContents()).filter((t) => /^\d{4}-/.test(t));
  expect(times).toEqual([...times].sort());
});

test("a funnel without steps suggests the project's events and starts one from them", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/threadline/funnel?as_of=${E2E_DEMO_END}`);
  await expect(page.getByTestId("funnel-start")).toContainText("Choose at least two steps");
  await page.getByRole("link", { name: /^Try / }).click();
  await expect(page.getByTestId("funnel-chart")).toBeVisible();
  await expect(page).toHaveURL(/step=/);
});

test("the funnel form builds the URL: steps in order with their filters, the order, and the range kept", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/threadline/funnel?as_of=${E2E_DEMO_END}&from=2026-05-01`);
  await page.getByLabel("Step 1 event").fill("View product");
  await page.getByLabel("Step 2 event").fill("Order");
  const step2 = page.getByRole("group", { name: "Step 2 filters" });
  await step2.getByLabel("Type a filter").fill("revenue > 0");
  await step2.getByLabel("Type a filter").press("Enter");
  await page.getByLabel("Order", { exact: true }).selectOption("strict");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/step=View\+product&step=Order&step_where=2%3Arevenue\+%3E\+0&order=strict&window=14d&trend=week&from=2026-05-01&as_of=2026-06-30/);
  await expect(page.getByTestId("funnel-chart")).toBeVisible();
});
