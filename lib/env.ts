import "server-only";
import { z } from "zod";

/**
 * Every environment variable the app, the CLI and the scripts read, parsed in this one place. A bad value is a
 * configuration mistake: it fails with the variable's name instead of falling back to a default. The README's
 * settings table lists exactly these (a unit test keeps the two in step).
 *
 * Parsed again only when a variable's text changes, so a test or a benchmark that sets one sees it at once.
 */

const WHOLE = "a whole number of at least 1";
const count = (fallback: number) =>
  z
    .string()
    .trim()
    // Underscores are digit separators, so 5_368_709_120 can be written readably.
    .regex(/^\d[\d_]*$/, WHOLE)
    .transform((s) => Number(s.replaceAll("_", "")))
    .pipe(z.number().int().min(1, WHOLE).max(Number.MAX_SAFE_INTEGER, WHOLE))
    .optional()
    .transform((n) => n ?? fallback);
const onOff = (fallback: "on" | "off") =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["on", "off", "1", "0", "true", "false"], { message: "on or off" }))
    .optional()
    .transform((v) => (v ?? fallback) === "on" || v === "1" || v === "true");
const text = z.string().trim().min(1).optional();
const size = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}(kB|MB|GB)$/, "a size such as 64MB")
    .optional()
    .transform((v) => v ?? fallback);

/** Name → schema, with the README's words for it. */
export const SETTINGS = {
  DATABASE_URL: { schema: text, doc: "the PostgreSQL server (15 or later) to use; unset: the embedded server" },
  DATABASE_READ_URL: {
    schema: text,
    doc: "a streaming replica of DATABASE_URL's server that report statements read from, while uploads and every other write go to DATABASE_URL (default: reports read from DATABASE_URL too)",
  },
  JOURNEYLENS_HOME: { schema: text, doc: "the folder the app, the CLI and the scripts work from (default: the current folder)" },
  JOURNEYLENS_DATA_DIR: {
    schema: text,
    doc: "the data folder (default `.data` under the home folder): the embedded server's files in `postgres/`, and the secrets generated for this installation in `secrets.json` (mode 0600)",
  },
  JOURNEYLENS_PG_PORT: { schema: count(0).transform((n) => n || undefined), doc: "the embedded server's port (default: 17432–17931, derived from the data folder's path)" },
  JOURNEYLENS_DB_POOL: { schema: count(10), doc: "connections in the app's pool (default 10)" },
  NODE_ENV: { schema: text, doc: "`production` under `npm start` (set by Next.js); a production start on your own database needs NEXTAUTH_SECRET" },
  NEXTAUTH_SECRET: {
    schema: z.string().trim().min(32, "at least 32 characters (openssl rand -base64 32 makes one)").optional(),
    doc: "signs session cookies. Required with your own database in production or at a public URL; on the embedded database one is generated once and kept in the data folder",
  },
  AUTH_SECRET: { schema: text, doc: "read when NEXTAUTH_SECRET is not set" },
  NEXTAUTH_URL: { schema: text, doc: "the app's public URL (sign-in redirects are built from it); a URL that is not loopback needs NEXTAUTH_SECRET" },
  JOURNEYLENS_FRAME_ANCESTORS: {
    schema: z
      .string()
      .trim()
      .transform((s) => s.split(/\s+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^https?:\/\/[\w.-]+(:\d+)?$/, "origins such as https://intranet.example.com, separated by spaces")))
      .optional()
      .transform((list) => list ?? []),
    doc: "origins allowed to show the app in a frame, separated by spaces (default none)",
  },
  JOURNEYLENS_OIDC_ISSUER: { schema: text, doc: "single sign-on: the OpenID Connect provider's issuer URL (its /.well-known/openid-configuration is read); unset: no single sign-on" },
  JOURNEYLENS_OIDC_CLIENT_ID: { schema: text, doc: "single sign-on: this app's client id at the provider" },
  JOURNEYLENS_OIDC_CLIENT_SECRET: { schema: text, doc: "single sign-on: this app's client secret at the provider" },
  JOURNEYLENS_OIDC_NAME: { schema: z.string().trim().min(1).default("single sign-on"), doc: "single sign-on: the provider's name on the sign-in button (default: single sign-on)" },
  JOURNEYLENS_OIDC_ROLE_CLAIM: { schema: z.string().trim().min(1).default("groups"), doc: "single sign-on: the claim read for the role, a string or a list (default groups)" },
  JOURNEYLENS_OIDC_ROLES: {
    schema: z.string().trim().default("admin=admin,marketing=marketing,sales=sales"),
    doc: "single sign-on: role=claim value pairs, e.g. admin=jl-admins,marketing=jl-marketing,sales=jl-sales; the highest role matched wins, and someone matching none is refused (default admin=admin,marketing=marketing,sales=sales)",
  },
  JOURNEYLENS_INVITE_DAYS: { schema: count(7), doc: "how long an invitation link stays valid, in days (default 7)" },
  JOURNEYLENS_RESET_LINK_HOURS: { schema: count(24), doc: "how long a password reset link stays valid, in hours (default 24)" },
  PORT: { schema: count(3000), doc: "the port `npm start` and `npm run start:demo` serve on (default 3000)" },
  JOURNEYLENS_TRUSTED_PROXIES: {
    schema: z.string().trim().regex(/^\d{1,2}$/, "a number of proxies (0 to 99)").transform(Number).optional().transform((n) => n ?? 0),
    doc: "how many proxies in front of the app append to X-Forwarded-For; the client address is read that many entries from the right (default 0: the socket's address)",
  },
  JOURNEYLENS_LOGIN_FREE_FAILURES: { schema: count(5), doc: "failed sign-ins from one address before each further one must wait, the wait doubling each time (default 5)" },
  JOURNEYLENS_API_UPLOADS_PER_MINUTE: { schema: count(20), doc: "uploads through the API per minute, per user (default 20)" },
  JOURNEYLENS_API_EVENT_BATCHES_PER_MINUTE: { schema: count(120), doc: "event batches through the API per minute, per user (default 120)" },
  JOURNEYLENS_UPLOAD_MAX_BYTES: { schema: count(5 * 1024 ** 3), doc: "largest accepted upload, in bytes (default 5 GiB)" },
  JOURNEYLENS_UPLOAD_MAX_COLUMNS: { schema: count(200), doc: "most columns in an uploaded file (default 200)" },
  JOURNEYLENS_UPLOAD_MAX_VALUE_CHARS: { schema: count(10_000), doc: "longest value in an uploaded file, in characters (default 10,000)" },
  JOURNEYLENS_UPLOAD_IDLE_S: { schema: count(60), doc: "an upload whose client sends nothing for this many seconds is ended and rolled back (default 60)" },
  JOURNEYLENS_UPLOADS_AT_ONCE: { schema: count(2), doc: "uploads (and checks of files) running at once in one app process; the next answers 429 (default 2)" },
  JOURNEYLENS_UPLOAD_MAX_ROWS: { schema: count(100_000_000), doc: "most data rows in an uploaded file (default 100,000,000)" },
  JOURNEYLENS_SEGMENT_MIN_ROWS: {
    schema: count(100_000),
    doc: "an events upload of at least this many rows is stored as a table of its own, indexed once at the end, and removed by dropping it; smaller ones join the project's shared table (default 100,000)",
  },
  JOURNEYLENS_SECRETS_KEY: {
    schema: z.string().trim().min(32, "at least 32 characters (openssl rand -base64 32 makes one)").optional(),
    doc: "encrypts stored credentials (a scheduled import's password or token). Required to store one on your own database; on the embedded database one is generated in the data folder",
  },
  JOURNEYLENS_IMPORT_ALLOW_HOSTS: {
    schema: z.string().trim().optional().transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : [])),
    doc: "hosts a scheduled import may fetch from although they resolve to a loopback, private or link-local address (comma-separated; default none)",
  },
  JOURNEYLENS_SCHEDULER: { schema: onOff("on"), doc: "`off` stops the scheduled-imports worker in this process (default on)" },
  JOURNEYLENS_SCHEDULER_INTERVAL_MS: { schema: count(30_000), doc: "how often the worker looks for due imports, in ms (default 30,000)" },
  JOURNEYLENS_SMTP_URL: { schema: text, doc: "the SMTP server digests are sent through, as smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465; unset: no email is sent" },
  JOURNEYLENS_MAIL_FROM: { schema: z.string().trim().min(3).default("Journeylens <journeylens@localhost>"), doc: "the sender of digests (default Journeylens <journeylens@localhost>)" },
  JOURNEYLENS_CHROMIUM: { schema: z.string().trim().min(1).default("/usr/bin/chromium"), doc: "the Chromium that draws dashboards as PDF and digest snapshots (default /usr/bin/chromium, Debian's `chromium` package)" },
  JOURNEYLENS_RENDERS_AT_ONCE: { schema: count(2), doc: "dashboards drawn by the server's Chromium at once, each taking a browser of about 200 MB; more wait (default 2)" },
  JOURNEYLENS_ALERT_INTERVAL_MS: { schema: count(3_600_000), doc: "how often the worker evaluates each alert rule, in ms (default one hour; rules are also evaluated after each upload)" },
  JOURNEYLENS_SOURCE_TIMEOUT_MS: { schema: count(30 * 60_000), doc: "longest fetch of a scheduled import, in ms (default 30 minutes)" },
  JOURNEYLENS_REPORT_WORK_MEM: { schema: size("64MB"), doc: "sort and hash memory of each report statement (default 64MB)" },
  JOURNEYLENS_REPORT_CACHE: { schema: onOff("on"), doc: "`off` turns the report result cache off (default on)" },
  JOURNEYLENS_REPORT_CACHE_MB: { schema: count(64), doc: "memory the report result cache may take, in MB (default 64)" },
  JOURNEYLENS_REPORT_TIMEOUT_MS: { schema: count(30_000), doc: "the longest a report statement may run before it is stopped, in ms (default 30,000)" },
  JOURNEYLENS_REPORT_MAX_CELLS: { schema: count(100_000), doc: "the most cells a report's grid may have: cohorts × periods × groups, or days (default 100,000)" },
  JOURNEYLENS_BREAKDOWN_GROUPS: { schema: count(10), doc: "breakdown values shown; the rest are added up as \"(other)\" (default 10)" },
  JOURNEYLENS_DB_RESERVED: { schema: count(3), doc: "pool connections reports may never take, kept for sign-ins, uploads and pages (default 3)" },
  JOURNEYLENS_DB_CONNECT_TIMEOUT_MS: { schema: count(10_000), doc: "the longest a request waits for a database connection, in ms (default 10,000)" },
  JOURNEYLENS_DEBUG_IMPORT: { schema: onOff("off"), doc: "`on` prints the time of each import phase" },
  JOURNEYLENS_DEBUG_DB: { schema: onOff("off"), doc: "`on` prints the embedded server's start errors" },
} as const;

type Settings = typeof SETTINGS;
export type Env = { [K in keyof Settings]: z.output<Settings[K]["schema"]> };

const NAMES = Object.keys(SETTINGS) as (keyof Settings)[];
let parsed: { key: string; env: Env } | null = null;

/**
 * The settings, parsed; throws naming the first variable whose value is not valid. `source` is for tests that
 * check how a value is read.
 */
export function env(source: Record<string, string | undefined> = process.env): Env {
  const values = NAMES.map((name) => source[name]);
  const key = JSON.stringify(values);
  if (parsed?.key === key) return parsed.env;
  const out: Record<string, unknown> = {};
  NAMES.forEach((name, i) => {
    // An empty variable counts as unset, as shells make it easy to export one by accident.
    const raw = values[i] === "" ? undefined : values[i];
    const result = SETTINGS[name].schema.safeParse(raw);
    if (!result.success) throw new Error(`${name} must be ${result.error.issues[0]?.message ?? "valid"}, not ${JSON.stringify(raw)}.`);
    out[name] = result.data;
  });
  parsed = { key, env: out as Env };
  return parsed.env;
}
