import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { timeParser } from "@/lib/ingest/time-parse";

/**
 * Upload times are read in Node and reports bucket them in PostgreSQL: both must put a wall-clock time at the same
 * instant, around DST changes too (a skipped hour, a repeated hour) and in zones on either side of UTC.
 */
const ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo", "Australia/Lord_Howe"];
const TIMES = [
  "2026-03-08 02:30:00", "2026-11-01 01:30:00", "2026-03-29 02:30:00", "2026-10-25 02:30:00",
  "2026-04-05 02:30:00", "2026-10-04 02:15:00", "2026-01-15 12:00:00", "2026-07-15 00:00:00",
];

describe("upload time parsing agrees with PostgreSQL's AT TIME ZONE", () => {
  it.each(ZONES)("%s", async (zone) => {
    const { pool } = await getDb();
    const { rows } = await pool.query<{ t: string; instant: Date }>(
      "select t, (t::timestamp at time zone $1) as instant from unnest($2::text[]) as t",
      [zone, TIMES],
    );
    const parse = timeParser(zone);
    for (const row of rows) expect(new Date(parse(row.t)!).toISOString(), `${zone} ${row.t}`).toBe(row.instant.toISOString());
  });
});
