import "server-only";
import type { Page } from "playwright-core";
import { Slots } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";

/**
 * Draws a page of this app in the server's own Chromium (the Debian package; nothing is downloaded): a whole
 * dashboard as one PDF page, or each of its tiles as a PNG. A browser is started for each drawing and closed after
 * it; at most JOURNEYLENS_RENDERS_AT_ONCE run at once, a few more wait.
 */
const renders = new Slots({
  size: () => env().JOURNEYLENS_RENDERS_AT_ONCE,
  maxWaiting: 8,
  full: () => new AppError("busy", "The server is drawing other dashboards. Try again in a minute.", undefined, 60),
});
const WIDTH = 1400;
const TIMEOUT_MS = 60_000;

/** The address this server answers on from the machine itself (bin/serve.mjs records it), else NEXTAUTH_URL's. */
export function ownOrigin(): string {
  const recorded = (globalThis as { journeylensOwnOrigin?: string }).journeylensOwnOrigin;
  return recorded ?? new URL(env().NEXTAUTH_URL ?? `http://127.0.0.1:${env().PORT}`).origin;
}

async function withPage<T>(url: string, work: (page: Page) => Promise<T>): Promise<T> {
  return renders.run(async () => {
    // Loaded at the first drawing, not with the server: it is large and most servers never draw.
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: env().JOURNEYLENS_CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 2 });
      page.setDefaultTimeout(TIMEOUT_MS);
      const response = await page.goto(url, { waitUntil: "networkidle" });
      if (!response?.ok()) throw new Error(`The page to draw answered HTTP ${response?.status()}.`);
      // Every tile has its own request: drawn once none shows its skeleton any more.
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
      // Print media: download buttons and other controls are hidden (globals.css, `.export-controls`).
      await page.emulateMedia({ media: "print" });
      await page.waitForTimeout(300);
      return await work(page);
    } finally {
      await browser.close();
    }
  });
}

/** The page as one PDF page as tall as its content, backgrounds included. */
export function renderPdf(url: string): Promise<Buffer> {
  return withPage(url, async (page) => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    return page.pdf({ width: `${WIDTH}px`, height: `${height + 40}px`, printBackground: true, pageRanges: "1" });
  });
}

/** Each element matching `selector` as a PNG, with the text of its `data-title` (or its heading), in page order. */
export function renderElements(url: string, selector: string): Promise<{ title: string; png: Buffer }[]> {
  return withPage(url, async (page) => {
    const out: { title: string; png: Buffer }[] = [];
    for (const element of await page.locator(selector).all()) {
      const title = (await element.getAttribute("data-title")) ?? (await element.locator("h2").first().textContent()) ?? "";
      out.push({ title: title.trim(), png: await element.screenshot({ type: "png" }) });
    }
    return out;
  });
}
