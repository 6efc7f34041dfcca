import fs from "node:fs";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { validateUpload } from "@/lib/data/uploads";
import type { ImportOptionsInput } from "@/lib/ingest/kinds";
import { importText, tableCounts } from "../support/ingest";

let projectId = "";
beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "dry-run", timezone: "Europe/Berlin" })).id;
});

function validate(content: string, options: ImportOptionsInput) {
  return validateUpload(cliActor, "dry-run", { fileName: "check.csv", stream: Readable.from([Buffer.from(content)]), options });
}

async function uploadRows() {
  const { pool } = await getDb();
  return Number((await pool.query("select count(*) from uploads where project_id = $1", [projectId])).rows[0].count);
}

// An online-retail export with a row missing its customer and one with a bad date (rows 5 and 6).
const retail = fs.readFileSync("tests/fixtures/valid/retail-with-bad-rows.csv", "utf8");
const retailOptions = { kind: "events" as const, map: { person: "CustomerID", time: "InvoiceDate" }, set: { name: "purchase" }, skipInvalid: true };
const retailErrors = [
  { row: 5, column: "CustomerID", value: null, reason: "the person id is missing" },
  { row: 6, column: "InvoiceDate", value: "notadate", reason: "is not a valid time" },
];

describe("dry run (validateUpload)", () => {
  it("reports what the import would store, stores nothing and records no upload; the import then reports the same", async () => {
    const before = await tableCounts();
    const summary = await validate(retail, retailOptions);
    expect(summary).toEqual({
      upload: null,
      project: "dry-run",
      kind: "events",
      fileName: "check.csv",
      status: "validated",
      rowsRead: 5,
      rowsStored: 3,
      skipped: { "missing person": 1, "invalid time": 1 },
      events: 3,
      peopleCreated: 2,
      peopleUpdated: 0,
      // A header line of 70 bytes and rows of 57, 56, 54, 46 and 41 (no final newline).
      bytes: 324,
      seconds: expect.any(Number),
      rowsPerSecond: expect.any(Number),
      problems: ['Row 5, column "CustomerID": the person id is missing.', 'Row 6, column "InvoiceDate": "notadate" is not a valid time.'],
      errors: retailErrors,
      duplicateOf: null,
    });
    expect(await tableCounts()).toEqual(before);
    expect(await uploadRows()).toBe(0);

    const stored = await importText("dry-run", retail, retailOptions);
    const counts = ({ rowsRead, rowsStored, skipped, events, peopleCreated, peopleUpdated, bytes, errors }: typeof summary | typeof stored) =>
      ({ rowsRead, rowsStored, skipped, events, peopleCreated, peopleUpdated, bytes, errors });
    expect(counts(stored)).toEqual(counts(summary));
  });

  it("warns of a file stored before instead of refusing it, and counts the people it would only update", async () => {
    const { pool } = await getDb();
    const [earlier] = (await pool.query("select id, finished_at from uploads where project_id = $1 and status = 'stored'", [projectId])).rows;
    const before = await tableCounts();
    // Stored with the first person's earliest event at 8:26 on 1 December; nothing in the file is earlier, so no
    // first-seen time moves and no person is updated.
    expect(await validate(retail, retailOptions)).toMatchObject({
      rowsStored: 3,
      events: 3,
      peopleCreated: 0,
      peopleUpdated: 0,
      duplicateOf: { upload: String(earlier.id), storedAt: earlier.finished_at.toISOString() },
    });
    // One earlier event for 17850 and a new person: one update, one creation.
    const other = "CustomerID,InvoiceDate\n17850,11/30/2010 9:00\n99999,11/30/2010 10:00\n";
    expect(await validate(other, retailOptions)).toMatchObject({ rowsRead: 2, rowsStored: 2, events: 2, peopleCreated: 1, peopleUpdated: 1, duplicateOf: null });
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses invalid rows with the import's own error, leaving no upload record (the import leaves a failed one)", async () => {
    const before = await tableCounts();
    const refusal = { message: 'Row 5, column "CustomerID": the person id is missing (and 1 more error).', errors: retailErrors };
    await expect(validate(retail, { ...retailOptions, skipInvalid: false })).rejects.toMatchObject(refusal);
    expect(await tableCounts()).toEqual(before);
    await expect(importText("dry-run", retail, { ...retailOptions, skipInvalid: false })).rejects.toMatchObject(refusal);
    expect(await tableCounts()).toEqual({ ...before, uploads: before.uploads! + 1 });
  });

  it("refuses a mapping that does not fit and a file with no row to store, as the import does", async () => {
    const before = await tableCounts();
    await expect(validate("who,when\nx,2026-01-01\n", { kind: "events", map: { person: "who", time: "When", name: "What" } })).rejects.toThrow(
      'The name field is mapped to the column "What", which the file does not have; its columns are "who", "when".',
    );
    await expect(validate("person,time,name\np1,later,signup\n", { kind: "events", skipInvalid: true })).rejects.toThrow("None of the 1 rows can be stored.");
    expect(await tableCounts()).toEqual(before);
  });

  it("counts people created and updated by a people file, and the people it would change keep their attributes", async () => {
    await importText("dry-run", "user_id,plan,country\nk1,Monthly,DE\n", { kind: "people" });
    const before = await tableCounts();
    const summary = await validate("user_id,plan,country\nk1,Annual,\nk2,Monthly,FR\nk2,,AT\n", { kind: "people" });
    expect(summary).toMatchObject({ rowsRead: 3, rowsStored: 3, events: 0, peopleCreated: 1, peopleUpdated: 1, skipped: {} });
    expect(await tableCounts()).toEqual(before);
    const { pool } = await getDb();
    const people = await pool.query("select person_id, plan, country from people where project_id = $1 and person_id like 'k_' order by 1", [projectId]);
    expect(people.rows).toEqual([{ person_id: "k1", plan: "Monthly", country: "DE" }]);
  });
});
