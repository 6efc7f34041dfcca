import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { actorForApiKey } from "@/lib/data/api-keys";
import { runReport } from "@/lib/data/reports";
import { createFixtureProject } from "../support/fixtures";

const run = promisify(execFile);

/** Runs ./bin/journeylens on the test database; resolves with the exit code and both outputs. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run("./bin/journeylens", args, { env: process.env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  await createFixtureProject("cli-shop", "Europe/Berlin", [{ id: "p1", plan: "Annual" }, { id: "p2" }], [
    { person: "p1", name: "Order", at: "2026-02-01T10:00:00Z", properties: { Quantity: 3 } },
    { person: "p1", name: "Order", at: "2026-02-02T10:00:00Z", properties: { Quantity: -1 } },
    { person: "p2", name: "View", at: "2026-02-02T23:30:00Z" },
  ]);
});

describe("journeylens CLI", () => {
  it("creates and lists projects, refusing a bad time zone with a clear message", async () => {
    expect(await cli("project", "create", "cli-new", "--name", "New Shop", "--timezone", "Asia/Tokyo")).toMatchObject({
      code: 0,
      stdout: "Created project cli-new (New Shop, Asia/Tokyo).\n",
    });
    const bad = await cli("project", "create", "cli-bad", "--timezone", "Mars/Olympus");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Mars/Olympus is not an IANA time zone");
    expect((await cli("project", "list")).stdout).toMatch(/cli-new\s+New Shop\s+Asia\/Tokyo/);
    const { pool } = await getDb();
    const audit = await pool.query("select via, user_id from audit_log where action = 'project.create' and target = 'cli-new'");
    expect(audit.rows).toEqual([{ via: "cli", user_id: null }]);
  });

  it("manages users: create, set role, disable", async () => {
    expect((await cli("user", "create", "--email", "Kim@Example.com", "--name", "Kim", "--role", "sales", "--password", "long-enough-pw")).stdout).toBe(
      "Created sales kim@example.com.\n",
    );
    expect((await cli("user", "create", "--email", "kim@example.com", "--name", "Kim", "--role", "sales", "--password", "long-enough-pw")).stderr).toContain(
      "already exists",
    );
    expect((await cli("user", "set-role", "kim@example.com", "marketing")).stdout).toBe("kim@example.com is now marketing.\n");
    expect((await cli("user", "set-role", "kim@example.com", "boss")).stderr).toContain("Role must be one of admin, marketing, sales.");
    expect((await cli("user", "disable", "kim@example.com")).stdout).toBe("kim@example.com is disabled.\n");
    expect((await cli("user", "list")).stdout).toMatch(/kim@example.com\s+Kim\s+marketing\s+disabled/);
    expect((await cli("user", "disable", "kim@example.com", "--enable")).stdout).toBe("kim@example.com is enabled.\n");
  });

  it("creates a key that acts as its user, and revokes it", async () => {
    await cli("user", "create", "--email", "keyholder@example.com", "--name", "K", "--role", "sales", "--password", "long-enough-pw");
    const created = JSON.parse((await cli("apikey", "create", "--user", "keyholder@example.com", "--name", "sync", "--json")).stdout);
    expect(await actorForApiKey(created.key)).toMatchObject({ via: "api_key", email: "keyholder@example.com", role: "sales" });
    expect((await cli("apikey", "revoke", created.id)).code).toBe(0);
    expect(await actorForApiKey(created.key)).toBeNull();
    expect(await actorForApiKey("jl_not-a-key")).toBeNull();
  });

  it("reports the same numbers as the data layer, as JSON and as CSV", async () => {
    const args = ["report", "overview", "--project", "cli-shop", "--as_of", "2026-02-03", "--where", "Quantity > 0"];
    const json = JSON.parse((await cli(...args, "--format", "json")).stdout);
    const direct = await runReport(cliActor, "cli-shop", "overview", { as_of: "2026-02-03", where: "Quantity > 0" });
    expect(json.result).toEqual(direct.result);
    expect(json.result.totals).toMatchObject({ events: 1, people: 1 });
    // p2's View at 23:30 UTC is Feb 3, 00:30 in Berlin.
    const all = await cli("report", "overview", "--project", "cli-shop", "--as_of", "2026-02-03", "--format", "csv");
    expect(all.stdout).toBe("day,events,people\r\n2026-02-01,1,1\r\n2026-02-02,1,1\r\n2026-02-03,1,1\r\n");
  });

  it("explains bad calls and exits non-zero", async () => {
    expect(await cli("report", "overview", "--project", "cli-shop", "--as_of", "soon")).toMatchObject({ code: 2 });
    expect((await cli("report", "overview", "--project", "nowhere")).stderr).toBe('journeylens: No project "nowhere".\n');
    expect((await cli("report", "funnel-of-dreams", "--project", "cli-shop")).stderr).toContain('No report kind "funnel-of-dreams"');
    expect((await cli("report", "overview")).stderr).toContain("--project is required");
    expect((await cli("frobnicate")).code).toBe(2);
  });
});
