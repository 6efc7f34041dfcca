import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/projects/[slug]/events/route";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { createProject } from "@/lib/data/projects";
import { createUser } from "@/lib/data/users";

const keys: Record<string, string> = {};
let projectId = "";

beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "push", timezone: "America/New_York" })).id;
  for (const role of ["admin", "sales"] as const) {
    await createUser(cliActor, { email: `${role}-push@example.com`, name: role, role, password: "long-enough-pw" });
    keys[role] = (await createApiKey(cliActor, { userEmail: `${role}-push@example.com`, name: role })).key;
  }
});

function post(body: string, key = keys.admin) {
  const req = new NextRequest("http://localhost/api/v1/projects/push/events", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
  });
  return POST(req, { params: Promise.resolve({ slug: "push" }) });
}

describe("POST /api/v1/projects/<slug>/events", () => {
  it("stores a batch, times read in the project's zone unless they carry one", async () => {
    const res = await post(
      JSON.stringify({
        events: [
          { person: "a", name: "signup", time: "2026-01-05 10:00", properties: { plan: "Annual", seats: 3 } },
          { person: 42, name: "order", time: "2026-01-05T16:00:00Z", revenue: 19.99, session: "s1" },
          { person: "a", name: "open", time: 1767628800 },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ events: 3, peopleCreated: 2 });
    const { pool } = await getDb();
    const { rows } = await pool.query("select person_id, name, occurred_at, revenue, properties from events where project_id = $1 order by occurred_at, name", [projectId]);
    expect(rows.map((r) => [r.person_id, r.name, r.occurred_at.toISOString(), r.revenue, r.properties])).toEqual([
      ["a", "signup", "2026-01-05T15:00:00.000Z", null, { plan: "Annual", seats: 3 }],
      ["a", "open", "2026-01-05T16:00:00.000Z", null, {}],
      ["42", "order", "2026-01-05T16:00:00.000Z", 19.99, {}],
    ]);
  });

  it("refuses a bad batch whole, naming the event and field", async () => {
    const { pool } = await getDb();
    const count = async () => (await pool.query("select count(*) as n from events where project_id = $1", [projectId])).rows[0].n;
    const before = await count();
    const bad = await post(JSON.stringify({ events: [{ person: "b", name: "x", time: "2026-01-05" }, { person: "c", name: "x", time: "later" }] }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe('events[1].time: "later" is not a valid time.');
    const empty = await post(JSON.stringify({ events: [{ person: "", name: "x", time: "2026-01-05" }] }));
    expect((await empty.json()).error.message).toBe("events[0].person: person is empty");
    const many = await post(JSON.stringify({ events: Array.from({ length: 1001 }, () => ({ person: "p", name: "x", time: "2026-01-05" })) }));
    expect((await many.json()).error.message).toBe("events: Send at most 1000 events per request.");
    expect((await post("{not json")).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("refuses a sales key with 403", async () => {
    expect((await post(JSON.stringify({ events: [{ person: "s", name: "x", time: "2026-01-05" }] }), keys.sales)).status).toBe(403);
  });
});
