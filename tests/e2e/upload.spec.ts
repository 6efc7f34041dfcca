import { expect, test } from "@playwright/test";
import { logIn } from "./helpers";

function eventsCsv(rows: number) {
  const lines = ["person,time,name,category,Quantity"];
  for (let i = 0; i < rows; i++)
    lines.push(`e2e-${i % 3000},2026-05-${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:15:00,View product,Shoes,${1 + (i % 3)}`);
  return Buffer.from(lines.join("\n") + "\n");
}

test("an admin uploads a file through the Data page, watches the progress bar, sees the result and the history row", async ({ page }) => {
  await logIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" }).click();
  await expect(page.getByRole("heading", { name: "Data" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: "e2e-events.csv", mimeType: "text/csv", buffer: eventsCsv(250_000) });
  await expect(page.getByTestId("detected")).toHaveText("Detected: UTF-8, separated by commas, 5 columns.");
  await expect(page.getByLabel("Column for person id")).toHaveValue("person");
  await expect(page.getByLabel("Column for time")).toHaveValue("time");
  await page.getByRole("button", { name: "Store the file" }).click();
  await expect(page.getByRole("progressbar")).toBeVisible();
  await expect(page.getByTestId("upload-result")).toContainText("250,000 of 250,000 rows", { timeout: 120_000 });
  const row = page.getByRole("row", { name: /e2e-events\.csv/ });
  await expect(row).toContainText("stored");
  await expect(row).toContainText("250,000 / 250,000");
  await expect(row).toContainText("admin@journeylens.test");
});

test("a bad file is refused with the row, column and reason, and nothing is stored", async ({ page }) => {
  await logIn(page, "admin");
  await page.goto("/p/threadline/data");
  await page.getByLabel("CSV file").setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("person,time,name\np1,2026-05-01 10:00,View\np2,someday,View\n"),
  });
  await page.getByRole("button", { name: "Store the file" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'Row 3, column "time": "someday" is not a valid time.' })).toBeVisible();
  await expect(page.getByRole("row", { name: /bad\.csv/ })).toContainText("failed");
});

for (const role of ["marketing", "sales"] as const) {
  test(`${role} cannot reach the Data page or the upload API`, async ({ page }) => {
    await logIn(page, role);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" })).toHaveCount(0);
    const response = await page.goto("/p/threadline/data");
    expect(response?.status()).toBe(403);
    const api = await page.request.post("/api/v1/projects/threadline/uploads?kind=events", {
      headers: { "content-type": "text/csv" },
      data: "person,time,name\np1,2026-05-01 10:00,View\n",
    });
    expect(api.status()).toBe(403);
  });
}
