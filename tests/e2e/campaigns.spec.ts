import { expect, test } from "@playwright/test";
import type { CampaignsResult } from "@/lib/reports/campaigns/definition";
import { E2E_DEMO_END } from "./demo-constants";
import { cli, formatCount, logIn } from "./helpers";

const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

test("the newsletter's campaigns: every campaign listed, a drive's CTR, click-to-open and comparison with its holdout, the same numbers as the API and the CLI", async ({ page }) => {
  await logIn(page, "marketing");
  const base = { as_of: E2E_DEMO_END, goal: "Become supporter", window: "14d" };
  await page.goto(`/p/letterbox/campaigns?${new URLSearchParams(base)}`);
  const list = page.getByRole("table", { name: "Campaigns" });
  await expect(list).toBeVisible();
  const all = (await (await page.request.get(`/api/v1/projects/letterbox/reports/campaigns?${new URLSearchParams(base)}`)).json()) as { result: CampaignsResult };
  await expect(list.getByRole("row")).toHaveCount(all.result.campaigns.length + 1);

  // The newest supporter drive, opened from the list.
  const drive = all.result.campaigns.find((c) => c.campaign.startsWith("drive-") && c.windowComplete)!;
  await list.getByRole("link", { name: drive.name }).click();
  await expect(page).toHaveURL(new RegExp(`campaign=${drive.campaign}`));
  await expect(page.getByTestId("campaign-name")).toHaveText(drive.name);

  const params = { ...base, campaign: drive.campaign };
  const api = (await (await page.request.get(`/api/v1/projects/letterbox/reports/campaigns?${new URLSearchParams(params)}`)).json()) as { result: CampaignsResult };
  const viaCli = JSON.parse(cli("report", "campaigns", "--project", "letterbox", ...Object.entries(params).flatMap(([k, v]) => [`--${k}`, v]))) as { result: CampaignsResult };
  expect(viaCli.result).toEqual(api.result);
  const one = api.result.campaigns[0]!;
  expect(one.holdoutAudience).toBeGreaterThan(0);
  await expect(page.getByTestId("stat-audience")).toHaveText(formatCount(one.audience));
  await expect(page.getByTestId("stat-ctr")).toHaveText(percent(one.ctr));
  await expect(page.getByTestId("stat-cto")).toHaveText(percent(one.clickToOpen));

  // Recipients against the holdout: conversion by the z-test, revenue by Welch's test, each interval drawn.
  await expect(page.getByRole("heading", { name: "Compared with the holdout" })).toBeVisible();
  const comparison = page.getByTestId("campaign-comparison");
  const conversion = api.result.comparisons.find((c) => c.metric === "conversionRate")!;
  const row = comparison.getByRole("row").filter({ hasText: "Goal conversion" });
  await expect(row).toContainText(percent(conversion.value));
  await expect(row).toContainText(percent(conversion.control));
  await expect(row).toContainText("pooled two-proportion z-test");
  await expect(comparison.getByRole("row").filter({ hasText: "Revenue per member" })).toContainText("Welch's t-test, df");
  await expect(comparison.getByRole("img").first()).toHaveAccessibleName(/^Difference .*, 95% interval/);
  await expect(page.getByTestId("cohort-campaign-heatmap")).toBeVisible();
});

test("a weekly issue's subject lines are compared with the first variant", async ({ page }) => {
  await logIn(page, "sales");
  await page.goto(`/p/letterbox/campaigns?as_of=${E2E_DEMO_END}&campaign=wk-2026-24`);
  await expect(page.getByRole("heading", { name: "Compared with variant A: statement" })).toBeVisible();
  const row = page.getByTestId("campaign-comparison").getByRole("row").filter({ hasText: "Open rate" });
  await expect(row).toContainText("B: question");
  await expect(row).toContainText("pooled two-proportion z-test");
});

test("the re-engagement heatmap writes white on its dark cells and dark on its light ones", async ({ page }) => {
  await logIn(page, "marketing");
  await page.goto(`/p/letterbox/campaigns?as_of=${E2E_DEMO_END}`);
  const heatmap = page.getByTestId("cohort-campaign-heatmap");
  await heatmap.locator("svg text").first().waitFor();
  const cells = await heatmap.evaluate((el) =>
    [...el.querySelectorAll("svg g")].flatMap((g) => {
      const rect = g.querySelector(":scope > rect");
      const text = g.querySelector(":scope > text");
      if (!rect || !text || !/%$/.test(text.textContent ?? "")) return [];
      // Relative luminance of the cell's fill, as WCAG defines it.
      const [r, gr, b] = (getComputedStyle(rect).fill.match(/\d+/g) ?? []).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return [{ dark: 0.2126 * r! + 0.7152 * gr! + 0.0722 * b! < 0.3, label: getComputedStyle(text).fill }];
    }),
  );
  expect(cells.some((c) => c.dark)).toBe(true);
  for (const c of cells) expect(c.label).toBe(c.dark ? "rgb(255, 255, 255)" : "rgb(30, 41, 59)");
});
