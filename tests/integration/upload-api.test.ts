import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/projects/[slug]/uploads/route";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { createProject } from "@/lib/data/projects";
import { createUser } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { dataCounts, tableCounts } from "../support/ingest";

// Each admin key stays under the 20 uploads a minute the API allows one user.
const ADMINS = ["dry"] as const;
const keys = {} as Record<"admin" | "marketing" | "sales" | (typeof ADMINS)[number], string>;
let projectId = "";

beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "api-up", timezone: "UTC" })).id;
  await createProject(cliActor, { slug: "dry-api", timezone: "UTC" });
  for (const role of ["admin", "marketing", "sales"] as const) {
    await createUser(cliActor, { email: `${role}-up@example.com`, name: role, role, password: "long-enough-pw" });
    keys[role] = (await createApiKey(cliActor, { userEmail: `${role}-up@example.com`, name: role })).key;
  }
  for (const name of ADMINS) {
    await createUser(cliActor, { email: `${name}-up@example.com`, name, role: "admin", password: "long-enough-pw" });
    keys[name] = (await createApiKey(cliActor, { userEmail: `${name}-up@example.com`, name })).key;
  }
});

function post(query: string, body: string, headers: Record<string, string> = {}, slug = "api-up") {
  const req = new NextRequest(`http://localhost/api/v1/projects/${slug}/uploads?${query}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/csv", ...headers },
  });
  return POST(req, { params: Promise.resolve({ slug }) });
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

  it("warns of a file stored before instead of refusing it", async () => {
    const stored = await (await post(OPTIONS, csv, { authorization: `Bearer ${keys.dry}` }, "dry-api")).json();
    const { pool } = await getDb();
    const { rows } = await pool.query("select finished_at from uploads where id = $1", [stored.upload]);
    const before = await tableCounts();
    const res = await post(`${OPTIONS}&dry_run=true`, csv, { authorization: `Bearer ${keys.dry}` }, "dry-api");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      upload: null,
      status: "validated",
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
