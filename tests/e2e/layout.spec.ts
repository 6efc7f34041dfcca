import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

// The report kinds, read from the client registry's list (importing it would pull the views into the test runner).
const registry = fs.readFileSync("components/reports/registry.ts", "utf8");
const KINDS = [...(/REPORT_VIEWS[^=]*=\s*\{([^}]*)\}/.exec(registry)?.[1] ?? "").matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
];

/**
 * What is too wide on the page: the document scrolling sideways, and any text in the report's controls cut off. A
 * select is cut off when it is narrower than the same select sized to its options; a text field when its value (or,
 * empty, its placeholder) is wider than its content box; everything else when its content overflows its box.
 */
function overflowsOf(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    // The folded settings are measured too, unfolded.
    for (const details of document.querySelectorAll("details")) details.open = true;
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) found.push(`document scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
    const controls = document.querySelector('[data-testid="report-controls"]');
    if (!controls) return [...found, "no report controls"];
    const canvas = document.createElement("canvas").getContext("2d")!;
    const textWidth = (text: string, style: CSSStyleDeclaration) => {
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return canvas.measureText(text).width;
    };
    const name = (el: Element) => el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? el.tagName;
    for (const el of controls.querySelectorAll<HTMLElement>("select, input, textarea, button, label, a, summary")) {
      if (!el.checkVisibility() || el.clientWidth === 0) continue;
      const style = getComputedStyle(el);
      const content = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (el instanceof HTMLSelectElement) {
        const sized = el.cloneNode(true) as HTMLSelectElement;
        sized.style.width = "auto";
        sized.style.position = "absolute";
        sized.style.visibility = "hidden";
        el.parentElement!.appendChild(sized);
        const needed = sized.offsetWidth;
        sized.remove();
        if (el.offsetWidth + 1 < needed) found.push(`select "${name(el)}" is ${el.offsetWidth}px, its text needs ${needed}px`);
      } else if (el instanceof HTMLInputElement && ["text", "search", ""].includes(el.getAttribute("type") ?? "")) {
        const text = el.value || el.placeholder;
        const width = textWidth(text, style);
        if (width > content + 1) found.push(`input "${name(el)}" shows "${text}" (${Math.round(width)}px) in ${Math.round(content)}px`);
      } else if (el.scrollWidth > el.clientWidth + 1) {
        found.push(`${el.tagName.toLowerCase()} "${name(el)}" overflows: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return found;
  });
}

for (const viewport of VIEWPORTS) {
  test(`every report page of every demo project fits ${viewport.width}×${viewport.height}`, async ({ page }) => {
    expect(KINDS.length).toBeGreaterThanOrEqual(9);
    await page.setViewportSize(viewport);
    await logIn(page, "marketing");
    const projects = await page.getByLabel("Project").locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(projects.length).toBeGreaterThanOrEqual(4);
    test.setTimeout(projects.length * KINDS.length * 20_000);
    const problems: string[] = [];
    for (const project of projects)
      for (const kind of KINDS) {
        await page.goto(`/p/${project}/${kind}?as_of=${E2E_DEMO_END}`);
        await page.getByTestId("report-controls").first().waitFor();
        // Charts lay themselves out after the first paint; measure once the page has settled.
        await page.waitForLoadState("networkidle");
        for (const problem of await overflowsOf(page)) problems.push(`${project}/${kind}: ${problem}`);
      }
    expect(problems).toEqual([]);
  });
}

test("the alerts page, with its form for a new rule, fits every viewport", async ({ page }) => {
  await logIn(page, "marketing");
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.goto("/p/giftly/alerts");
    const webhook = page.getByLabel("Webhook URL");
    const card = (await webhook.locator("xpath=ancestor::section[1]").boundingBox())!;
    const field = (await webhook.boundingBox())!;
    expect(field.x + field.width).toBeLessThanOrEqual(card.x + card.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
});

test("the lifecycle chart's period labels under 12 weeks do not run into each other", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[0]!);
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/lifecycle?as_of=${E2E_DEMO_END}`);
  const chart = page.getByTestId("lifecycle-chart").first();
  await chart.locator("svg text").first().waitFor();
  const boxes = await chart.evaluate((el) => {
    const svg = el.querySelector("svg")!.getBoundingClientRect();
    // The labels under the bars: the texts in the lowest fifth of the chart.
    return [...el.querySelectorAll("svg text")]
      .map((t) => t.getBoundingClientRect())
      .filter((b) => b.top > svg.top + svg.height * 0.8)
      .map((b) => ({ left: b.left, right: b.right }))
      .sort((a, b) => a.left - b.left);
  });
  expect(boxes.length).toBeGreaterThanOrEqual(12);
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right);
});

test("the retention heatmap over 52 weeks names every few periods, and labels no cell too narrow for its number", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[0]!);
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/retention?period=week&periods=52&as_of=${E2E_DEMO_END}`);
  const heatmap = page.getByTestId("retention-heatmap");
  await heatmap.waitFor();
  const periodLabels = heatmap.locator("svg text").filter({ hasText: /^Week \d+$/ });
  // Week 0, 5, 10 … 50: eleven labels, the first period always among them.
  await expect(periodLabels).toHaveCount(11);
  await expect(periodLabels.first()).toHaveText("Week 0");
  await expect(heatmap.locator("svg text").filter({ hasText: /%$/ }).filter({ hasNotText: /^\d+%$/ })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test("tooltips at the right and left ends of a chart stay inside its card", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[0]!);
  await logIn(page, "marketing");
  const inside = async (chart: Locator, tooltip: Locator, at: { x: number; y: number }) => {
    const card = (await chart.locator("xpath=ancestor::section[1]").boundingBox())!;
    await chart.hover({ position: at });
    await expect(tooltip).toBeVisible();
    const tip = (await tooltip.boundingBox())!;
    expect(tip.x).toBeGreaterThanOrEqual(card.x);
    expect(tip.x + tip.width).toBeLessThanOrEqual(card.x + card.width + 0.5);
  };
  // A line chart (the tooltip beside the pointer) and a bar chart (the tooltip centred above it).
  for (const [kind, y] of [["overview", 0.5], ["lifecycle", 0.4]] as const) {
    await page.goto(`/p/giftly/${kind}?as_of=${E2E_DEMO_END}`);
    const chart = page.locator('svg[role="img"]').first();
    const size = (await chart.boundingBox())!;
    for (const x of [0.1, 0.96]) await inside(chart, page.getByTestId("chart-tooltip"), { x: size.width * x, y: size.height * y });
  }

  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}`);
  const heatmap = page.getByTestId("retention-heatmap");
  const lastCell = heatmap.locator('[data-testid^="cell-"][data-testid$="-10"]').first();
  await lastCell.hover();
  const card = (await heatmap.locator("xpath=ancestor::section[1]").boundingBox())!;
  const tip = (await page.getByTestId("heatmap-tooltip").boundingBox())!;
  expect(tip.x + tip.width).toBeLessThanOrEqual(card.x + card.width + 0.5);
});

test("the revenue comparison writes its people counts with thousands separators", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/revenue?as_of=${E2E_DEMO_END}`);
  const cells = page.getByTestId("revenue-comparison").locator("tbody tr td:nth-child(2)");
  await cells.first().waitFor();
  const counts = await cells.allTextContents();
  for (const c of counts) expect(c).toMatch(/^\d{1,3}(,\d{3})*$/);
  expect(counts.some((c) => c.includes(","))).toBe(true);
});

for (const viewport of VIEWPORTS)
  test(`a header action's panel opens over the page, inside the window, and the header's other actions stay where they were at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await logIn(page, "marketing");
    await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}`);
    const csv = page.getByRole("link", { name: "Export CSV" });
    const before = (await csv.boundingBox())!;
    for (const [button, panel] of [["Share", "Share"], ["Save report", "Save report"]] as const) {
      await page.getByRole("button", { name: button, exact: true }).click();
      await expect(page.getByRole("form", { name: panel })).toBeVisible();
      expect(await csv.boundingBox()).toEqual(before);
      // Within the window, where the actions wrap under the title (1280) and where they sit at the right (1440).
      const box = (await page.getByRole("form", { name: panel }).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      await page.getByRole("button", { name: button, exact: true }).click();
      await expect(page.getByRole("form", { name: panel })).toHaveCount(0);
    }
  });
