import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { actorForApiKey } from "@/lib/data/api-keys";
import { runReport } from "@/lib/data/reports";
import { createFixtureProject } from "../support/fixtures";
import { tableCounts } from "../support/ingest";

/** Runs ./bin/journeylens on the test database with `input` on standard input; the exit code and both outputs. */
function cliWith(input: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("./bin/journeylens", args, { env: process.env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}
const cli = (...args: string[]) => cliWith("", ...args);

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
    const kim = ["user", "create", "--email", "Kim@Example.com", "--name", "Kim", "--role", "sales"];
    expect((await cliWith("long-enough-pw\n", ...kim)).stdout).toBe("Created sales kim@example.com.\n");
    expect((await cliWith("long-enough-pw\n", ...kim)).stderr).toContain("already exists");
    // Passwords come on standard input (or at a prompt), never as arguments, and follow the rules.
    expect(await cli(...kim, "--password", "long-enough-pw")).toMatchObject({ code: 2 });
    const lee = ["user", "create", "--email", "lee@example.com", "--name", "Lee", "--role", "sales"];
    expect((await cliWith("short-pw\n", ...lee)).stderr).toBe("journeylens: A password needs at least 12 characters.\n");
    expect((await cliWith("password1234\n", ...lee)).stderr).toBe("journeylens: That password is one of the most common ones. Choose another.\n");
    expect((await cli(...lee)).stderr).toBe("journeylens: Password: standard input held no password\nUsage: journeylens user create --email <email> --name <name> --role admin|marketing|sales\n");
    expect((await cli("user", "set-role", "kim@example.com", "marketing")).stdout).toBe("kim@example.com is now marketing.\n");
    expect((await cli("user", "set-role", "kim@example.com", "boss")).stderr).toContain("Role must be one of admin, marketing, sales.");
    expect((await cli("user", "disable", "kim@example.com")).stdout).toBe("kim@example.com is disabled.\n");
    expect((await cli("user", "list")).stdout).toMatch(/kim@example.com\s+Kim\s+marketing\s+disabled/);
    expect((await cli("user", "disable", "kim@example.com", "--enable")).stdout).toBe("kim@example.com is enabled.\n");
  });

  it("creates a key that acts as its user, and revokes it", async () => {
    await cliWith("long-enough-pw\n", "user", "create", "--email", "keyholder@example.com", "--name", "K", "--role", "sales");
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

  it("prints a long report whole into a pipe", async () => {
    // Eleven years of days, several hundred KB of JSON: a pipe takes 64 KB at a time.
    const long = await cli("report", "overview", "--project", "cli-shop", "--from", "2015-01-01", "--as_of", "2026-02-03", "--format", "json");
    expect(long.stdout.length).toBeGreaterThan(4 * 65536);
    const days = JSON.parse(long.stdout).result.perDay as { day: string; events: number }[];
    expect([days.length, days[0], days.at(-1)]).toEqual([4052, { day: "2015-01-01", events: 0, people: 0 }, { day: "2026-02-03", events: 1, people: 1 }]);
  });

  it("checks a file with --dry-run, storing nothing; exit code 0 only when the import would store it", async () => {
    await cli("project", "create", "cli-dry", "--timezone", "UTC");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-cli-"));
    const file = path.join(dir, "orders.csv");
    fs.writeFileSync(file, "CustomerID,InvoiceDate\nc1,2026-03-01 10:00\nc2,soon\nc1,2026-03-02 10:00\n");
    const args = ["import", file, "--project", "cli-dry", "--as", "events", "--map", "person=CustomerID", "--map", "time=InvoiceDate", "--set", "name=order"];
    const before = await tableCounts();
    const checked = await cli(...args, "--skip-invalid", "--dry-run");
    expect(checked.code).toBe(0);
    const lines = checked.stdout.split("\n");
    expect(lines[0]).toMatch(/^Checked every row of orders\.csv \(events\) for cli-dry; nothing was stored\. 2 of 3 rows would be stored \([\d.]+ s, [\d,]+ rows\/s\)\.$/);
    expect(lines.slice(1)).toEqual([
      "  events: 2, people created: 1, updated: 0",
      "  skipped, invalid time: 1",
      '  Row 3, column "InvoiceDate": "soon" is not a valid time.',
      "",
    ]);
    expect(await tableCounts()).toEqual(before);

    const refused = await cli(...args, "--dry-run");
    expect(refused).toMatchObject({ code: 1, stdout: "", stderr: 'journeylens: Row 3, column "InvoiceDate": "soon" is not a valid time.\n' });
    expect(await tableCounts()).toEqual(before);

    const stored = JSON.parse((await cli(...args, "--skip-invalid", "--json")).stdout);
    const again = await cli(...args, "--skip-invalid", "--dry-run", "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "validated", upload: null, rowsStored: 2, peopleCreated: 0, duplicateOf: { upload: stored.upload } });
    expect(again.stderr).toMatch(new RegExp(`^journeylens: This file was already stored in this project \\(upload #${stored.upload}, [\\d-]+ [\\d:]+ UTC\\)\\. Upload it with force to store it again\\.\n$`));
    const forced = await cli(...args, "--skip-invalid", "--dry-run", "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`  This file was stored before (upload #${stored.upload}); --force stores it again.\n`);
    fs.rmSync(dir, { recursive: true });
  });

  it("explains bad calls and exits non-zero", async () => {
    expect(await cli("report", "overview", "--project", "cli-shop", "--as_of", "soon")).toMatchObject({ code: 2 });
    expect((await cli("report", "overview", "--project", "nowhere")).stderr).toBe('journeylens: No project "nowhere".\n');
    expect((await cli("report", "funnel-of-dreams", "--project", "cli-shop")).stderr).toContain('No report kind "funnel-of-dreams"');
    expect((await cli("report", "overview")).stderr).toContain("--project is required");
    expect((await cli("frobnicate")).code).toBe(2);
  });

  it("refuses a parameter no report reads and a property the project lacks, with the page's and the API's words", async () => {
    const typo = await cli("report", "retention", "--project", "cli-shop", "--perods", "6");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^journeylens: Unknown parameter "perods"\. Did you mean "periods"\? Valid parameters: as_of, where, /);
    const property = await cli("report", "retention", "--project", "cli-shop", "--where", "person.constructor = x");
    expect(property.code).toBe(2);
    expect(property.stderr).toMatch(/^journeylens: where: this project has no person property "constructor"\./);
    const range = await cli("report", "overview", "--project", "cli-shop", "--from", "2026-02-10", "--to", "2026-02-01");
    expect(range).toMatchObject({ code: 2, stderr: "journeylens: from (2026-02-10) is after to (2026-02-01).\n" });
  });

  it("runs with an event name the project lacks, and says so: in the JSON, and on standard error beside a CSV", async () => {
    const args = ["report", "retention", "--project", "cli-shop", "--as-of", "2026-03-01", "--return", "Ordr"];
    const json = await cli(...args);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).warnings).toEqual(['return: no event named "Ordr"; did you mean "Order"?']);
    const csv = await cli(...args, "--format", "csv");
    expect(csv).toMatchObject({ code: 0, stderr: 'journeylens: warning: return: no event named "Ordr"; did you mean "Order"?\n' });
  });

  it("runs a report's drill-down as the API does: a page as JSON, every row as CSV", async () => {
    const cell = ["--period", "day", "--as-of", "2026-02-03", "--cell-cohort", "2026-02-01", "--cell-period", "0"];
    const json = await cli("report", "retention", "--project", "cli-shop", "--drilldown", "people", ...cell);
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout);
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(page.people.map((p: { person: string; plan: string }) => [p.person, p.plan])).toEqual([["p1", "Annual"]]);
    const csv = await cli("report", "retention", "--project", "cli-shop", "--drilldown", "people", ...cell, "--format", "csv");
    expect(csv.stdout.split("\r\n").slice(0, 2)).toEqual([
      "person,plan,source,platform,country,signup_at,cohort_at,last_activity,properties",
      "p1,Annual,,,,,2026-02-01 11:00:00,2026-02-02 11:00:00,{}",
    ]);
    expect((await cli("report", "retention", "--project", "cli-shop", "--drilldown", "nobody")).stderr).toBe(
      'journeylens: The retention report has no drill-down "nobody". Its drill-downs: people.\n',
    );
  });
});

describe("journeylens CLI: dashboards and share links", () => {
  it("creates a dashboard of report tiles, shares it with an expiring locked link, lists and revokes the link", async () => {
    const board = await cli("dashboard", "create", "--project", "cli-shop", "--name", "Weekly", "--tile", "overview", "--tile", "retention?period=week", "--json");
    expect(board.code).toBe(0);
    const dashboard = JSON.parse(board.stdout) as { id: string; url: string };
    expect(dashboard.url).toMatch(/\/p\/cli-shop\/dashboards\//);
    const listed = JSON.parse((await cli("dashboard", "list", "--project", "cli-shop", "--json")).stdout) as { id: string; name: string; tiles: number }[];
    expect(listed.find((d) => d.id === dashboard.id)).toMatchObject({ name: "Weekly", tiles: 2 });

    const made = await cli("share", "create", "--project", "cli-shop", "--dashboard", dashboard.id, "--expires", "1d", "--lock", "person.plan = Annual", "--allow-csv", "--json");
    expect(made.code).toBe(0);
    const share = JSON.parse(made.stdout) as { id: string; url: string; expiresAt: string };
    expect(share.url).toMatch(/\/s\/[A-Za-z0-9_-]{22,}$/);
    const hours = (Date.parse(share.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const live = JSON.parse((await cli("share", "list", "--project", "cli-shop", "--json")).stdout) as { id: string; locks: string[]; allowCsv: boolean }[];
    expect(live.find((s) => s.id === share.id)).toMatchObject({ locks: ["person.plan = Annual"], allowCsv: true });
    // The token is shown once: the list never has it.
    expect(JSON.stringify(live)).not.toContain(share.url.split("/").pop()!);

    expect(JSON.parse((await cli("share", "revoke", share.id, "--json")).stdout)).toEqual({ id: share.id, revoked: true });
    const after = JSON.parse((await cli("share", "list", "--project", "cli-shop", "--json")).stdout) as { id: string }[];
    expect(after.map((s) => s.id)).not.toContain(share.id);
    const both = await cli("share", "create", "--project", "cli-shop", "--dashboard", dashboard.id, "--report", "overview");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --dashboard <id> or --report "<report>?<params>"');
  });
});
