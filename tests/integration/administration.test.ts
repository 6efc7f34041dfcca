import { beforeAll, describe, expect, it } from "vitest";
import { cliActor, type Actor } from "@/lib/data/actor";
import { listAudit } from "@/lib/data/audit";
import { createDashboard } from "@/lib/data/dashboards";
import { acceptInvitation, createInvitation, invitationFor, listInvitations, revokeInvitation } from "@/lib/data/invitations";
import { deleteProject, getProject, updateProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { createShare, openShare, recordShareView, revokeShare } from "@/lib/data/shares";
import { createUser, setUserDisabled, signInWithSso, verifyCredentials } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { projectEventsTable } from "@/lib/ingest/event-segment";
import { createFixtureProject } from "../support/fixtures";

const sales: Actor = { via: "cli", userId: null, email: null, role: "sales" };
const code = (run: Promise<unknown>) => run.then(() => "ok", (e: { code?: string }) => e.code ?? String(e));
const tokenOf = (path: string) => path.split("/").at(-1)!;

beforeAll(async () => {
  // 23:30 UTC on 5 January is the 5th in London and the 6th in Tokyo.
  await createFixtureProject("admin-zone", "UTC", [{ id: "a" }], [{ person: "a", name: "Visit", at: "2026-01-05T23:30:00Z" }]);
  // 23:30 UTC on Sunday 4 January is in the week of 29 December in UTC and on Monday 5 January in Tokyo.
  await createFixtureProject("admin-weeks", "UTC", [{ id: "a" }], [{ person: "a", name: "Visit", at: "2026-01-04T23:30:00Z", properties: { Quantity: 1 } }]);
  await createFixtureProject("admin-gone", "UTC", [{ id: "a" }, { id: "b" }], [{ person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
});

describe("projects", () => {
  it("are renamed and moved to another zone, whose days every report then uses at once", async () => {
    const params = { from: "2026-01-01", to: "2026-01-10", as_of: "2026-01-10" };
    const day = async () => (await runReport(cliActor, "admin-zone", "overview", params)).result.perDay.find((d) => d.events > 0)?.day;
    expect(await day()).toBe("2026-01-05");
    const moved = await updateProject(cliActor, "admin-zone", { name: "Zone shop", timezone: "Asia/Tokyo" });
    expect([moved.name, moved.timezone]).toEqual(["Zone shop", "Asia/Tokyo"]);
    expect(await day()).toBe("2026-01-06"); // not the cached answer of the old zone
    await expect(updateProject(cliActor, "admin-zone", { timezone: "Mars/Olympus" })).rejects.toThrow("Mars/Olympus is not an IANA time zone");
    expect(await code(updateProject(sales, "admin-zone", { name: "x" }))).toBe("forbidden");
  });

  it("moved to another zone, count their weeks in it: the activity rollup is rebuilt in the new zone", async () => {
    const cohorts = async (where?: string) => {
      const params = { period: "week", periods: "2", as_of: "2026-01-11", ...(where ? { where } : {}) };
      const r = (await runReport(cliActor, "admin-weeks", "retention", params)).result as RetentionResult;
      return { source: r.source, cohorts: r.groups[0]!.cohorts.map((c) => [c.cohort, c.size]) };
    };
    expect(await cohorts()).toEqual({ source: "rollup", cohorts: [["2025-12-29", 1], ["2026-01-05", 0]] });
    await updateProject(cliActor, "admin-weeks", { timezone: "Asia/Tokyo" });
    const tokyo = { cohorts: [["2025-12-29", 0], ["2026-01-05", 1]] };
    expect(await cohorts()).toEqual({ source: "rollup", ...tokyo });
    expect(await cohorts("Quantity is_set")).toEqual({ source: "events", ...tokyo });
  });

  it("are deleted with all their data once their slug is typed", async () => {
    const project = await getProject(cliActor, "admin-gone");
    await createDashboard(cliActor, "admin-gone", "Board", ["overview"]);
    await expect(deleteProject(cliActor, "admin-gone", "admin")).rejects.toThrow("Type the project's slug, admin-gone, to confirm");
    expect(await code(deleteProject(sales, "admin-gone", "admin-gone"))).toBe("forbidden");
    await deleteProject(cliActor, "admin-gone", "admin-gone");
    expect(await code(getProject(cliActor, "admin-gone"))).toBe("not_found");
    const { pool } = await getDb();
    const left = await pool.query(
      `select (select count(*) from people where project_id = $1)::int as people, (select count(*) from dashboards where project_id = $1)::int as boards,
              to_regclass($2) is null as events_dropped`,
      [project.id, projectEventsTable(project.id)],
    );
    expect(left.rows[0]).toEqual({ people: 0, boards: 0, events_dropped: true });
  });
});

describe("invitations", () => {
  it("let someone join once with the invited email and role, before the link expires", async () => {
    const invitation = await createInvitation(cliActor, { email: "Newcomer@Example.com", role: "marketing" });
    expect(invitation.path).toMatch(/^\/invite\/[\w-]{43}$/);
    expect(await invitationFor(tokenOf(invitation.path))).toEqual({ email: "newcomer@example.com", role: "marketing" });
    expect((await listInvitations(cliActor)).map((i) => i.email)).toContain("newcomer@example.com");
    await expect(acceptInvitation(tokenOf(invitation.path), { name: "New", password: "password123" })).rejects.toThrow();
    expect(await acceptInvitation(tokenOf(invitation.path), { name: "New Comer", password: "a-long-enough-secret-1" })).toEqual({ email: "newcomer@example.com" });
    expect((await verifyCredentials("newcomer@example.com", "a-long-enough-secret-1"))?.role).toBe("marketing");
    expect(await code(acceptInvitation(tokenOf(invitation.path), { name: "Again", password: "a-long-enough-secret-1" }))).toBe("not_found");
    expect(await code(createInvitation(cliActor, { email: "newcomer@example.com", role: "sales" }))).toBe("conflict");

    const revoked = await createInvitation(cliActor, { email: "revoked@example.com", role: "sales" });
    await revokeInvitation(cliActor, revoked.id);
    expect(await code(invitationFor(tokenOf(revoked.path)))).toBe("not_found");
    const expired = await createInvitation(cliActor, { email: "late@example.com", role: "sales" });
    await (await getDb()).prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await code(invitationFor(tokenOf(expired.path)))).toBe("not_found");
    expect(await code(createInvitation(sales, { email: "x@example.com", role: "admin" }))).toBe("forbidden");
  });
});

describe("the audit log", () => {
  it("keeps sign-ins and failed sign-ins, role changes, and links made, used and revoked; filtered; administrators only", async () => {
    await createUser(cliActor, { email: "audited@example.com", name: "Audited", role: "sales", password: "quiet-harbour-lantern-7" });
    await verifyCredentials("audited@example.com", "quiet-harbour-lantern-7", "203.0.113.9");
    await verifyCredentials("audited@example.com", "wrong-password-here", "198.51.100.4");
    await verifyCredentials("nobody@example.com", "wrong-password-here", "198.51.100.4");
    const signIns = await listAudit(cliActor, { action: "auth.", target: "example.com" });
    const mine = signIns.entries.filter((e) => e.target === "audited@example.com" || e.target === "nobody@example.com");
    expect(mine.map((e) => [e.action, e.user, e.target, e.details])).toEqual([
      ["auth.sign_in_failed", null, "nobody@example.com", { address: "198.51.100.4", reason: "no such user" }],
      ["auth.sign_in_failed", null, "audited@example.com", { address: "198.51.100.4", reason: "wrong password" }],
      ["auth.sign_in", "audited@example.com", "audited@example.com", { address: "203.0.113.9" }],
    ]);

    await createFixtureProject("admin-audit", "UTC", [{ id: "a" }], [{ person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
    const board = await createDashboard(cliActor, "admin-audit", "Board", ["overview"]);
    const link = await createShare(cliActor, "admin-audit", { dashboard: board.id });
    await recordShareView(await openShare(link.token, () => undefined), "192.0.2.1");
    await revokeShare(cliActor, link.id);
    const shares = await listAudit(cliActor, { action: "share.", target: link.id });
    expect(shares.entries.map((e) => [e.action, e.via, e.details.address ?? null])).toEqual([
      ["share.revoke", "cli", null],
      ["share.view", "share", "192.0.2.1"],
      ["share.create", "cli", null],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAudit(cliActor, { action: "share.create", target: link.id, from: today, to: today })).total).toBe(1);
    expect((await listAudit(cliActor, { action: "share.create", target: link.id, to: "2020-01-01" })).total).toBe(0);
    await expect(listAudit(cliActor, { from: "yesterday" })).rejects.toThrow("from is a date");
    expect(await code(listAudit(sales, {}))).toBe("forbidden");
  });
});

describe("single sign-on accounts", () => {
  it("are made on the first sign-in, take the claim's role at each, have no password, and stay out once disabled", async () => {
    const first = await signInWithSso({ email: "Sso.User@Example.com", name: "Sso User", role: "sales" }, "203.0.113.5");
    const { prisma } = await getDb();
    expect(await prisma.user.findUniqueOrThrow({ where: { id: first.id }, select: { email: true, role: true } })).toEqual({ email: "sso.user@example.com", role: "sales" });
    expect(await verifyCredentials("sso.user@example.com", "!sso")).toBeNull();
    const second = await signInWithSso({ email: "sso.user@example.com", name: "Sso User", role: "marketing" }, "203.0.113.5");
    expect(second.id).toBe(first.id);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: first.id } })).role).toBe("marketing");
    // The role changed: the earlier session ended.
    expect((await prisma.session.findUniqueOrThrow({ where: { id: first.sid } })).endedAt).not.toBeNull();
    expect((await listAudit(cliActor, { action: "auth.sign_in", target: "sso.user@example.com" })).entries[0]!.details).toEqual({ address: "203.0.113.5", method: "sso" });
    await setUserDisabled(cliActor, "sso.user@example.com", true);
    await expect(signInWithSso({ email: "sso.user@example.com", name: "x", role: "admin" }, "203.0.113.5")).rejects.toThrow("This account is disabled.");
  });
});
