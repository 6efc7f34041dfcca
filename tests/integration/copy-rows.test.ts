import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { copyRows, csvField, csvLine, type CopyTable } from "@/lib/db/copy-rows";

const projectId = randomUUID();
const EVENT_COLUMNS = ["project_id", "person_id", "name", "occurred_at", "session_id", "position", "properties", "revenue"] as const;

async function withClient<T>(fn: (client: import("pg").PoolClient) => Promise<T>): Promise<T> {
  const client = await (await getDb()).pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

async function eventsOf(person: string) {
  const { pool } = await getDb();
  const { rows } = await pool.query(
    `select name, occurred_at, session_id, position, properties, revenue from events where project_id = $1 and person_id = $2 order by position`,
    [projectId, person],
  );
  return rows;
}

beforeAll(async () => {
  const { prisma } = await getDb();
  await prisma.project.create({ data: { id: projectId, slug: `copy-rows-${projectId.slice(0, 8)}`, name: "copy rows test" } });
});

afterAll(async () => {
  const { pool } = await getDb();
  await pool.query("delete from events where project_id = $1", [projectId]);
  await pool.query("delete from projects where id = $1", [projectId]);
});

describe("csvField", () => {
  it("writes null and undefined as an unquoted empty field and strings always quoted", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("")).toBe('""');
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("\\.")).toBe('"\\."');
  });

  it("writes numbers, booleans, bigints, Dates and objects", () => {
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField(10n ** 20n)).toBe("100000000000000000000");
    expect(csvField(true)).toBe("true");
    expect(csvField(new Date("2026-06-30T23:59:59.123Z"))).toBe("2026-06-30T23:59:59.123Z");
    expect(csvField({ a: 'x"y', b: [1, null] })).toBe('"{""a"":""x\\""y"",""b"":[1,null]}"');
  });

  it("refuses values PostgreSQL would store wrongly", () => {
    expect(() => csvField(Number.NaN)).toThrow(/number/);
    expect(() => csvField(Infinity)).toThrow(/number/);
    expect(() => csvField(new Date("nope"))).toThrow(/invalid Date/);
    expect(() => csvField("a\u0000b")).toThrow(/NUL/);
    expect(() => csvField(Symbol("s"))).toThrow(/symbol/);
    expect(() => csvLine(["a"], 2)).toThrow(/1 values for 2 columns/);
  });
});

describe("copyRows", () => {
  it("accepts only the schema's tables and columns", async () => {
    await withClient(async (client) => {
      await expect(copyRows(client, "pg_authid" as CopyTable, ["x"] as never, [])).rejects.toThrow(/unknown table/);
      await expect(copyRows(client, "events", ['name"); drop table events; --'] as never, [])).rejects.toThrow(/unknown column/);
      await expect(copyRows(client, "events", ["name", "name"], [])).rejects.toThrow(/repeated column/);
      await expect(copyRows(client, "events", [], [])).rejects.toThrow(/no columns/);
      expect((await client.query("select 1 as ok")).rows[0].ok).toBe(1);
    });
  });

  it("round-trips awkward strings, nulls, empty strings, Dates, numbers and JSON", async () => {
    const awkward = ['comma, "quotes"', "line\nbreak\r\nand CR", "tab\there", "back\\slash \\N \\.", "", "ünïcødé ✓ 🎁"];
    const at = new Date("2026-02-03T04:05:06.789Z");
    const rows: unknown[][] = awkward.map((text, i) => [projectId, "p-awkward", text, i % 2 ? at : null, i === 0 ? null : text, i, { text, n: i, nested: { list: [text, null] } }, i === 3 ? -1234.5 : null]);
    // The end-of-data marker on a line of its own must stay data.
    rows.push([projectId, "p-awkward", "\\.", at, "", 99, {}, 0.01]);
    const count = await withClient((client) => copyRows(client, "events", EVENT_COLUMNS, rows));
    expect(count).toBe(rows.length);

    const stored = await eventsOf("p-awkward");
    expect(stored.map((r) => r.name)).toEqual([...awkward, "\\."]);
    expect(stored[0].session_id).toBeNull();
    expect(stored[4].session_id).toBe("");
    expect(stored[6].session_id).toBe("");
    expect(stored.map((r) => r.occurred_at?.toISOString() ?? null)).toEqual([null, at.toISOString(), null, at.toISOString(), null, at.toISOString(), at.toISOString()]);
    expect(stored.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5, 99]);
    expect(stored[3].revenue).toBe(-1234.5);
    expect(stored[6].revenue).toBe(0.01);
    expect(stored[0].revenue).toBeNull();
    awkward.forEach((text, i) => expect(stored[i].properties).toEqual({ text, n: i, nested: { list: [text, null] } }));
  });

  it("streams a large async iterable, waiting for the socket to drain", async () => {
    const n = 20_000;
    const pad = "x".repeat(2_000);
    async function* rows() {
      for (let i = 0; i < n; i++) {
        if (i % 5_000 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        yield [projectId, "p-bulk", `e${i}`, new Date(Date.UTC(2026, 0, 1) + i * 1000), null, i, { pad }, i / 100];
      }
    }
    const count = await withClient((client) => copyRows(client, "events", EVENT_COLUMNS, rows()));
    expect(count).toBe(n);
    const { pool } = await getDb();
    const { rows: check } = await pool.query(
      "select count(*) as n, sum(position) as s, sum(revenue) as r from events where project_id = $1 and person_id = 'p-bulk'",
      [projectId],
    );
    expect(check[0]).toEqual({ n, s: (n * (n - 1)) / 2, r: (n * (n - 1)) / 200 });
  });

  it("aborts the COPY when the rows throw, leaving the connection usable", async () => {
    function* rows() {
      for (let i = 0; i < 50_000; i++) {
        if (i === 40_000) throw new Error("generator broke");
        yield [projectId, "p-broken", `e${i}`, null, null, i, {}, null];
      }
    }
    await withClient(async (client) => {
      await client.query("begin");
      await expect(copyRows(client, "events", EVENT_COLUMNS, rows())).rejects.toThrow("generator broke");
      await client.query("rollback");
      expect((await client.query("select 2 as ok")).rows[0].ok).toBe(2);
    });
    expect(await eventsOf("p-broken")).toEqual([]);
  });

  it("rejects with the server's error when PostgreSQL refuses a row", async () => {
    const rows = [
      [projectId, "p-bad", "fine", null, null, 1, {}, null],
      [projectId, "p-bad", "bad", null, null, "not a number", {}, null],
    ];
    await withClient(async (client) => {
      await expect(copyRows(client, "events", EVENT_COLUMNS, rows)).rejects.toThrow(/invalid input syntax for type integer/);
      expect((await client.query("select 3 as ok")).rows[0].ok).toBe(3);
    });
    expect(await eventsOf("p-bad")).toEqual([]);
  });

  it("refuses a row whose length does not match the columns", async () => {
    await withClient(async (client) => {
      await expect(copyRows(client, "events", EVENT_COLUMNS, [[projectId, "p-short", "x"]])).rejects.toThrow(/3 values for 8 columns/);
      expect((await client.query("select 4 as ok")).rows[0].ok).toBe(4);
    });
    expect(await eventsOf("p-short")).toEqual([]);
  });
});
