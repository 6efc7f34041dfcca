import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import pg from "pg";
import { E2E_DEMO_END } from "../e2e/demo-constants";
import { logIn } from "../e2e/helpers";

/**
 * The authorization matrix of pages and route handlers: every page.tsx and every method of every route.ts under app/,
 * found on the file system, asked for as each kind of visitor against the running app, with the HTTP status each must
 * get. A new page or route without an expectation here fails the test. (Server actions have their own matrix:
 * authorization-actions.test.ts.) Signed-in visitors use a valid share token where a route takes one; the
 * anonymous visitor a made-up one.
 */
const WHO = ["anonymous", "sales", "marketing", "admin", "link", "expired", "revoked"] as const;
type Who = (typeof WHO)[number];
type Ctx = {
  dashboard: string;
  saved: string;
  upload: string;
  token: (who: Who) => string;
  /** A share link of marketing's own, fresh for each call: for the requests that revoke or rotate one. */
  ownLink: () => Promise<string>;
};
type Entry = { url: (ctx: Ctx, who: Who) => string | Promise<string>; body?: (who: Who) => unknown; contentType?: string; expect: string };

/** The statuses, in the order of WHO. */
const s = (...codes: number[]) => codes.join(" ");
const AS_OF = `as_of=${E2E_DEMO_END}`;
const SIGNED_IN_ONLY = s(307, 200, 200, 200, 307, 307, 307);
const API_READ = s(401, 200, 200, 200, 401, 401, 401);
const API_ADMIN = s(401, 403, 403, 200, 401, 401, 401);
const API_ADMIN_CREATES = s(401, 403, 403, 201, 401, 401, 401);
const API_EDIT = s(401, 403, 200, 200, 401, 401, 401);
const API_EDIT_CREATES = s(401, 403, 201, 201, 401, 401, 401);
const LINK_ONLY = s(404, 200, 200, 200, 200, 404, 404);
let unique = 0;

const EXPECT: Record<string, Entry> = {
  "PAGE /": { url: () => "/", expect: s(307, 307, 307, 307, 307, 307, 307) },
  "PAGE /account": { url: () => "/account", expect: SIGNED_IN_ONLY },
  "PAGE /p/[project]": { url: () => "/p/giftly", expect: s(307, 307, 307, 307, 307, 307, 307) },
  "PAGE /p/[project]/[report]": { url: () => `/p/giftly/overview?${AS_OF}`, expect: SIGNED_IN_ONLY },
  "PAGE /p/[project]/alerts": { url: () => "/p/giftly/alerts", expect: SIGNED_IN_ONLY },
  "PAGE /p/[project]/dashboards": { url: () => "/p/giftly/dashboards", expect: SIGNED_IN_ONLY },
  "PAGE /p/[project]/dashboards/[id]": { url: (c) => `/p/giftly/dashboards/${c.dashboard}`, expect: SIGNED_IN_ONLY },
  "PAGE /p/[project]/data": { url: () => "/p/giftly/data", expect: s(307, 403, 403, 200, 307, 307, 307) },
  "PAGE /p/[project]/people/[person]": { url: () => "/p/giftly/people/u_000001", expect: SIGNED_IN_ONLY },
  "PAGE /p/[project]/saved/[id]": { url: (c) => `/p/giftly/saved/${c.saved}?${AS_OF}`, expect: SIGNED_IN_ONLY },
  "PAGE /settings": { url: () => "/settings", expect: s(307, 403, 403, 307, 307, 307, 307) },
  "PAGE /settings/audit": { url: () => "/settings/audit?action=auth.", expect: s(307, 403, 403, 200, 307, 307, 307) },
  "PAGE /settings/api-keys": { url: () => "/settings/api-keys", expect: s(307, 403, 403, 200, 307, 307, 307) },
  "PAGE /settings/projects": { url: () => "/settings/projects", expect: s(307, 403, 403, 200, 307, 307, 307) },
  "PAGE /settings/users": { url: () => "/settings/users", expect: s(307, 403, 403, 200, 307, 307, 307) },
  "PAGE /shares": { url: () => "/shares", expect: s(307, 403, 200, 200, 307, 307, 307) },
  "PAGE /login": { url: () => "/login", expect: s(200, 307, 307, 307, 200, 200, 200) },
  "PAGE /invite/[token]": { url: () => "/invite/not-a-real-invitation-token-00000000000", expect: s(404, 404, 404, 404, 404, 404, 404) },
  "PAGE /reset-password/[token]": { url: () => "/reset-password/not-a-real-reset-token-000000000000", expect: s(404, 404, 404, 404, 404, 404, 404) },
  "PAGE /s/[token]": { url: (c, w) => `/s/${c.token(w)}`, expect: LINK_ONLY },

  "GET /api/auth/[...nextauth]": { url: () => "/api/auth/session", expect: s(200, 200, 200, 200, 200, 200, 200) },
  "POST /api/auth/[...nextauth]": { url: () => "/api/auth/signout", body: () => "", contentType: "application/x-www-form-urlencoded", expect: s(302, 302, 302, 302, 302, 302, 302) },
  "GET /api/v1/projects": { url: () => "/api/v1/projects", expect: API_READ },
  "POST /api/v1/projects": { url: () => "/api/v1/projects", body: () => ({ slug: `matrix-${Date.now().toString(36)}-${unique++}` }), expect: API_ADMIN_CREATES },
  "GET /api/v1/projects/[slug]/dashboards": { url: () => "/api/v1/projects/giftly/dashboards", expect: API_READ },
  "POST /api/v1/projects/[slug]/dashboards": { url: () => "/api/v1/projects/giftly/dashboards", body: () => ({ name: "Matrix", tiles: ["overview"] }), expect: API_EDIT_CREATES },
  "GET /api/v1/projects/[slug]/dashboards/[id]/pdf": { url: (c) => `/api/v1/projects/giftly/dashboards/${c.dashboard}/pdf`, expect: API_READ },
  "POST /api/v1/projects/[slug]/events": {
    url: () => "/api/v1/projects/giftly/events",
    body: () => ({ events: [{ person: "matrix", name: "Matrix", time: "2026-06-01T10:00:00Z" }] }),
    expect: API_ADMIN_CREATES,
  },
  "GET /api/v1/projects/[slug]/people/[person]": { url: () => "/api/v1/projects/giftly/people/u_000001", expect: API_READ },
  "GET /api/v1/projects/[slug]/property-values": { url: () => "/api/v1/projects/giftly/property-values?scope=person&property=country", expect: API_READ },
  "GET /api/v1/projects/[slug]/reports/[kind]": { url: () => `/api/v1/projects/giftly/reports/overview?${AS_OF}`, expect: API_READ },
  "GET /api/v1/projects/[slug]/reports/[kind]/[drilldown]": {
    url: () => `/api/v1/projects/giftly/reports/retention/people?${AS_OF}&cell_cohort=2026-01-01&cell_period=0`,
    expect: API_READ,
  },
  "GET /api/v1/projects/[slug]/sources": { url: () => "/api/v1/projects/giftly/sources", expect: API_ADMIN },
  "POST /api/v1/projects/[slug]/sources": {
    url: () => "/api/v1/projects/giftly/sources",
    body: () => ({ url: "https://example.com/matrix.csv", cron: "0 0 1 1 *", options: { kind: "events" } }),
    expect: API_ADMIN_CREATES,
  },
  "DELETE /api/v1/projects/[slug]/sources/[id]": { url: () => "/api/v1/projects/giftly/sources/999999", expect: s(401, 403, 403, 404, 401, 401, 401) },
  "POST /api/v1/projects/[slug]/sources/[id]/run": { url: () => "/api/v1/projects/giftly/sources/999999/run", body: () => ({}), expect: s(401, 403, 403, 404, 401, 401, 401) },
  "GET /api/v1/projects/[slug]/uploads": { url: () => "/api/v1/projects/giftly/uploads", expect: API_ADMIN },
  "POST /api/v1/projects/[slug]/uploads": {
    url: () => "/api/v1/projects/giftly/uploads?kind=events&dry_run=true",
    body: () => "person,time,name\nmatrix,2026-06-01 10:00,Matrix\n",
    contentType: "text/csv",
    expect: API_ADMIN,
  },
  "GET /api/v1/projects/[slug]/uploads/[id]": { url: (c) => `/api/v1/projects/giftly/uploads/${c.upload}`, expect: API_ADMIN },
  "DELETE /api/v1/projects/[slug]/uploads/[id]": { url: () => "/api/v1/projects/giftly/uploads/999999", expect: s(401, 403, 403, 404, 401, 401, 401) },
  "POST /api/v1/projects/[slug]/uploads/preview": {
    url: () => "/api/v1/projects/giftly/uploads/preview?kind=events",
    body: () => "person,time,name\nmatrix,2026-06-01 10:00,Matrix\n",
    contentType: "text/csv",
    expect: API_ADMIN,
  },
  "GET /api/v1/shares": { url: () => "/api/v1/shares", expect: API_EDIT },
  "POST /api/v1/shares": { url: () => "/api/v1/shares", body: () => ({ project: "giftly", report: `overview?${AS_OF}`, expires: "1h" }), expect: API_EDIT_CREATES },
  "DELETE /api/v1/shares/[id]": { url: async (c) => `/api/v1/shares/${await c.ownLink()}`, expect: API_EDIT },
  "POST /api/v1/shares/[id]/rotate": { url: async (c) => `/api/v1/shares/${await c.ownLink()}/rotate`, body: () => ({}), expect: API_EDIT },
  "GET /api/v1/shares/[id]/views": { url: async (c) => `/api/v1/shares/${await c.ownLink()}/views`, expect: API_EDIT },
  "GET /api/v1/users": { url: () => "/api/v1/users", expect: API_ADMIN },
  "GET /api/v1/audit": { url: () => "/api/v1/audit?action=share.", expect: API_ADMIN },
  // The link does not allow downloads.
  "GET /s/[token]/pdf": { url: (c, w) => `/s/${c.token(w)}/pdf`, expect: s(404, 403, 403, 403, 403, 404, 404) },
  "GET /s/[token]/api/reports/[kind]": { url: (c, w) => `/s/${c.token(w)}/api/reports/overview?${AS_OF}`, expect: LINK_ONLY },
  // The link does not allow people lists: its holder is refused them (403); a dead or made-up token is a 404.
  "GET /s/[token]/api/reports/[kind]/[drilldown]": {
    url: (c, w) => `/s/${c.token(w)}/api/reports/retention/people?${AS_OF}&cell_cohort=2026-01-01&cell_period=0`,
    expect: s(404, 403, 403, 403, 403, 404, 404),
  },
};

/** Every page and every exported method of every route handler under app/, as "PAGE <path>" or "<METHOD> <path>". */
function discoverRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        continue;
      }
      // The URL path: route groups "(name)" are not part of it.
      const url = "/" + path.relative("app", dir).split(path.sep).filter((p) => p && !/^\(.*\)$/.test(p)).join("/");
      if (entry.name === "page.tsx") found.push(`PAGE ${url}`);
      if (entry.name === "route.ts") {
        const text = fs.readFileSync(file, "utf8");
        const methods = new Set<string>();
        for (const m of text.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
        for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) for (const a of m[1]!.matchAll(/as\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(a[1]!);
        for (const method of methods) found.push(`${method} ${url}`);
      }
    }
  };
  walk("app");
  return found.sort();
}

async function signedIn(browser: Browser, who: Who): Promise<APIRequestContext> {
  const context = await browser.newContext();
  if (who === "sales" || who === "marketing" || who === "admin") await logIn(await context.newPage(), who);
  return context.request;
}

test("every page and route handler has an expectation, and none is left for one that is gone", () => {
  expect(discoverRoutes()).toEqual(Object.keys(EXPECT).sort());
});

test("each page and route answers each visitor as expected", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const requests = Object.fromEntries(await Promise.all(WHO.map(async (w) => [w, await signedIn(browser, w)] as const))) as Record<Who, APIRequestContext>;
  const origin = new URL(baseURL!).origin;
  const json = async (who: Who, method: string, url: string, data?: unknown) => {
    const res = await requests[who].fetch(url, { method, data, headers: { origin } });
    expect(res.status(), `${method} ${url} as ${who}`).toBeLessThan(300);
    return res.json();
  };
  const dashboard = (await json("admin", "POST", "/api/v1/projects/giftly/dashboards", { name: "Matrix", tiles: [`overview?${AS_OF}`, `retention?${AS_OF}`] })).id as string;
  const link = async (who: Who) => (await json(who, "POST", "/api/v1/shares", { project: "giftly", dashboard, expires: "1d" })) as { id: string; token: string };
  const [valid, expired, revoked] = [await link("admin"), await link("admin"), await link("admin")];
  await json("admin", "DELETE", `/api/v1/shares/${revoked.id}`);
  const uploaded = await requests.admin.fetch("/api/v1/projects/giftly/uploads?kind=events", { method: "POST", headers: { origin, "content-type": "text/csv" }, data: "person,time,name\nmatrix,2026-06-01 10:00,Matrix\n" });
  expect(uploaded.status()).toBe(200);
  const upload = String((await uploaded.json()).upload);
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    await db.query("update share_links set expires_at = now() - interval '1 second' where id = $1", [expired.id]);
    const saved = await db.query("insert into saved_reports (project_id, kind, name, params, updated_at) select id, 'overview', 'Matrix', '{}', now() from projects where slug = 'giftly' returning id");
    const ctx: Ctx = {
      dashboard,
      saved: String(saved.rows[0].id),
      upload,
      token: (w) => (w === "expired" ? expired.token : w === "revoked" ? revoked.token : w === "anonymous" ? "made-up-token-0000000000000000000" : valid.token),
      ownLink: async () => (await link("marketing")).id,
    };
    const wrong: string[] = [];
    for (const [key, entry] of Object.entries(EXPECT)) {
      const method = key.startsWith("PAGE ") ? "GET" : key.split(" ")[0]!;
      const got: number[] = [];
      for (const who of WHO) {
        const url = await entry.url(ctx, who);
        const body = entry.body?.(who);
        const headers: Record<string, string> = { origin };
        if (entry.contentType) headers["content-type"] = entry.contentType;
        const res = await requests[who].fetch(url, { method, headers, maxRedirects: 0, ...(body === undefined ? {} : { data: body }) });
        got.push(res.status());
      }
      if (got.join(" ") !== entry.expect) wrong.push(`${key}: expected ${entry.expect} (${WHO.join(", ")}), got ${got.join(" ")}`);
    }
    expect(wrong).toEqual([]);
  } finally {
    await db.end();
  }
});
