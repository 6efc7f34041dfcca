import { expect, test } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { E2E_DEMO_END } from "./demo-constants";
import { logIn } from "./helpers";

// The app sends digests to this port (playwright.config.ts); the test's own SMTP server receives and parses them.
const SMTP_PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const TILES = [`overview?as_of=${E2E_DEMO_END}&from=-29d`, `retention?as_of=${E2E_DEMO_END}&period=month&periods=6`];

test("a digest arrives by SMTP with each chart inline as PNG and each tile's CSV equal to the API's", async ({ page }) => {
  test.setTimeout(120_000);
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, done) {
      simpleParser(stream, { keepCidLinks: true }).then((mail) => (received.push(mail), done()), done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, "127.0.0.1", resolve));
  try {
    await logIn(page, "marketing");
    const origin = new URL(page.url()).origin;
    const created = await page.request.post("/api/v1/projects/giftly/dashboards", { headers: { origin }, data: { name: "Monday numbers", tiles: TILES } });
    await page.goto((await created.json()).path);
    await page.getByText("Email digests (0)").click();
    await page.getByLabel("Frequency").selectOption("weekly");
    await page.getByLabel("Weekday").selectOption("1");
    await page.getByLabel("Recipients").fill("ana@example.com, team@example.com");
    await page.getByRole("button", { name: "Schedule the digest" }).click();
    await expect(page.getByRole("list", { name: "Digests" })).toContainText("Every Monday at 08:00 (America/New_York) → ana@example.com, team@example.com");
    await page.getByRole("button", { name: "Send now" }).click();
    await expect(page.getByText("Sent 2 charts to 2 recipients.")).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);

    const mail = received[0]!;
    expect(mail.from?.text).toBe('"Journeylens" <digests@journeylens.test>');
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toBe("ana@example.com, team@example.com");
    expect(mail.subject).toContain("Monday numbers — Giftly");
    const pngs = mail.attachments.filter((a) => a.contentType === "image/png");
    expect(pngs).toHaveLength(2);
    for (const png of pngs) {
      expect(png.contentDisposition).toBe("inline");
      expect(mail.html).toContain(`cid:${png.cid}`);
      expect(png.content.subarray(1, 4).toString()).toBe("PNG");
      expect(png.size).toBeGreaterThan(5_000);
    }
    const csvs = mail.attachments.filter((a) => a.contentType.startsWith("text/csv"));
    expect(csvs.map((c) => c.filename)).toEqual(["1-overview.csv", "2-retention.csv"]);
    for (const [i, tile] of TILES.entries()) {
      const [kind, query] = tile.split("?");
      const api = await page.request.get(`/api/v1/projects/giftly/reports/${kind}?${query}&format=csv`);
      expect(csvs[i]!.content.toString("utf8")).toBe(await api.text());
    }
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});
