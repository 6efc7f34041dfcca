import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/data/actor";
import { createDashboard } from "@/lib/data/dashboards";
import { createDigest, listDigests, runDueDigests, sendDigestNow } from "@/lib/data/digests";
import { getDb } from "@/lib/db/client";
import { createFixtureProject } from "../support/fixtures";

const marketing: Actor = { via: "cli", userId: null, email: null, role: "marketing" };
const sales: Actor = { via: "cli", userId: null, email: null, role: "sales" };
let board = "";
// A Saturday, the day before Berlin moves to summer time (29 March 2026, 02:00 → 03:00).
const now = new Date("2026-03-28T12:00:00Z");

beforeAll(async () => {
  await createFixtureProject("digests", "Europe/Berlin", [{ id: "a" }], [{ person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
  board = (await createDashboard(marketing, "digests", "Weekly", ["overview"])).id;
});

describe("digests", () => {
  it("run daily, weekly on a weekday or monthly on a day, at an hour of the project's zone", async () => {
    const daily = await createDigest(marketing, "digests", board, { frequency: "daily", hour: "8", recipients: "ana@example.com" }, now);
    const weekly = await createDigest(marketing, "digests", board, { frequency: "weekly", weekday: "1", hour: 8, recipients: "ana@example.com, bo@example.com" }, now);
    const monthly = await createDigest(marketing, "digests", board, { frequency: "monthly", monthDay: 1, recipients: ["ana@example.com"], locks: "person.plan = Pro" }, now);
    // 08:00 in Berlin is 06:00 UTC once summer time has begun on the 29th.
    expect([daily.nextRunAt, weekly.nextRunAt, monthly.nextRunAt]).toEqual(["2026-03-29T06:00:00.000Z", "2026-03-30T06:00:00.000Z", "2026-04-01T06:00:00.000Z"]);
    expect([daily.schedule, weekly.schedule, monthly.schedule]).toEqual(["Every day at 08:00", "Every Monday at 08:00", "Monthly on day 1 at 08:00"]);
    expect(weekly.recipients).toEqual(["ana@example.com", "bo@example.com"]);
    expect(monthly.locks).toEqual(["person.plan = Pro"]);
    expect((await listDigests(marketing, "digests", board)).map((d) => d.id)).toEqual([daily.id, weekly.id, monthly.id]);
  });

  it("refuse what cannot be sent, naming why", async () => {
    const bad = (input: Parameters<typeof createDigest>[3]) => createDigest(marketing, "digests", board, input, now).then(() => "stored", (e: Error) => e.message);
    expect(await bad({ frequency: "weekly", recipients: "ana@example.com" })).toBe("A weekly digest needs a weekday.");
    expect(await bad({ frequency: "monthly", monthDay: 31, recipients: "ana@example.com" })).toBe("The day of the month is 1 to 28.");
    expect(await bad({ frequency: "daily", hour: 24, recipients: "ana@example.com" })).toBe("The hour is 0 to 23.");
    expect(await bad({ frequency: "daily", recipients: "ana@example.com, not-an-address" })).toBe("Each recipient is an email address.");
    expect(await bad({ frequency: "daily", recipients: "" })).toBe("Name at least one recipient.");
    expect(await bad({ frequency: "daily", recipients: "ana@example.com", locks: "plan =" })).toContain('Filter "plan ="');
    await expect(createDigest(sales, "digests", board, { frequency: "daily", recipients: "ana@example.com" }, now)).rejects.toThrow("You do not have permission");
    await expect(listDigests(sales, "digests", board)).rejects.toThrow("You do not have permission");
  });

  it("when due without an SMTP server, keep the reason and move on to the next time; sending now says so at once", async () => {
    const digest = await createDigest(marketing, "digests", board, { frequency: "daily", hour: 8, recipients: "ana@example.com" }, now);
    await expect(sendDigestNow(marketing, "digests", digest.id)).rejects.toThrow("Email is not set up on this server: set JOURNEYLENS_SMTP_URL");
    const { prisma } = await getDb();
    await prisma.digest.updateMany({ where: { id: { not: BigInt(digest.id) } }, data: { nextRunAt: new Date("2030-01-01T00:00:00Z") } });
    expect(await runDueDigests(new Date("2026-03-29T06:00:00Z"))).toBe(0);
    const after = await prisma.digest.findUniqueOrThrow({ where: { id: BigInt(digest.id) } });
    expect(after.lastError).toContain("Email is not set up");
    expect(after.nextRunAt.toISOString()).toBe("2026-03-30T06:00:00.000Z");
  });
});
