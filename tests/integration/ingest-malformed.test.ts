import fs from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import type { ImportOptionsInput } from "@/lib/ingest/kinds";
import { dataCounts, importText } from "../support/ingest";

/**
 * Every file under tests/fixtures/malformed is refused with the exact message below, and afterwards every data
 * table holds what it held before (the failed upload itself is recorded as failed).
 */
const dir = "tests/fixtures/malformed";
const people = (person: string): ImportOptionsInput => ({ kind: "people", map: { person } });
const events: ImportOptionsInput = { kind: "events" };
const journeys: ImportOptionsInput = { kind: "journeys" };

const CASES: [file: string, options: ImportOptionsInput, message: string, env?: Record<string, string>][] = [
  ["binary.csv", events, "This is not a CSV text file (it looks binary). Export the data as CSV (CSV UTF-8 in Excel) and upload that file."],
  ["xlsx-renamed.csv", events, "This is not a CSV text file (it looks binary). Export the data as CSV (CSV UTF-8 in Excel) and upload that file."],
  ["utf16.csv", events, "The file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8 in Excel)."],
  ["latin1.csv", events, "The file is not UTF-8 text (it is probably Windows-1252 or Latin-1); save it as UTF-8 (CSV UTF-8 in Excel)."],
  ["empty.csv", events, "The file is empty."],
  ["whitespace-only.csv", events, "The file is empty."],
  ["header-only.csv", events, "The file has a header but no rows."],
  ["duplicate-headers.csv", events, 'Columns 2 and 4 ("Email" and "email") have the same name ignoring case; column names must be unique.'],
  ["empty-header-name.csv", events, "Column 3 has no name in the header."],
  ["old-mac-line-endings.csv", events, "The file separates lines with carriage returns only (old Mac format); save it again as CSV UTF-8."],
  ["too-many-columns.csv", events, "The header has 201 columns; the limit is 200."],
  ["wrong-field-count.csv", people("user_id"), "Row 3 has 3 fields; the header has 4 (and 1 more error)."],
  ["unterminated-quote.csv", people("user_id"), "Row 3: a quoted field is not closed before the end of the file."],
  ["text-after-quote.csv", people("product"), 'Row 2, column "size": a closing quote is followed by other text; a quote inside a quoted value must be doubled ("").'],
  ["nul-byte.csv", people("user_id"), 'Row 3, column "note": the value contains a NUL byte, which text cannot hold.'],
    // Small enough to fall inside the sniffed sample, so the whole file is refused (past the sample, the row is named).
  ["invalid-utf8-in-row.csv", events, "The file is not UTF-8 text (it is probably Windows-1252 or Latin-1); save it as UTF-8 (CSV UTF-8 in Excel)."],
  ["overlong-value.csv", events, 'Row 3, column "note": the value is 10,001 characters long; the limit is 10,000.'],
  ["semicolon-extra-field.csv", events, "Row 2 has 4 fields; the header has 3."],
  ["missing-person.csv", events, 'Row 3, column "person": the person id is missing.'],
  ["missing-time.csv", events, 'Row 2, column "time": the time is missing.'],
  ["missing-event-name.csv", events, 'Row 2, column "name": the event name is missing.'],
  ["invalid-time.csv", events, 'Row 3, column "time": "yesterday" is not a valid time.'],
  ["impossible-date.csv", events, 'Row 2, column "time": "31/02/2026 10:00" is not a valid time.'],
  ["hour-24.csv", events, 'Row 2, column "time": "2026-06-30 24:00" is not a valid time.'],
  ["invalid-revenue.csv", events, 'Row 3, column "revenue": "$20" is not a number.'],
  ["people-invalid-signup.csv", { kind: "people" }, 'Row 2, column "signup_at": "2026-02-30" is not a valid time.'],
  ["journeys-missing-journey.csv", journeys, 'Row 2, column "user_journey": the journey is missing.'],
  ["journeys-missing-session.csv", journeys, 'Row 2, column "session_id": the session id is missing.'],
  [
    "unmapped-person.csv",
    events,
    'Map the person field (the person\'s id in your systems) to a column; the file\'s columns are "customer", "when", "what" (and 2 more errors).',
  ],
  ["no-valid-rows.csv", { ...events, skipInvalid: true }, "None of the 2 rows can be stored."],
  ["too-many-rows.csv", events, "The file has more than 2 rows, the upload limit.", { JOURNEYLENS_UPLOAD_MAX_ROWS: "2" }],
];

let projectId = "";
beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "malformed", timezone: "UTC" })).id;
  // A stored upload first, so "unchanged" means more than "still empty".
  await importText("malformed", "person,time,name\nkeep,2026-01-01 00:00,kept\n", events);
});

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("malformed uploads", () => {
  it("cover every fixture file", () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".csv"));
    expect(CASES.map((c) => c[0]).sort()).toEqual(files.sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)("%s is refused: %s", async (file, options, message, env) => {
    Object.assign(process.env, env);
    const before = await dataCounts(projectId);
    await expect(importText("malformed", fs.readFileSync(`${dir}/${file}`), options)).rejects.toThrow(message);
    expect(await dataCounts(projectId)).toEqual(before);
  });

  it("refuses a file over the size limit while reading it", async () => {
    process.env.JOURNEYLENS_UPLOAD_MAX_BYTES = "70000";
    const big = "person,time,name\n" + "p1,2026-01-05 10:00,a\n".repeat(4000);
    const before = await dataCounts(projectId);
    await expect(importText("malformed", big, events, 8192)).rejects.toThrow("The file is larger than 68.4 KiB, the upload limit.");
    expect(await dataCounts(projectId)).toEqual(before);
  });
});
