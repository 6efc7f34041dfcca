import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

/** Runs against the production build, on the database tests/e2e/run-e2e.ts prepared (never the app's data). */
export default defineConfig({
  // What a person does (e2e/), and the security properties checked against the running app (security/).
  testDir: "tests",
  testMatch: ["e2e/**/*.spec.ts", "security/**/*.spec.ts"],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    },
  },
  webServer: {
    command: `node bin/serve.mjs -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    // next-auth builds its redirects from this URL; a production start on its own database needs a secret. The tests
    // stand for one proxy, so that they can sign in from the addresses they name in X-Forwarded-For.
    // Digests go to the SMTP server the digest test starts on the next port but one.
    env: {
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: process.env.E2E_SESSION_SECRET ?? "",
      JOURNEYLENS_TRUSTED_PROXIES: "1",
      JOURNEYLENS_SMTP_URL: `smtp://127.0.0.1:${port + 2}`,
      JOURNEYLENS_MAIL_FROM: "Journeylens <digests@journeylens.test>",
      // Single sign-on against the OpenID Connect provider the SSO test starts on the port after.
      JOURNEYLENS_OIDC_ISSUER: `http://127.0.0.1:${port + 3}`,
      JOURNEYLENS_OIDC_CLIENT_ID: "journeylens",
      JOURNEYLENS_OIDC_CLIENT_SECRET: "a-test-client-secret",
      JOURNEYLENS_OIDC_NAME: "Test SSO",
      JOURNEYLENS_OIDC_ROLES: "admin=jl-admins,marketing=jl-marketing,sales=jl-sales",
    },
  },
});
