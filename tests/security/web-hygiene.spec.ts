import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, E2E_DEMO_END, LOGINS } from "../e2e/demo-constants";
import { logIn } from "../e2e/helpers";

/** 8. Web hygiene: security headers, same-origin changes with a session cookie, and no open redirect after sign-in. */
test("every page carries a nonce-based CSP, frame-ancestors 'none', nosniff and a referrer policy; HSTS only over https", async ({ request }) => {
  const login = await request.get("/login");
  const csp = login.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(login.headers()["x-content-type-options"]).toBe("nosniff");
  expect(login.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(login.headers()["strict-transport-security"]).toBeUndefined();
  // A fresh nonce for every response, and the page's own scripts carry it.
  const again = await request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);
  const nonce = /'nonce-([\w+/=]+)'/.exec(again.headers()["content-security-policy"]!)![1];
  expect(await again.text()).toContain(`nonce="${nonce}"`);
  const api = await request.get("/api/v1/projects");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  const https = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
});

test("the pages work under the CSP: no script is refused", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && refused.push(m.text()));
  await logIn(page, "marketing");
  await page.goto(`/p/giftly/retention?as_of=${E2E_DEMO_END}`);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
  expect(refused).toEqual([]);
});

test("a change made with the session cookie from another site is refused; from the app's own pages it is not", async ({ page }) => {
  await logIn(page, "admin");
  const foreign = await page.request.post("/api/v1/projects", {
    data: { slug: "from-elsewhere" },
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.message).toContain("came from another site");
  const noOrigin = await page.request.post("/api/v1/projects", { data: { slug: "from-nowhere" } });
  expect(noOrigin.status()).toBe(403);
  const own = await page.request.post("/api/v1/projects", { data: { slug: "from-here" }, headers: { origin: new URL(page.url()).origin } });
  expect(own.status()).toBeLessThan(300);
});

test("after sign-in, `next` is followed only on the app's own origin; a signed-out report URL comes back after sign-in", async ({ page, baseURL }) => {
  const signIn = async () => {
    await page.getByLabel("Email").fill(LOGINS.sales);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };
  for (const evil of ["/\\evil.example", "//evil.example", "https://evil.example/x"]) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(evil)}`);
    await signIn();
    await page.waitForURL(/\/p\/[^/]+\/overview/);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
  }
  const report = `/p/threadline/retention?period=month&as_of=${E2E_DEMO_END}`;
  await page.goto(report);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await signIn();
  await page.waitForURL((url) => url.pathname + url.search === report);
  await expect(page.getByTestId("retention-heatmap")).toBeVisible();
});
