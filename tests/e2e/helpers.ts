import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, LOGINS } from "./demo-constants";

/** Fills in and sends the sign-in form, without waiting for where it leads. */
export async function tryLogIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function logIn(page: Page, role: keyof typeof LOGINS) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(LOGINS[role]);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Signing in lands on the first project's overview; wait for it so a following goto does not race it.
  await page.waitForURL(/\/p\/[^/]+\/overview/);
  await expect(page.getByTestId("role")).toHaveText(role);
}

/** Runs the CLI against the suite's database (DATABASE_URL is inherited), with `input` on standard input. */
export function cliWith(input: string, ...args: string[]): string {
  return execFileSync("./bin/journeylens", args, { encoding: "utf8", env: process.env, input });
}
export const cli = (...args: string[]) => cliWith("", ...args);

export const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);
