import { expect, test } from "@playwright/test";
import { logIn } from "./helpers";

function eventsCsv(rows: number) {
  const lines = ["person,time,name,category,Quantity"];
  for (let i = 0; i < rows; i++)
    lines.push(`e2e-${i % 3000},2026-05-${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:15:00,View product,Shoes,${1 + (i % 3)}`);
  return Buffer.from(lines.join("\n") + "\n");
}

const FIGURES = ["Rows read", "Rows that would be stored", "Events", "People new", "People updated"];

test("an admin checks every row, then stores the file, watching the progress bar, and sees the result and the history row", async ({ page }) => {
  // Three passes over 250,000 rows: the check, the upload, and the check that finds the file stored.
  test.setTimeout(240_000);
  await logIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" }).click();
  await expect(page.getByRole("heading", { name: "Data" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: "e2e-events.csv", mimeType: "text/csv", buffer: eventsCsv(250_000) });
  await expect(page.getByTestId("detected")).toHaveText("Detected: UTF-8, separated by commas, 5 columns.");
  await expect(page.getByLabel("Column for person id")).toHaveValue("person");
  await expect(page.getByLabel("Column for time")).toHaveValue("time");
  const store = page.getByRole("button", { name: "Store the file" });
  const check = page.getByRole("button", { name: "Check every row" });
  await expect(store).toBeDisabled();

  await check.click();
  await expect(page.getByRole("progressbar")).toBeVisible();
  const summary = page.getByTestId("validation-summary");
  await expect(summary.getByRole("term")).toHaveText(FIGURES, { timeout: 120_000 });
  await expect(summary.getByRole("definition")).toHaveText(["250,000", "250,000", "250,000", "3,000", "0"]);
  await expect(page.getByRole("row", { name: /e2e-events\.csv/ })).toHaveCount(0);
  await expect(store).toBeEnabled();

  // Any change to what the check read makes it stale: the summary goes and the file must be checked again.
  await page.getByLabel("Skip invalid rows").check();
  await expect(summary).toHaveCount(0);
  await expect(store).toBeDisabled();
  await expect(page.getByText("The file or its options changed since the last check: check every row again before storing.")).toBeVisible();
  await check.click();
  await expect(summary.getByRole("definition")).toHaveText(["250,000", "250,000", "250,000", "3,000", "0"], { timeout: 120_000 });

  await store.click();
  await expect(page.getByRole("progressbar")).toBeVisible();
  await expect(page.getByTestId("upload-result")).toContainText("250,000 of 250,000 rows", { timeout: 120_000 });
  await expect(summary).toHaveCount(0);
  await expect(store).toBeDisabled();
  const row = page.getByRole("row", { name: /e2e-events\.csv/ });
  await expect(row).toContainText("stored");
  await expect(row).toContainText("250,000 / 250,000");
  await expect(row).toContainText("admin@journeylens.test");
  const upload = (await row.getByRole("cell").first().textContent())?.replace(/\D/g, "");

  // Checked again, the file is known: storing it again needs a deliberate tick.
  await check.click();
  await expect(summary.getByRole("alert")).toContainText(`This file was already stored in this project (upload #${upload},`, { timeout: 120_000 });
  await expect(summary.getByRole("definition")).toHaveText(["250,000", "250,000", "250,000", "0", "0"]);
  await expect(store).toBeDisabled();
  await page.getByLabel("Store it again anyway").check();
  await expect(store).toBeEnabled();
});

test("a bad file is refused at the check with the row, column and reason; skipping it, the summary lists the row error", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/p/threadline/data");
  await page.getByLabel("CSV file").setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("person,time,name\np1,2026-05-01 10:00,View\np2,someday,View\n"),
  });
  const store = page.getByRole("button", { name: "Store the file" });
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'Row 3, column "time": "someday" is not a valid time.' })).toBeVisible();
  await expect(store).toBeDisabled();
  // A check is not an upload: nothing in the history.
  await expect(page.getByRole("row", { name: /bad\.csv/ })).toHaveCount(0);

  await page.getByLabel("Skip invalid rows").check();
  await page.getByRole("button", { name: "Check every row" }).click();
  const summary = page.getByTestId("validation-summary");
  await expect(summary.getByRole("definition")).toHaveText(["2", "1", "1", "1", "0"]);
  await expect(summary).toContainText("would be skipped, invalid time: 1");
  await expect(summary.getByRole("row").nth(1).getByRole("cell")).toHaveText(["3", "time", "someday", "is not a valid time"]);
  await store.click();
  await expect(page.getByTestId("upload-result")).toContainText("1 of 2 rows");
  await expect(page.getByRole("row", { name: /bad\.csv/ })).toContainText("stored");
});

for (const role of ["marketing", "sales"] as const) {
  test(`${role} cannot reach the Data page or the upload API`, async ({ page }) => {
    await logIn(page, role);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" })).toHaveCount(0);
    const response = await page.goto("/p/threadline/data");
    expect(response?.status()).toBe(403);
    for (const query of ["kind=events", "kind=events&dry_run=true"]) {
      const api = await page.request.post(`/api/v1/projects/threadline/uploads?${query}`, {
        headers: { "content-type": "text/csv" },
        data: "person,time,name\np1,2026-05-01 10:00,View\n",
      });
      expect(api.status()).toBe(403);
    }
  });
}

test("an admin adds a scheduled import through its labelled fields, sees it listed, and removes it", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/p/threadline/data");
  const form = page.getByRole("region", { name: "Scheduled imports" });
  await form.getByLabel("CSV URL").fill("https://exports.example.test/people.csv");
  await form.getByLabel("Kind").selectOption("people");
  await form.getByLabel("Schedule (cron)").fill("0 3 * * 1");
  // Credentials are optional; sealing them needs JOURNEYLENS_SECRETS_KEY, which this server is not given.
  await expect(form.getByLabel("Source user name (if the source asks)")).toHaveValue("");
  await expect(form.getByLabel("Source password (kept encrypted)")).toHaveAttribute("type", "password");
  await form.getByRole("button", { name: "Add scheduled import" }).click();
  await expect(form.getByRole("status")).toContainText("Added; the first run is at");
  const row = form.getByRole("row", { name: /exports\.example\.test/ });
  await expect(row).toContainText("people");
  await expect(row).toContainText("0 3 * * 1");
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(form.getByRole("status")).toContainText("Removed.");
  await expect(form.getByRole("row", { name: /exports\.example\.test/ })).toHaveCount(0);
});
