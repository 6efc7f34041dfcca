import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

/** Debian's PgBouncer (bin/ensure-test-tools.sh installs it), or null when this machine has none. */
export function pgbouncerBinary(): string | null {
  const dirs = ["/usr/sbin", "/usr/bin", ...(process.env.PATH ?? "").split(path.delimiter)];
  for (const dir of dirs) {
    const file = path.join(dir, "pgbouncer");
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

export type Bouncer = {
  /** The URL of `database` through the bouncer: any user name, no password (auth_type = any). */
  url(database: string): string;
  /** What PgBouncer has logged so far. */
  log(): string;
  stop(): Promise<void>;
};

/**
 * Starts PgBouncer on a free loopback port, in front of the server of `serverUrl`, in transaction pooling mode with
 * `poolSize` server connections per database. Every database of that server is reachable through it, each logging in
 * as `serverUrl`'s user. PgBouncer refuses to run as root: as root it switches to the OS user `postgres`, which Debian's
 * package creates and which then owns the folder of its configuration (the server's password is in it).
 */
export async function startPgBouncer(binary: string, serverUrl: string, poolSize: number): Promise<Bouncer> {
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-pgbouncer-"));
  const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const target = [
    `host=${server.hostname}`,
    `port=${server.port || 5432}`,
    `user=${quote(decodeURIComponent(server.username))}`,
    ...(server.password ? [`password=${quote(decodeURIComponent(server.password))}`] : []),
  ].join(" ");
  const config = path.join(dir, "pgbouncer.ini");
  fs.writeFileSync(
    config,
    [
      "[databases]",
      `* = ${target}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 500",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    fs.chownSync(dir, uid, gid);
    fs.chownSync(config, uid, gid);
  }
  // In the foreground, logging to standard error: the process is this test's child and ends with it.
  const child = spawn(binary, [...(asRoot ? ["-u", "postgres"] : []), config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      resolve();
    }),
  );
  const url = (database: string) => `postgresql://bouncer@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (exited === undefined) child.kill("SIGTERM");
    await exit;
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url(server.pathname.slice(1) || "postgres"), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query("select 1");
      break;
    } catch (error) {
      if (exited !== undefined || Date.now() > deadline) {
        await stop();
        throw new Error(`PgBouncer did not start (${(error as Error).message}):\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
  return { url, log: () => log, stop };
}
