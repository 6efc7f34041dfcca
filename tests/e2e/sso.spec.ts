import type { Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import Provider from "oidc-provider";

// The app's single sign-on points at this provider (playwright.config.ts): oidc-provider on loopback, with its
// development login and consent pages, and two accounts — one in a group that maps to marketing, one in none.
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const ISSUER = `http://127.0.0.1:${APP_PORT + 3}`;
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  "sso-ana": { sub: "sso-ana", email: "ana.sso@example.com", email_verified: true, name: "Ana Single", groups: ["staff", "jl-marketing"] },
  "sso-outsider": { sub: "sso-outsider", email: "outsider@example.com", email_verified: true, name: "Outsider", groups: ["staff"] },
};

let server: Server;
test.beforeAll(async () => {
  const provider = new Provider(ISSUER, {
    clients: [{ client_id: "journeylens", client_secret: "a-test-client-secret", redirect_uris: [`http://127.0.0.1:${APP_PORT}/api/auth/callback/oidc`] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    findAccount: (_ctx, id) => (ACCOUNTS[id] ? { accountId: id, claims: () => ACCOUNTS[id] as { sub: string } } : undefined),
    features: { devInteractions: { enabled: true } },
    // The scopes' claims in the ID token too, as providers configured for group claims put them.
    conformIdTokenClaims: false,
    cookies: { keys: ["a-test-cookie-key"] },
  });
  await new Promise<void>((resolve) => (server = provider.listen(APP_PORT + 3, "127.0.0.1", resolve)));
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Through the provider's own pages: its login (any password), then its consent when it asks. */
async function signInAtProvider(page: Page, account: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await page.waitForURL(new RegExp(`^${ISSUER}`));
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  if (page.url().startsWith(ISSUER)) await page.locator('button[type="submit"]').click();
}

test("single sign-on makes the account on the first visit, with the role its group maps to", async ({ page }) => {
  await signInAtProvider(page, "sso-ana");
  await page.waitForURL(/\/p\/[^/]+/);
  await expect(page.getByTestId("role")).toHaveText("marketing");
  await expect(page.getByText("ana.sso@example.com")).toBeVisible();
});

test("someone the provider vouches for without a mapped group is refused with a reason", async ({ page }) => {
  await signInAtProvider(page, "sso-outsider");
  await page.waitForURL(/\/login\?error=sso_no_role/);
  await expect(page.getByText("Your single sign-on account has no role in Journeylens")).toBeVisible();
});
