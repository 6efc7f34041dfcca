import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor, type Actor } from "@/lib/data/actor";
import { createAlertRule } from "@/lib/data/alerts";
import { createApiKey } from "@/lib/data/api-keys";
import { createDashboard } from "@/lib/data/dashboards";
import { createInvitation } from "@/lib/data/invitations";
import { createProject } from "@/lib/data/projects";
import { createDigest } from "@/lib/data/digests";
import { saveReport } from "@/lib/data/saved-reports";
import { createShare, revokeShare } from "@/lib/data/shares";
import { createPasswordReset, createUser } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { currentActor } from "@/lib/auth/session";
import { createFixtureProject } from "../support/fixtures";

/**
 * The authorization matrix of the server actions: every exported function of every "use server" file, found on the
 * file system, called as each kind of visitor, with the refusal code (or "ok") each must get. A new action without an
 * expectation here fails the test. Session actions see a share link's holder as a visitor without a session.
 */
vi.mock("@/lib/auth/session", () => ({ currentActor: vi.fn(), requireActor: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ cookies: async () => ({ set: () => {}, get: () => undefined }), headers: async () => new Headers() }));

const WHO = ["anonymous", "sales", "marketing", "admin", "link", "expired", "revoked"] as const;
type Who = (typeof WHO)[number];
type Code = "ok" | "unauthorized" | "forbidden" | "not_found" | "invalid" | "not_configured";
const CODE: Record<string, Code> = { O: "ok", U: "unauthorized", F: "forbidden", N: "not_found", I: "invalid", C: "not_configured" };
/** One letter a visitor, in the order of WHO: O ok, U unauthorized, F forbidden, N not found, I invalid, C not configured. */
const row = (letters: string) => Object.fromEntries(WHO.map((w, i) => [w, CODE[letters[i]!]!])) as Record<Who, Code>;

const SLUG = "authz";
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;
const users: Partial<Record<Who, Actor>> = {};
let passwordLink = { token: "", expired: "", revoked: "" };

const dashboard = async () => (await createDashboard(cliActor, SLUG, `Board ${unique()}`, ["overview"])).id;
const user = async (role: "sales" | "marketing" | "admin" = "sales") => {
  const email = `authz-${unique()}@example.com`;
  await createUser(cliActor, { email, name: "Someone", role, password: "long-enough-pw" });
  return email;
};

/** Each action's form (made fresh for every visitor, so that one visitor's success leaves the next its own target) and expectations. */
const ACTIONS: Record<string, { form: (who: Who) => Promise<Record<string, string>>; expect: Record<Who, Code> }> = {
  "(auth)/reset-password/[token]/actions.ts#resetPasswordAction": {
    form: async () => ({ token: (await createPasswordReset(cliActor, await user())).path.split("/").at(-1)!, next: "a-brand-new-password-9", confirm: "a-brand-new-password-9" }),
    expect: row("OOOOOOO"), // the one-time link is the credential, whoever holds it
  },
  "(app)/account/actions.ts#changePasswordAction": {
    form: async () => ({ current: "long-enough-pw", next: "a-brand-new-password-9", confirm: "a-brand-new-password-9" }),
    expect: row("UOOOUUU"),
  },
  "(app)/settings/actions.ts#createUserAction": { form: async () => ({ email: `authz-new-${unique()}@example.com`, name: "New", role: "sales", password: "long-enough-pw-2" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#setRoleAction": { form: async () => ({ email: await user(), role: "marketing" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#setDisabledAction": { form: async () => ({ email: await user(), disabled: "true" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#resetLinkAction": { form: async () => ({ email: await user() }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#createApiKeyAction": { form: async () => ({ userEmail: await user(), name: "k" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#revokeApiKeyAction": { form: async () => ({ id: (await createApiKey(cliActor, { userEmail: await user(), name: "k" })).id }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#createProjectAction": { form: async () => ({ slug: `authz-${unique()}`, timezone: "UTC" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#updateProjectAction": { form: async () => ({ slug: (await createProject(cliActor, { slug: `authz-${unique()}` })).slug, name: "Renamed", timezone: "Asia/Tokyo" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#deleteProjectAction": {
    form: async () => {
      const slug = (await createProject(cliActor, { slug: `authz-${unique()}` })).slug;
      return { slug, confirm: slug };
    },
    expect: row("UFFOUUU"),
  },
  "(app)/settings/actions.ts#inviteUserAction": { form: async () => ({ email: `authz-invited-${unique()}@example.com`, role: "sales" }), expect: row("UFFOUUU") },
  "(app)/settings/actions.ts#revokeInvitationAction": { form: async () => ({ id: (await createInvitation(cliActor, { email: `authz-inv-${unique()}@example.com`, role: "sales" })).id }), expect: row("UFFOUUU") },
  // The invitation's link is the credential, whoever holds it.
  "(auth)/invite/[token]/actions.ts#acceptInvitationAction": {
    form: async () => ({
      token: (await createInvitation(cliActor, { email: `authz-join-${unique()}@example.com`, role: "sales" })).path.split("/").at(-1)!,
      name: "Joiner",
      next: "a-brand-new-password-9",
      confirm: "a-brand-new-password-9",
    }),
    expect: row("OOOOOOO"),
  },
  "(app)/p/[project]/dashboards/actions.ts#createDashboardAction": { form: async () => ({ slug: SLUG, name: "Board" }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#addTileAction": {
    form: async () => ({ slug: SLUG, id: await dashboard(), saved: (await saveReport(cliActor, SLUG, { kind: "overview", name: "Saved" })).id }),
    expect: row("UFOOUUU"),
  },
  "(app)/p/[project]/dashboards/actions.ts#addViewTileAction": { form: async () => ({ slug: SLUG, id: await dashboard(), kind: "retention", params: '{"period":"week"}' }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#saveLayoutAction": { form: async () => ({ slug: SLUG, id: await dashboard(), layout: '[{"i":"t1","x":6,"y":0,"w":6,"h":8}]' }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#removeTileAction": { form: async () => ({ slug: SLUG, id: await dashboard(), tile: "t1" }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#setFiltersAction": { form: async () => ({ slug: SLUG, id: await dashboard(), from: "2026-01-01" }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#setDefaultAction": { form: async () => ({ slug: SLUG, id: await dashboard(), isDefault: "false" }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#deleteDashboardAction": { form: async () => ({ slug: SLUG, id: await dashboard() }), expect: row("UFOOUUU") },
  "(app)/p/[project]/dashboards/actions.ts#createDigestAction": {
    form: async () => ({ slug: SLUG, id: await dashboard(), frequency: "weekly", weekday: "1", hour: "8", recipients: "team@example.com" }),
    expect: row("UFOOUUU"),
  },
  "(app)/p/[project]/dashboards/actions.ts#deleteDigestAction": {
    form: async () => ({ slug: SLUG, digest: (await createDigest(cliActor, SLUG, await dashboard(), { frequency: "daily", recipients: "team@example.com" })).id }),
    expect: row("UFOOUUU"),
  },
  // Authorized for editors; this server has no SMTP server, which is said before anything is drawn.
  "(app)/p/[project]/dashboards/actions.ts#sendDigestAction": {
    form: async () => ({ slug: SLUG, digest: (await createDigest(cliActor, SLUG, await dashboard(), { frequency: "daily", recipients: "team@example.com" })).id }),
    expect: row("UFCCUUU"),
  },
  "(app)/p/[project]/alerts/actions.ts#createAlertAction": {
    form: async () => ({ slug: SLUG, name: "Drop", metric: "dau", condition: "below", threshold: "1", as_of: "2026-02-01" }),
    expect: row("UFOOUUU"),
  },
  "(app)/p/[project]/alerts/actions.ts#deleteAlertAction": {
    form: async () => ({ slug: SLUG, id: (await createAlertRule(cliActor, SLUG, { name: "x", metric: "dau", condition: "below", threshold: 1, params: { as_of: "2026-02-01" } })).id }),
    expect: row("UFOOUUU"),
  },
  "(app)/p/[project]/[report]/actions.ts#saveReportDefaultsAction": {
    form: async () => ({ slug: SLUG, kind: "stages", params: JSON.stringify({ purchase: "Order", return: "Return" }) }),
    expect: row("UFOOUUU"),
  },
  "(app)/p/[project]/saved/actions.ts#saveReportAction": { form: async () => ({ slug: SLUG, kind: "overview", name: "Mine", params: "{}" }), expect: row("UFOOUUU") },
  "(app)/p/[project]/saved/actions.ts#updateSavedReportAction": {
    form: async () => ({ slug: SLUG, id: (await saveReport(cliActor, SLUG, { kind: "overview", name: "Theirs" })).id, name: "Renamed" }),
    expect: row("UFOOUUU"),
  },
  "(app)/p/[project]/saved/actions.ts#deleteSavedReportAction": {
    form: async () => ({ slug: SLUG, id: (await saveReport(cliActor, SLUG, { kind: "overview", name: "Gone" })).id, kind: "overview" }),
    expect: row("UFOOUUU"),
  },
  "(app)/shares/actions.ts#createShareAction": { form: async () => ({ slug: SLUG, dashboard: await dashboard(), expires: "1d" }), expect: row("UFOOUUU") },
  // Marketing manages its own links only: one made by another (the CLI here) is a 404 to it.
  "(app)/shares/actions.ts#revokeShareAction": { form: async () => ({ id: (await createShare(cliActor, SLUG, { dashboard: await dashboard() })).id }), expect: row("UFNOUUU") },
  "(app)/shares/actions.ts#rotateShareAction": { form: async () => ({ id: (await createShare(cliActor, SLUG, { dashboard: await dashboard() })).id }), expect: row("UFNOUUU") },
  // The link's token and password are the credential; an expired or revoked link is a 404 for everyone.
  "s/[token]/actions.ts#unlockShareAction": {
    form: async (who) => ({ token: who === "expired" ? passwordLink.expired : who === "revoked" ? passwordLink.revoked : passwordLink.token, password: "open sesame" }),
    expect: row("OOOOONN"),
  },
};

/** Every exported function of every "use server" file under app/, as `<path from app/>#<name>`. */
function discoverActions(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(file, "utf8");
        if (!/^\s*["']use server["']/.test(text)) continue;
        for (const m of text.matchAll(/export\s+(?:async\s+function|const|function)\s+(\w+)/g)) found.push(`${path.relative("app", file)}#${m[1]}`);
      }
    }
  };
  walk("app");
  return found.sort();
}

beforeAll(async () => {
  await createFixtureProject(SLUG, "UTC", [{ id: "a" }], [{ person: "a", name: "Visit", at: "2026-01-05T10:00:00Z" }]);
  for (const role of ["sales", "marketing", "admin"] as const) {
    const email = await user(role);
    const found = await (await getDb()).prisma.user.findUniqueOrThrow({ where: { email } });
    users[role] = { via: "user", userId: found.id, email, role };
  }
  const board = await dashboard();
  const link = await createShare(cliActor, SLUG, { dashboard: board, password: "open sesame" });
  const expired = await createShare(cliActor, SLUG, { dashboard: board, password: "open sesame" });
  await (await getDb()).prisma.shareLink.update({ where: { id: BigInt(expired.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const revoked = await createShare(cliActor, SLUG, { dashboard: board, password: "open sesame" });
  await revokeShare(cliActor, revoked.id);
  passwordLink = { token: link.token, expired: expired.token, revoked: revoked.token };
});

describe("the authorization matrix of server actions", () => {
  it("has an expectation for every server action there is, and none for one that is gone", () => {
    expect(discoverActions()).toEqual(Object.keys(ACTIONS).sort());
  });

  for (const [id, { form, expect: expected }] of Object.entries(ACTIONS)) {
    it(`${id}: ${WHO.map((w) => `${w} ${expected[w]}`).join(", ")}`, async () => {
      const [file, name] = id.split("#");
      const actions = (await import(`@/app/${file!.replace(/\.ts$/, "")}`)) as Record<string, (prev: unknown, form: FormData) => Promise<{ ok: boolean; code?: string; error?: string } | null>>;
      const got: Record<string, string> = {};
      for (const who of WHO) {
        vi.mocked(currentActor).mockResolvedValue((users[who] ?? null) as Awaited<ReturnType<typeof currentActor>>);
        const data = new FormData();
        for (const [k, v] of Object.entries(await form(who))) data.set(k, v);
        const state = await actions[name!]!(null, data);
        got[who] = state?.ok ? "ok" : (state?.code ?? "none");
      }
      expect(got).toEqual(expected);
    });
  }
});
