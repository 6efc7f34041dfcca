import http from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, LOGINS } from "../e2e/demo-constants";
import { logIn } from "../e2e/helpers";

/**
 * 3. Sign-in throttling: counted per client address, read from the socket, with growing waits; failures from one
 * address never stop the right password from another. These requests leave from 127.0.0.2, a loopback address of
 * their own, so that the address the server sees is the socket's.
 */
function request(base: string, path: string, init: { method?: string; body?: string; cookie?: string; localAddress?: string }) {
  return new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request(
      url,
      {
        method: init.method ?? "GET",
        localAddress: init.localAddress,
        headers: {
          ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          ...(init.cookie ? { cookie: init.cookie } : {}),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!) }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** One sign-in through next-auth's credentials endpoint; resolves with the error next-auth reports (null: signed in). */
async function signIn(base: string, email: string, password: string, localAddress: string): Promise<string | null> {
  const csrf = await request(base, "/api/auth/csrf", { localAddress });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const body = new URLSearchParams({ csrfToken, email, password, json: "true" }).toString();
  const res = await request(base, "/api/auth/callback/credentials", { method: "POST", body, cookie: csrf.cookies.join("; "), localAddress });
  const url = new URL((JSON.parse(res.body) as { url: string }).url);
  return url.searchParams.get("error");
}

test("50 wrong passwords from one address slow that address alone: the right password from another still signs in", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  for (let i = 0; i < 50; i++) errors.push((await signIn(baseURL!, LOGINS.sales, `wrong-${i}`, "127.0.0.2"))!);
  // The first five are checked and refused; after them the address must wait 1, 2, 4… s from its last failure, and
  // attempts made sooner are not even checked. (One made after its wait is checked again, hence "at most".)
  expect(errors.slice(0, 5)).toEqual(Array(5).fill("CredentialsSignin"));
  expect(errors.every((e) => e === "CredentialsSignin" || /^throttled:\d+$/.test(e))).toBe(true);
  expect(errors.filter((e) => e === "CredentialsSignin").length).toBeLessThanOrEqual(9);
  // Even the right password waits at that address…
  expect(await signIn(baseURL!, LOGINS.sales, DEMO_PASSWORD, "127.0.0.2")).toMatch(/^throttled:/);
  // …and signs in from another, the browser's (127.0.0.1).
  await logIn(page, "sales");
  await expect(page.getByTestId("role")).toHaveText("sales");
});

test("a throttled address is told how long to wait; a wrong password alone gets the one generic message", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(LOGINS.marketing);
  const alert = page.getByRole("alert").filter({ hasText: /match|Too many/ });
  const attempt = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
    return (await alert.textContent()) ?? "";
  };
  expect(await attempt("not-it")).toBe("That email and password do not match an active account.");
  // Five free failures; the next attempts come sooner than the growing wait allows.
  const answers: string[] = [];
  for (let i = 0; i < 8; i++) answers.push(await attempt(`still-not-it-${i}`));
  expect(answers.at(-1)).toMatch(/^Too many failed sign-ins from your network\. Try again in \d+ seconds?\.$/);
  await context.close();
});
