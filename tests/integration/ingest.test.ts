import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { dataCounts, importFile, importText } from "../support/ingest";

let projectId = "";
beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "ingest", timezone: "Europe/Berlin" })).id;
});

async function query(text: string, values: unknown[] = []) {
  const { pool } = await getDb();
  return (await pool.query(text, values)).rows;
}

describe("journeys upload", () => {
  it("imports a Windows (CRLF) journeys file as-is, pages in their original order, no invented times", async () => {
    const file = "tests/fixtures/valid/journeys-crlf.csv";
    const result = await importFile("ingest", file, { kind: "journeys" });
    const lines = fs.readFileSync(file, "utf8").split("\r\n").filter(Boolean).slice(1);
    const pages = lines.reduce((n, l) => n + l.split(",")[3]!.split("-").length, 0);
    expect(result).toMatchObject({ rowsRead: lines.length, rowsStored: lines.length, events: pages, skipped: {} });
    for (const line of lines) {
      const [person, session, plan, journey] = line.split(",") as [string, string, string, string];
      const rows = await query(
        "select name, position, occurred_at from events where project_id = $1 and person_id = $2 and session_id = $3 order by position",
        [projectId, person, session],
      );
      expect(rows.map((r) => r.name).join("-")).toBe(journey);
      // Positions count the person's pages across their sessions in file order.
      const before = lines.slice(0, lines.indexOf(line)).filter((l) => l.startsWith(`${person},`));
      const first = before.reduce((n, l) => n + l.split(",")[3]!.split("-").length, 0) + 1;
      expect(rows.map((r) => r.position)).toEqual(journey.split("-").map((_, i) => first + i));
      expect(rows.every((r) => r.occurred_at === null)).toBe(true);
      expect((await query("select plan from people where project_id = $1 and person_id = $2", [projectId, person]))[0].plan).toBe(plan);
    }
  });
});

describe("events upload", () => {
  it("reads a semicolon file with a BOM, decimal commas, quoted separators and line breaks", async () => {
    const result = await importFile("ingest", "tests/fixtures/valid/events-semicolon-bom.csv", { kind: "events" });
    expect(result).toMatchObject({ rowsRead: 4, rowsStored: 4, events: 4 });
    const rows = await query(
      "select person_id, name, occurred_at, revenue, properties from events where upload_id = $1 order by person_id",
      [result.upload],
    );
    expect(rows.map((r) => [r.person_id, r.name, r.occurred_at.toISOString(), r.revenue, r.properties])).toEqual([
      ["u1", "purchase", "2026-03-01T09:15:00.000Z", 19.99, { note: "Gift; wrapped" }],
      ["u2", "refund", "2026-03-02T07:00:00.000Z", -5.5, { note: "Line one\nLine two" }],
      ["u3", "purchase", "2026-03-02T08:30:00.000Z", 1234.5, { note: 'Café "Central"' }],
      ["u4", "view", "2026-03-03T11:00:00.000Z", 0, {}],
    ]);
  });

  // An online-retail export with a row missing its customer and one with a bad date (rows 5 and 6).
  const retail = fs.readFileSync("tests/fixtures/valid/retail-with-bad-rows.csv", "utf8");
  const retailOptions = { kind: "events" as const, map: { person: "CustomerID", time: "InvoiceDate" }, set: { name: "purchase" } };

  it("rejects the whole file by default, naming row, column, value and reason, and stores nothing", async () => {
    const before = await dataCounts(projectId);
    await expect(importText("ingest", retail, retailOptions)).rejects.toMatchObject({
      message: 'Row 5, column "CustomerID": the person id is missing (and 1 more error).',
      errors: [
        { row: 5, column: "CustomerID", value: null, reason: "the person id is missing" },
        { row: 6, column: "InvoiceDate", value: "notadate", reason: "is not a valid time" },
      ],
    });
    expect(await dataCounts(projectId)).toEqual(before);
    const [failed] = await query("select status, error_report from uploads where project_id = $1 order by id desc limit 1", [projectId]);
    expect(failed.status).toBe("failed");
    expect(failed.error_report.errors).toHaveLength(2);
  });

  it("with skip-invalid stores the valid rows, counts the skipped ones per reason, and types properties", async () => {
    const result = await importText("ingest", retail, { ...retailOptions, skipInvalid: true });
    expect(result).toMatchObject({ rowsRead: 5, rowsStored: 3, events: 3, peopleCreated: 2, skipped: { "missing person": 1, "invalid time": 1 } });
    const rows = await query("select person_id, occurred_at, properties from events where upload_id = $1 order by position", [result.upload]);
    // 12/13/2010 in the file says month first: 12/1/2010 is the 1st of December, 8:26 in Berlin.
    expect(rows[0].occurred_at.toISOString()).toBe("2010-12-01T07:26:00.000Z");
    // InvoiceNo mixes 536365 and C536379: text. Quantity and UnitPrice: numbers.
    expect(rows[0].properties).toEqual({ InvoiceNo: "536365", StockCode: "85123A", Quantity: 6, UnitPrice: 2.55, Country: "United Kingdom" });
    expect(rows[2].properties).toMatchObject({ InvoiceNo: "C536379", Quantity: -1 });
  });

  it("refuses the same file again unless forced; a failed upload never counts", async () => {
    const file = "person,time,name\np1,2026-01-05 10:00,signup\n";
    await expect(importText("ingest", file + "p2,bad,signup\n", { kind: "events" })).rejects.toThrow("is not a valid time");
    const first = await importText("ingest", file, { kind: "events" });
    await expect(importText("ingest", file, { kind: "events" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`This file was already stored in this project (upload #${first.upload}`),
    });
    expect((await importText("ingest", file, { kind: "events", force: true })).events).toBe(1);
  });

  it("two uploads at once to one project are both stored", async () => {
    const a = "person,time,name\nc1,2026-02-01 10:00,a\nc2,2026-02-01 11:00,a\n";
    const b = "person,time,name\nc2,2026-02-02 10:00,b\nc3,2026-02-02 11:00,b\n";
    const [ra, rb] = await Promise.all([importText("ingest", a, { kind: "events" }), importText("ingest", b, { kind: "events" })]);
    expect([ra.events, rb.events]).toEqual([2, 2]);
    const people = await query("select person_id, first_seen from people where project_id = $1 and person_id in ('c1','c2','c3') order by 1", [projectId]);
    expect(people.map((p) => [p.person_id, p.first_seen.toISOString()])).toEqual([
      ["c1", "2026-02-01T09:00:00.000Z"],
      ["c2", "2026-02-01T10:00:00.000Z"],
      ["c3", "2026-02-02T10:00:00.000Z"],
    ]);
  });

  it("explains a mapping that does not fit the file", async () => {
    await expect(importText("ingest", "who,when\nx,2026-01-01\n", { kind: "events", map: { person: "who", time: "When", name: "What" } })).rejects.toThrow(
      'The name field is mapped to the column "What", which the file does not have; its columns are "who", "when".',
    );
  });
});

describe("people upload", () => {
  it("creates and updates people with typed attributes and other columns as properties, rows applied in order", async () => {
    const file = ["user_id,signup_at,plan,country,age,zip", "m1,2026-01-10,Annual,DE,34,01067", "m2,,Monthly,,29,", "m1,,Quarterly,,35,"].join("\n");
    const result = await importText("ingest", file, { kind: "people" });
    expect(result).toMatchObject({ rowsStored: 3, peopleCreated: 2, peopleUpdated: 0 });
    const rows = await query("select person_id, signup_at, plan, country, properties from people where project_id = $1 and person_id in ('m1','m2') order by 1", [projectId]);
    expect(rows.map((r) => [r.person_id, r.signup_at?.toISOString() ?? null, r.plan, r.country, r.properties])).toEqual([
      ["m1", "2026-01-09T23:00:00.000Z", "Quarterly", "DE", { age: 35, zip: "01067" }],
      ["m2", null, "Monthly", null, { age: 29 }],
    ]);
  });
});

describe("removing an upload", () => {
  it("removes exactly its rows and the people only it created", async () => {
    const { deleteUpload } = await import("@/lib/data/uploads");
    const first = await importText("ingest", "person,time,name\nd1,2026-04-01 10:00,a\nd2,2026-04-01 11:00,a\n", { kind: "events" });
    const second = await importText("ingest", "person,time,name\nd2,2026-04-02 10:00,b\nd3,2026-04-02 11:00,b\n", { kind: "events" });
    const before = await dataCounts(projectId);
    expect(await deleteUpload(cliActor, "ingest", second.upload)).toEqual({ events: 2, campaign_sends: 0, spend: 0, people: 1 });
    const after = await dataCounts(projectId);
    expect([after.events, after.people, after.stored_uploads]).toEqual([before.events - 2, before.people - 1, before.stored_uploads - 1]);
    // d2 was created by the first upload and keeps its event from it; d3 existed only through the second.
    const people = await query("select person_id from people where project_id = $1 and person_id like 'd_' order by 1", [projectId]);
    expect(people.map((p) => p.person_id)).toEqual(["d1", "d2"]);
    await expect(deleteUpload(cliActor, "ingest", second.upload)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteUpload(cliActor, "malformed-nowhere", first.upload)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("campaign sends and spend", () => {
  it("stores sends with times or yes/no flags, a flag meaning the send time", async () => {
    const file = [
      "campaign_id,campaign_name,user_id,sent_at,delivered,opened_at,clicked,unsubscribed",
      "wk-1,Spring sale,s1,2026-03-03 08:00,yes,2026-03-03 09:15,yes,no",
      "wk-1,Spring sale,s2,2026-03-03 08:00,1,,0,",
      "wk-1,Spring sale,s3,2026-03-03 08:00,no,,,",
    ].join("\n");
    const result = await importText("ingest", file, { kind: "campaign-sends" });
    expect(result).toMatchObject({ rowsStored: 3, events: 3, peopleCreated: 3 });
    const rows = await query(
      "select person_id, channel, sent_at, delivered_at, opened_at, clicked_at, unsubscribed_at from campaign_sends where upload_id = $1 order by person_id",
      [result.upload],
    );
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    expect(rows.map((r) => [r.person_id, r.channel, iso(r.sent_at), iso(r.delivered_at), iso(r.opened_at), iso(r.clicked_at), iso(r.unsubscribed_at)])).toEqual([
      ["s1", "email", "2026-03-03T07:00:00.000Z", "2026-03-03T07:00:00.000Z", "2026-03-03T08:15:00.000Z", "2026-03-03T07:00:00.000Z", null],
      ["s2", "email", "2026-03-03T07:00:00.000Z", "2026-03-03T07:00:00.000Z", null, null, null],
      ["s3", "email", "2026-03-03T07:00:00.000Z", null, null, null, null],
    ]);
    await expect(importText("ingest", "campaign,person,sent,opened\nc,p,2026-03-03 08:00,maybe\n", { kind: "campaign-sends" })).rejects.toThrow(
      'Row 2, column "opened": "maybe" is neither a time nor yes/no.',
    );
  });

  it("stores each send's variant and whether the person was held out, refusing a holdout row with an outcome", async () => {
    const file = [
      "campaign,variant,holdout,person,sent,opened,clicked",
      "ab-1,Subject A,no,v1,2026-03-03 08:00,yes,",
      "ab-1,Subject B,,v2,2026-03-03 08:00,,",
      "ab-1,,yes,v3,2026-03-03 08:00,,no",
    ].join("\n");
    const result = await importText("ingest", file, { kind: "campaign-sends" });
    expect(result).toMatchObject({ rowsStored: 3, peopleCreated: 3 });
    const rows = await query("select person_id, variant, holdout, opened_at is not null as opened from campaign_sends where upload_id = $1 order by person_id", [result.upload]);
    expect(rows).toEqual([
      { person_id: "v1", variant: "Subject A", holdout: false, opened: true },
      { person_id: "v2", variant: "Subject B", holdout: false, opened: false },
      { person_id: "v3", variant: null, holdout: true, opened: false },
    ]);
    // One variant for the whole file, as a set value.
    const one = await importText("ingest", "campaign,person,sent\nab-2,w1,2026-03-04 08:00\n", { kind: "campaign-sends", set: { variant: "Plain" } });
    expect(await query("select variant, holdout from campaign_sends where upload_id = $1", [one.upload])).toEqual([{ variant: "Plain", holdout: false }]);

    await expect(importText("ingest", "campaign,holdout,person,sent,clicked\nab-3,yes,x1,2026-03-03 08:00,2026-03-03 09:00\n", { kind: "campaign-sends" })).rejects.toThrow(
      'Row 2, column "holdout": "yes" is a holdout, but the row also says the message was delivered, bounced, opened, clicked or unsubscribed.',
    );
    await expect(importText("ingest", "campaign,holdout,person,sent\nab-3,perhaps,x1,2026-03-03 08:00\n", { kind: "campaign-sends" })).rejects.toThrow(
      'Row 2, column "holdout": "perhaps" is neither yes nor no.',
    );
  });

  it("stores spend per local day, channel, campaign and platform", async () => {
    const file = "date,source,campaign,platform,cost,clicks,impressions\n2026-03-01,paid social,Spring,iOS,120.50,300,12000\n2026-03-01,search ads,,web,80,,\n";
    const result = await importText("ingest", file, { kind: "spend", set: { currency: "eur" } });
    expect(result).toMatchObject({ rowsStored: 2, events: 2, peopleCreated: 0 });
    const rows = await query("select day::text, channel, campaign, platform, cost, currency, clicks, impressions from spend where upload_id = $1 order by channel", [result.upload]);
    expect(rows).toEqual([
      { day: "2026-03-01", channel: "paid social", campaign: "Spring", platform: "iOS", cost: 120.5, currency: "EUR", clicks: 300, impressions: 12000 },
      { day: "2026-03-01", channel: "search ads", campaign: null, platform: "web", cost: 80, currency: "EUR", clicks: null, impressions: null },
    ]);
  });
});
