import crypto from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as sharedReportRoute } from "@/app/s/[token]/api/reports/[kind]/route";
import { cliActor, type Actor } from "@/lib/data/actor";
import { createDashboard, getDashboard, listDashboards } from "@/lib/data/dashboards";
import { reportCsv, runDrilldown, runReport } from "@/lib/data/reports";
import { listSavedReports } from "@/lib/data/saved-reports";
import { createShare, listShares, openShare, recordShareView, revokeShare, rotateShare, shareViews, unlockShare } from "@/lib/data/shares";
import { createUser } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { createFixtureProject } from "../support/fixtures";

let marketing: Actor;
let otherMarketing: Actor;
const sales: Actor = { via: "cli", userId: null, email: null, role: "sales" };
const overviewTile = { from: "2026-01-01", to: "2026-01-31", as_of: "2026-02-01" };
let board = "";
let otherBoard = "";

async function userActor(email: string, role: "marketing" | "admin"): Promise<Actor> {
  const user = await createUser(cliActor, { email, name: email, role, password: "long-enough-pw" });
  return { via: "user", userId: user.id, email, role };
}

const code = (run: Promise<unknown>) => run.then(() => "ok", (e: { code?: string }) => e.code ?? String(e));
const noCookie = () => undefined;

beforeAll(async () => {
  await createFixtureProject(
    "sharing",
    "UTC",
    [{ id: "a", plan: "Pro", signup: "2026-01-05T10:00:00Z" }, { id: "b", plan: "Free", signup: "2026-01-05T11:00:00Z" }],
    [
      { person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" },
      { person: "a", name: "Visit", at: "2026-01-13T10:00:00Z" },
      { person: "b", name: "Visit", at: "2026-01-05T11:00:00Z" },
      { person: "b", name: "Visit", at: "2026-01-12T11:00:00Z" },
    ],
  );
  await createFixtureProject("sharing-other", "UTC", [{ id: "z" }], [{ person: "z", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
  marketing = await userActor("share-mkt@example.com", "marketing");
  otherMarketing = await userActor("share-mkt2@example.com", "marketing");
  board = (await createDashboard(marketing, "sharing", "Shared board", ["overview?from=2026-01-01&to=2026-01-31&as_of=2026-02-01", "retention?period=week&as_of=2026-02-01"])).id;
  otherBoard = (await createDashboard(marketing, "sharing", "Not shared")).id;
});

describe("share links", () => {
  it("store a random token only as its digest, expire in 30 days by default, and hash a password with Argon2id", async () => {
    const before = Date.now();
    const link = await createShare(marketing, "sharing", { dashboard: board, password: "open sesame" });
    expect(link.token).toMatch(/^[\w-]{32}$/); // 24 random bytes: 192 bits
    const row = await (await getDb()).prisma.shareLink.findUniqueOrThrow({ where: { id: BigInt(link.id) } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(link.token).digest("hex"));
    expect(row.tokenHash).not.toContain(link.token);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(Math.round((row.expiresAt.getTime() - before) / 86_400_000)).toBe(30);
    const oneDay = await createShare(marketing, "sharing", { dashboard: board, expires: "1d" });
    expect(Math.round((new Date(oneDay.expiresAt).getTime() - before) / 3_600_000)).toBe(24);
    await expect(createShare(marketing, "sharing", { dashboard: board, expires: "forever" })).rejects.toThrow("An expiry is a number of hours or days");
    await expect(createShare(marketing, "sharing", { dashboard: board, locks: ["plan ="] })).rejects.toThrow('Filter "plan ="');
    await expect(createShare(marketing, "sharing-other", { dashboard: board })).rejects.toThrow(`No dashboard ${board} in this project.`);
  });

  it("show a dashboard's tiles with the locked filter, and nothing else of the project or of another", async () => {
    const link = await createShare(marketing, "sharing", { dashboard: board, locks: ["person.plan = Pro"] });
    const { actor } = await openShare(link.token, noCookie);
    expect(actor?.via).toBe("share");
    const shared = await runReport(actor!, "sharing", "overview", overviewTile);
    const full = await runReport(marketing, "sharing", "overview", overviewTile);
    expect([shared.result.totals.people, shared.result.totals.events]).toEqual([1, 2]);
    expect([full.result.totals.people, full.result.totals.events]).toEqual([2, 4]);
    expect(shared.params.where).toEqual(["person.plan = Pro"]);
    expect(shared.queries).toEqual([]); // no SQL unless the link allows it
    expect(full.queries.length).toBeGreaterThan(0);

    // Only the tiles as they are: another range, another kind, another project, another dashboard are 404s.
    expect(await code(runReport(actor!, "sharing", "overview", { ...overviewTile, from: "2025-01-01" }))).toBe("not_found");
    expect(await code(runReport(actor!, "sharing", "overview", { ...overviewTile, where: "person.plan = Free" }))).toBe("not_found");
    expect(await code(runReport(actor!, "sharing", "activity", {}))).toBe("not_found");
    expect(await code(runReport(actor!, "sharing-other", "overview", overviewTile))).toBe("not_found");
    expect(await code(getDashboard(actor!, "sharing", otherBoard))).toBe("not_found");
    expect((await getDashboard(actor!, "sharing", board)).tiles.map((t) => t.kind)).toEqual(["overview", "retention"]);
    // No browsing of the project's lists, no people, no CSV.
    expect(await code(listDashboards(actor!, "sharing"))).toBe("forbidden");
    expect(await code(listSavedReports(actor!))).toBe("forbidden");
    expect(await code(reportCsv(actor!, "sharing", "overview", overviewTile))).toBe("forbidden");
    expect(await code(runDrilldown(actor!, "sharing", "retention", "people", { period: "week", as_of: "2026-02-01", cell_cohort: "2026-01-05", cell_period: "1" }))).toBe("forbidden");
  });

  it("of a report let the viewer change its parameters but never drop the lock, with people, SQL and CSV when allowed", async () => {
    const link = await createShare(marketing, "sharing", { kind: "retention", params: { period: "week", as_of: "2026-02-01" }, locks: ["person.plan = Free"], allowCsv: true, allowPeople: true, allowSql: true });
    const { actor, params } = await openShare(link.token, noCookie);
    expect(params).toEqual({ period: "week", as_of: "2026-02-01" });
    const asGiven = await runReport(actor!, "sharing", "retention", { period: "week", as_of: "2026-02-01", where: [] });
    expect(asGiven.params.where).toEqual(["person.plan = Free"]);
    expect(asGiven.queries.length).toBeGreaterThan(0);
    const people = await runDrilldown(actor!, "sharing", "retention", "people", { period: "week", as_of: "2026-02-01", cell_cohort: "2026-01-05", cell_period: "1" });
    expect(people.people.map((p) => (p as { person: string }).person)).toEqual(["b"]);
    expect(await reportCsv(actor!, "sharing", "retention", { period: "week", as_of: "2026-02-01" })).toContain("cohort");
    expect(await code(runReport(actor!, "sharing", "overview", {}))).toBe("not_found");
  });

  it("answer 404 once revoked, expired or rotated away, and a password unlock lasts until the token changes", async () => {
    const link = await createShare(marketing, "sharing", { dashboard: board, password: "open sesame" });
    expect((await openShare(link.token, noCookie)).actor).toBeNull();
    await expect(unlockShare(link.token, "wrong")).rejects.toThrow("That password is not right.");
    const unlock = await unlockShare(link.token, "open sesame");
    expect(unlock.maxAge).toBe(86_400);
    const cookie = (name: string) => (name === unlock.name ? unlock.value : undefined);
    expect((await openShare(link.token, cookie)).actor?.share?.linkId).toBe(link.id);
    expect((await openShare(link.token, (n) => (n === unlock.name ? unlock.value.replace(/.$/, "x") : undefined))).actor).toBeNull();

    const rotated = await rotateShare(marketing, link.id);
    expect(await code(openShare(link.token, cookie))).toBe("not_found");
    const newToken = rotated.path.slice(3);
    expect((await openShare(newToken, cookie)).actor).toBeNull(); // the old unlock was for the old token

    await revokeShare(marketing, link.id);
    expect(await code(openShare(newToken, noCookie))).toBe("not_found");

    const expiring = await createShare(marketing, "sharing", { dashboard: board });
    await (await getDb()).prisma.shareLink.update({ where: { id: BigInt(expiring.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await code(openShare(expiring.token, noCookie))).toBe("not_found");
    expect(await code(openShare("not-a-real-token-at-all-xxxxxxxx", noCookie))).toBe("not_found");
  });

  it("refuse password guessing: after 10 wrong passwords a link takes none for 15 minutes, the right one included", async () => {
    const link = await createShare(marketing, "sharing", { dashboard: board, password: "open sesame" });
    for (let i = 0; i < 10; i++) expect(await code(unlockShare(link.token, `guess ${i}`))).toBe("unauthorized");
    expect(await code(unlockShare(link.token, "open sesame"))).toBe("rate_limited");
  });

  it("are served at /s/<token>/api with the link's scope, and 404 after revocation", async () => {
    const link = await createShare(marketing, "sharing", { dashboard: board, locks: ["person.plan = Pro"] });
    const get = (path: string, token = link.token) =>
      sharedReportRoute(new NextRequest(`http://localhost/s/${token}/api/reports/${path}`), { params: Promise.resolve({ token, kind: path.split("?")[0]! }) });
    const ok = await get(`overview?${new URLSearchParams(overviewTile)}`);
    expect(ok.status).toBe(200);
    expect((await ok.json()).result.totals.people).toBe(1);
    expect((await get("overview?from=2020-01-01")).status).toBe(404);
    expect((await get(`overview?${new URLSearchParams({ ...overviewTile, format: "csv" })}`)).status).toBe(403);
    await revokeShare(cliActor, link.id);
    expect((await get(`overview?${new URLSearchParams(overviewTile)}`)).status).toBe(404);
  });

  it("are made by marketing and admins only; each manages its own, an admin every one; every opening is logged", async () => {
    expect(await code(createShare(sales, "sharing", { dashboard: board }))).toBe("forbidden");
    const link = await createShare(marketing, "sharing", { dashboard: board });
    expect((await listShares(marketing)).map((s) => s.id)).toContain(link.id);
    expect((await listShares(otherMarketing)).map((s) => s.id)).not.toContain(link.id);
    expect((await listShares(cliActor)).map((s) => s.id)).toContain(link.id);
    expect(await code(revokeShare(otherMarketing, link.id))).toBe("not_found");
    expect(await code(rotateShare(otherMarketing, link.id))).toBe("not_found");

    const opened = await openShare(link.token, noCookie);
    await recordShareView(opened, "203.0.113.7");
    await recordShareView(opened, "198.51.100.2");
    expect((await shareViews(marketing, link.id)).map((v) => v.address)).toEqual(["198.51.100.2", "203.0.113.7"]);
    expect((await listShares(marketing)).find((s) => s.id === link.id)?.views).toBe(2);

    await revokeShare(cliActor, link.id);
    expect((await listShares(cliActor)).map((s) => s.id)).not.toContain(link.id);
  });
});
