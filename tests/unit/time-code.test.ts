import { describe, expect, it } from "vitest";
import { slashedOrder, timeParser } from "@/lib/ingest/time-parse";
import { localToUtc, offsetAt, zoneClock } from "@/lib/zoned-time";
import { cohortLabel, periodBefore, periodLabel, periodNumberOf, periodsBetween, shortCohortLabel } from "@/lib/reports/periods";

/**
 * Time code must give the same answers whatever the zone the process runs in: vitest runs this file under TZ=UTC,
 * America/New_York and Asia/Kolkata (vitest.config.ts). Every expected value is worked out by hand.
 */
const at = (iso: string) => Date.parse(iso);

describe(`time parsing (process TZ=${process.env.TZ})`, () => {
  it("reads a local time in the project's zone, not the process's", () => {
    const berlin = timeParser("Europe/Berlin");
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(berlin("2026-01-15 10:00")).toBe(at("2026-01-15T09:00:00Z"));
    expect(berlin("2026-07-15 10:00")).toBe(at("2026-07-15T08:00:00Z"));
    expect(berlin("2026-01-15")).toBe(at("2026-01-14T23:00:00Z"));
    expect(berlin("15/01/2026 10:00")).toBe(at("2026-01-15T09:00:00Z"));
  });

  it("keeps an explicit zone or offset, and reads epoch seconds and milliseconds", () => {
    const kolkata = timeParser("Asia/Kolkata");
    expect(kolkata("2026-03-01T10:00:00Z")).toBe(at("2026-03-01T10:00:00Z"));
    expect(kolkata("2026-03-01T10:00:00-0800")).toBe(at("2026-03-01T18:00:00Z"));
    expect(kolkata("1767225600")).toBe(at("2026-01-01T00:00:00Z"));
    expect(kolkata("1767225600250")).toBe(at("2026-01-01T00:00:00.250Z"));
  });

  it("reads DST edges as PostgreSQL's AT TIME ZONE does, and an impossible date as no time", () => {
    const newYork = timeParser("America/New_York");
    // 2026-03-08 02:30 does not exist in New York (clocks go 02:00 → 03:00); with the offset before, −5 h, it is 07:30 UTC.
    expect(newYork("2026-03-08 02:30")).toBe(at("2026-03-08T07:30:00Z"));
    // 01:30 on 2026-11-01 happens twice; the later (−5 h) is read.
    expect(newYork("2026-11-01 01:30")).toBe(at("2026-11-01T06:30:00Z"));
    const berlin = timeParser("Europe/Berlin");
    expect(berlin("2026-03-29 02:30")).toBe(at("2026-03-29T01:30:00Z"));
    expect(berlin("2026-10-25 02:30")).toBe(at("2026-10-25T01:30:00Z"));
    expect(newYork("2026-02-30")).toBeNull();
    expect(newYork("31/04/2026")).toBeNull();
  });

  it("tells day-first from month-first slashed dates", () => {
    expect(slashedOrder(["01/02/2026", "13/02/2026"])).toBe("day_first");
    expect(slashedOrder(["02/13/2026"])).toBe("month_first");
    expect(slashedOrder(["01/02/2026"])).toBe("ambiguous");
  });
});

describe(`zoned wall-clock arithmetic (process TZ=${process.env.TZ})`, () => {
  it("gives a zone's offset at an instant and the instant of a wall-clock time", () => {
    const kolkata = zoneClock("Asia/Kolkata");
    expect(offsetAt(kolkata, at("2026-06-01T00:00:00Z"))).toBe(5.5 * 3_600_000);
    expect(localToUtc(kolkata, at("2026-06-01T05:30:00Z"))).toBe(at("2026-06-01T00:00:00Z"));
    const newYork = zoneClock("America/New_York");
    expect(offsetAt(newYork, at("2026-01-01T12:00:00Z"))).toBe(-5 * 3_600_000);
    expect(offsetAt(newYork, at("2026-07-01T12:00:00Z"))).toBe(-4 * 3_600_000);
    expect(localToUtc(newYork, at("2026-07-01T08:00:00Z"))).toBe(at("2026-07-01T12:00:00Z"));
  });
});

describe(`periods (process TZ=${process.env.TZ})`, () => {
  it("numbers days and ISO weeks from Monday 2000-01-03 and months as year·12 + month", () => {
    expect(periodNumberOf("day", "2000-01-03")).toBe(0);
    expect(periodNumberOf("day", "2000-01-10")).toBe(7);
    expect(periodNumberOf("week", "2000-01-10")).toBe(1);
    // 2026-03-02 is a Monday: 9,555 days after 2000-01-03, 1,365 weeks.
    expect(periodNumberOf("day", "2026-03-02")).toBe(9555);
    expect(periodNumberOf("week", "2026-03-02")).toBe(1365);
    expect(periodNumberOf("month", "2026-03-01")).toBe(2026 * 12 + 3);
  });

  it("counts periods between period starts and steps back one, across a year and a DST change", () => {
    expect(periodsBetween("month", "2025-11-01", "2026-02-01")).toBe(3);
    expect(periodsBetween("week", "2026-03-02", "2026-03-30")).toBe(4);
    expect(periodsBetween("day", "2026-03-28", "2026-03-30")).toBe(2);
    expect(periodBefore("month", "2026-01-01")).toBe("2025-12-01");
    expect(periodBefore("week", "2026-03-30")).toBe("2026-03-23");
    expect(periodBefore("day", "2026-03-01")).toBe("2026-02-28");
  });

  it("labels a period by its own calendar day in every zone", () => {
    expect(cohortLabel("month", "2026-03-01")).toBe("Mar 2026");
    expect(cohortLabel("week", "2026-03-02")).toBe("Week of Mar 2, 2026");
    expect(cohortLabel("day", "2026-01-01")).toBe("Jan 1, 2026");
    expect(shortCohortLabel("week", "2026-01-01")).toBe("Jan 1");
    expect(periodLabel("week", 3)).toBe("Week 3");
  });
});
