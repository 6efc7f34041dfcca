import { describe, expect, it } from "vitest";
import { nextLocalRun, parseCron } from "@/lib/ingest/cron";

const next = (cron: string, after: string) => new Date(nextLocalRun(parseCron(cron), Date.parse(after))).toISOString().slice(0, 16);

describe("cron schedules", () => {
  it.each([
    ["0 2 * * *", "2026-03-01T01:59Z", "2026-03-01T02:00"],
    ["0 2 * * *", "2026-03-01T02:00Z", "2026-03-02T02:00"],
    ["*/15 * * * *", "2026-03-01T10:07Z", "2026-03-01T10:15"],
    ["30 9 * * 1-5", "2026-03-06T10:00Z", "2026-03-09T09:30"], // Friday after 9:30 → Monday
    ["0 0 1 * *", "2026-01-31T12:00Z", "2026-02-01T00:00"],
    ["0 0 29 2 *", "2026-03-01T00:00Z", "2028-02-29T00:00"],
    ["0 12 13 * 5", "2026-03-01T00:00Z", "2026-03-06T12:00"], // day 13 or any Friday
    ["0 0 * * 7", "2026-03-02T00:00Z", "2026-03-08T00:00"], // 7 is Sunday
    ["@hourly", "2026-03-01T10:00Z", "2026-03-01T11:00"],
    ["5,35 8-9 * * *", "2026-03-01T08:35Z", "2026-03-01T09:05"],
  ])("%s after %s → %s", (cron, after, expected) => {
    expect(next(cron, after)).toBe(expected);
  });

  it.each([
    ["0 2 * *", "A schedule has five fields"],
    ["61 * * * *", '"61" is out of range for the minute (0–59)'],
    ["0 2 * * mon", '"mon" is not a valid day of week'],
    ["0 0 31 2 *", "The schedule never runs"],
  ])("refuses %s", (cron, message) => {
    expect(() => next(cron, "2026-03-01T00:00Z")).toThrow(message);
  });
});
