import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/projects/[slug]/uploads/route";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { createProject } from "@/lib/data/projects";
import { createUser } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { dataCounts, tableCounts } from "../support/ingest";

// Each admin key stays under the 20 uploads a minute the API allows one user; "limited" is there to pass it.
const ADMINS = ["form", "form_errors", "dry", "limited"] as const;
const keys = {} as Record<"admin" | "marketing" | "sales" | (typeof ADMINS)[number], string>;
const projectIds: Record<string, string> = {};
let projectId = "";

beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "api-up", timezone: "UTC" })).id;
  for (const slug of ["form-raw", "form-fields", "form-query", "form-errors", "dry-api"])
    projectIds[slug] = (await createProject(cliActor, { slug, timezone: "UTC" })).id;
  for (const role of ["admin", "marketing", "sales"] as const) {
    await createUser(cliActor, { email: `${role}-up@example.com`, name: role, role, password: "long-enough-pw" });
    keys[role] = (await createApiKey(cliActor, { userEmail: `${role}-up@example.com`, name: role })).key;
  }
  for (const name of ADMINS) {
    await createUser(cliActor, { email: `${name}-up@example.com`, name, role: "admin", password: "long-enough-pw" });
    keys[name] = (await createApiKey(cliActor, { userEmail: `${name}-up@example.com`, name })).key;
  }
});

function send(slug: string, query: string, body: BodyInit, headers: Record<string, string>) {
  const req = new NextRequest(`http://localhost/api/v1/projects/${slug}/uploads?${query}`, { method: "POST", body, headers });
  return POST(req, { params: Promise.resolve({ slug }) });
}

function post(query: string, body: string, headers: Record<string, string> = {}, slug = "api-up") {
  return send(slug, query, body, { "content-type": "text/csv", ...headers });
}

type Part = { name: string; value: string } | { name: string; filename: string; content: string };

/** A multipart/form-data body written out by hand, as a client other than a browser would send it. */
function multipartBody(parts: Part[], { closed = true } = {}) {
  const boundary = "----journeylens-test-7MA4YWxkTrZu0gW";
  let body = "";
  for (const part of parts) {
    body += `--${boundary}\r\n`;
    body +=
      "filename" in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: text/csv\r\n\r\n${part.content}\r\n`
        : `Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`;
  }
  if (closed) body += `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

function postForm(slug: string, query: string, form: { body: string; type: string } | FormData, key: string) {
  const authorization = `Bearer ${key}`;
  return form instanceof FormData ? send(slug, query, form, { authorization }) : send(slug, query, form.body, { authorization, "content-type": form.type });
}

async function uploadRows(id: string) {
  const { pool } = await getDb();
  return Number((await pool.query("select count(*) from uploads where project_id = $1", [id])).rows[0].count);
}

const csv = "CustomerID,InvoiceDate,Quantity\n17850,2026-01-05 10:00,6\n17851,2026-01-05 11:00,2\n";

describe("POST /api/v1/projects/<slug>/uploads", () => {
  it("stores a CSV body for an admin key and answers the CLI's result object", async () => {
    const res = await post("kind=events&map=person=CustomerID&map=time=InvoiceDate&set=name=purchase", csv, { authorization: `Bearer ${keys.admin}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ project: "api-up", kind: "events", status: "stored", rowsRead: 2, rowsStored: 2, events: 2, peopleCreated: 2, skipped: {} });
  });

  it.each(["marketing", "sales"] as const)("refuses a %s key with 403 and stores nothing", async (role) => {
    const before = await dataCounts(projectId);
    const res = await post("kind=events&set=name=x", csv, { authorization: `Bearer ${keys[role]}` });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    expect(await dataCounts(projectId)).toEqual(before);
  });

  it("answers 401 without a valid key, 415 for a form post, 413 over the size limit, 400 with the rows' errors", async () => {
    expect((await post("kind=events", csv, { authorization: "Bearer jl_nope" })).status).toBe(401);
    const form = await post("kind=events", csv, { authorization: `Bearer ${keys.admin}`, "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const big = await post("kind=events", csv, { authorization: `Bearer ${keys.admin}`, "content-length": String(6 * 1024 ** 3) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toBe("The file is larger than 5 GiB, the upload limit.");
    const bad = await post("kind=events&map=person=CustomerID&map=time=InvoiceDate&set=name=x", csv.replace("2026-01-05 11:00", "soon"), {
      authorization: `Bearer ${keys.admin}`,
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.message).toBe('Row 3, column "InvoiceDate": "soon" is not a valid time.');
    expect(body.error.details.errors).toEqual([{ row: 3, column: "InvoiceDate", value: "soon", reason: "is not a valid time" }]);
  });
});

const OPTIONS = "kind=events&map=person=CustomerID&map=time=InvoiceDate&set=name=purchase";
const optionFields: Part[] = [
  { name: "kind", value: "events" },
  { name: "map", value: "person=CustomerID" },
  { name: "map", value: "time=InvoiceDate" },
  { name: "set", value: "name=purchase" },
];
const filePart: Part = { name: "file", filename: "orders.csv", content: csv };

describe("POST …/uploads with a multipart/form-data body", () => {
  it("stores the part \"file\" with the options as fields or in the query, answering exactly what the raw body answers", async () => {
    const raw = await post(`${OPTIONS}&file_name=orders.csv`, csv, { authorization: `Bearer ${keys.form}` }, "form-raw");
    expect(raw.status).toBe(200);
    const rawResult = await raw.json();
    // 82 bytes: a header of 32 and two rows of 25.
    expect(rawResult).toEqual({
      upload: expect.stringMatching(/^\d+$/),
      project: "form-raw",
      kind: "events",
      fileName: "orders.csv",
      status: "stored",
      rowsRead: 2,
      rowsStored: 2,
      skipped: {},
      events: 2,
      peopleCreated: 2,
      peopleUpdated: 0,
      bytes: 82,
      seconds: expect.any(Number),
      rowsPerSecond: expect.any(Number),
      problems: [],
      errors: [],
      duplicateOf: null,
    });
    const sameAsRaw = (project: string) => ({ ...rawResult, project, upload: expect.stringMatching(/^\d+$/), seconds: expect.any(Number), rowsPerSecond: expect.any(Number) });

    const fields = await postForm("form-fields", "", multipartBody([...optionFields, filePart]), keys.form);
    expect(fields.status).toBe(200);
    expect(await fields.json()).toEqual(sameAsRaw("form-fields"));

    // A browser's FormData, the kind in the query and the mapping as fields; the part's filename names the upload.
    const form = new FormData();
    for (const part of optionFields.slice(1)) if ("value" in part) form.append(part.name, part.value);
    form.append("file", new Blob([csv], { type: "text/csv" }), "orders.csv");
    const query = await postForm("form-query", "kind=events", form, keys.form);
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual(sameAsRaw("form-query"));
    for (const slug of ["form-raw", "form-fields", "form-query"])
      expect(await dataCounts(projectIds[slug]!)).toEqual({ people: 2, events: 2, campaign_sends: 0, spend: 0, stored_uploads: 1 });
  });

  it("takes file_name over the part's filename, and force and skip_invalid as fields", async () => {
    const bad = csv.replace("2026-01-05 11:00", "soon");
    const fields: Part[] = [...optionFields, { name: "skip_invalid", value: "true" }, { name: "force", value: "yes" }, { name: "file_name", value: "january.csv" }];
    const res = await postForm("form-fields", "", multipartBody([...fields, { ...filePart, content: bad }]), keys.form);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      fileName: "january.csv",
      rowsRead: 2,
      rowsStored: 1,
      skipped: { "invalid time": 1 },
      problems: ['Row 3, column "InvoiceDate": "soon" is not a valid time.'],
      errors: [{ row: 3, column: "InvoiceDate", value: "soon", reason: "is not a valid time" }],
    });
  });

  const refusals: [string, () => { body: string; type: string } | FormData, string, string?][] = [
    [
      "a field after the file",
      () => multipartBody([...optionFields, filePart, { name: "skip_invalid", value: "true" }]),
      'The form field "skip_invalid" comes after the file; send the options before the "file" part, or in the query string.',
    ],
    [
      "a second file",
      () => multipartBody([...optionFields, filePart, { name: "more", filename: "more.csv", content: csv }]),
      'The form has a second file (part "more"); send one file per upload.',
    ],
    [
      "a body cut off inside the file",
      () => multipartBody([...optionFields, filePart], { closed: false }),
      "The multipart/form-data body is malformed: it ends before its closing boundary.",
    ],
    [
      "no part named file",
      () => multipartBody(optionFields),
      'The form has no file part named "file"; send the CSV file in a part named "file".',
    ],
    ["a file part of another name", () => multipartBody([...optionFields, { ...filePart, name: "upload" }]), 'The form\'s file part is named "upload"; name it "file".'],
    [
      "the file sent as a text field",
      () => multipartBody([...optionFields, { name: "file", value: csv }]),
      'The form field "file" is text; send the file as a file part (with a filename) named "file".',
    ],
    [
      "a body that is not multipart at all",
      () => ({ body: csv, type: "multipart/form-data; boundary=nowhere" }),
      "The multipart/form-data body is malformed: it ends before its closing boundary.",
    ],
    ["a multipart type without a boundary", () => ({ body: csv, type: "multipart/form-data" }), "The multipart/form-data body is malformed: its Content-Type has no boundary."],
    [
      "an option both in the query and in the form",
      () => multipartBody([...optionFields, filePart]),
      'The option "kind" is given both in the query string and as a form field; give it in one place.',
      "kind=events",
    ],
    [
      "one field mapped both in the query and in the form",
      () => multipartBody([...optionFields.slice(0, 2), filePart]),
      'The option "map" for the field "person" is given both in the query string and as a form field; give it in one place.',
      "map=person=Customer",
    ],
    [
      "a field that is no option",
      () => multipartBody([...optionFields, { name: "skip-invalid", value: "true" }, filePart]),
      'The form field "skip-invalid" is not an upload option; the options are kind, map, set, separator, skip_invalid, force, date_order, file_name, dry_run, and the file goes in the part "file".',
    ],
  ];

  it.each(refusals)("refuses %s with 400 and stores nothing", async (_case, body, message, query = "") => {
    const before = await tableCounts();
    const res = await postForm("form-errors", query, body(), keys.form_errors);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid", message } });
    const after = await tableCounts();
    // Refusals found once the import has begun leave its record, failed; the data tables never change.
    expect({ ...after, uploads: before.uploads }).toEqual(before);
    expect(await dataCounts(projectIds["form-errors"]!)).toEqual({ people: 0, events: 0, campaign_sends: 0, spend: 0, stored_uploads: 0 });
  });

  it("rolls back a file already in staging when a field follows it", async () => {
    // 3,000 rows (about 80 KB): more than the 64 KB sniffed up front, so the rows are being COPYed when the late
    // field turns up, and the refusal has to undo them.
    const rows = Array.from({ length: 3000 }, (_, i) => `late-${i},2026-01-05 10:00,${i}`);
    const big = `CustomerID,InvoiceDate,Quantity\n${rows.join("\n")}\n`;
    const before = await uploadRows(projectIds["form-errors"]!);
    const res = await postForm("form-errors", "", multipartBody([...optionFields, { ...filePart, content: big }, { name: "force", value: "true" }]), keys.form_errors);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe('The form field "force" comes after the file; send the options before the "file" part, or in the query string.');
    expect(await dataCounts(projectIds["form-errors"]!)).toEqual({ people: 0, events: 0, campaign_sends: 0, spend: 0, stored_uploads: 0 });
    const { pool } = await getDb();
    const { rows: last } = await pool.query("select status, error_report from uploads where project_id = $1 order by id desc limit 1", [projectIds["form-errors"]]);
    expect(await uploadRows(projectIds["form-errors"]!)).toBe(before + 1);
    expect(last[0]).toEqual({ status: "failed", error_report: { message: 'The form field "force" comes after the file; send the options before the "file" part, or in the query string.', errors: [] } });
  });

  it("answers 413 over the size limit and 429 past the rate limit, as for a raw body", async () => {
    const big = await send("form-errors", "", multipartBody([...optionFields, filePart]).body, {
      authorization: `Bearer ${keys.form_errors}`,
      "content-type": multipartBody([]).type,
      "content-length": String(6 * 1024 ** 3),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toBe("The file is larger than 5 GiB, the upload limit.");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await postForm("form-errors", "", multipartBody(optionFields), keys.limited)).status);
    expect(statuses).toEqual([...Array(20).fill(400), 429]);
  });
});

describe("POST …/uploads?dry_run=true", () => {
  it("checks every row, answers the stored result's shape with status validated, and stores nothing", async () => {
    const before = await tableCounts();
    const res = await post(`${OPTIONS}&dry_run=true&skip_invalid=true`, csv.replace("2026-01-05 11:00", "soon"), { authorization: `Bearer ${keys.dry}` }, "dry-api");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      upload: null,
      project: "dry-api",
      kind: "events",
      fileName: "api-upload.csv",
      status: "validated",
      rowsRead: 2,
      rowsStored: 1,
      skipped: { "invalid time": 1 },
      events: 1,
      peopleCreated: 1,
      peopleUpdated: 0,
      bytes: 70,
      seconds: expect.any(Number),
      rowsPerSecond: expect.any(Number),
      problems: ['Row 3, column "InvoiceDate": "soon" is not a valid time.'],
      errors: [{ row: 3, column: "InvoiceDate", value: "soon", reason: "is not a valid time" }],
      duplicateOf: null,
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("answers a file with invalid rows with the 400 body of a real upload, leaving no upload record", async () => {
    const before = await tableCounts();
    const bad = csv.replace("2026-01-05 11:00", "soon");
    const res = await post(`${OPTIONS}&dry_run=1`, bad, { authorization: `Bearer ${keys.dry}` }, "dry-api");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "invalid",
        message: 'Row 3, column "InvoiceDate": "soon" is not a valid time.',
        details: { errors: [{ row: 3, column: "InvoiceDate", value: "soon", reason: "is not a valid time" }] },
      },
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("takes dry_run as a form field, and warns of a file stored before instead of refusing it", async () => {
    const stored = await (await post(OPTIONS, csv, { authorization: `Bearer ${keys.dry}` }, "dry-api")).json();
    const { pool } = await getDb();
    const { rows } = await pool.query("select finished_at from uploads where id = $1", [stored.upload]);
    const before = await tableCounts();
    const res = await postForm("dry-api", "", multipartBody([...optionFields, { name: "dry_run", value: "true" }, filePart]), keys.dry);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      upload: null,
      status: "validated",
      fileName: "orders.csv",
      rowsRead: 2,
      rowsStored: 2,
      events: 2,
      peopleCreated: 0,
      peopleUpdated: 0,
      duplicateOf: { upload: stored.upload, storedAt: rows[0].finished_at.toISOString() },
    });
    expect(await tableCounts()).toEqual(before);
  });
});
