import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/**
 * Throwaway PostgreSQL servers on loopback, from the PostgreSQL installed on the machine (Debian's
 * /usr/lib/postgresql/<version>/bin): a primary made with initdb and streaming replicas of it made with
 * pg_basebackup. As root, every server program runs as the OS user `postgres`, as PostgreSQL requires.
 */

/** The newest installed server's programs, or undefined when the machine has none. */
export function serverPrograms(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && Number(v) >= 15).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, "bin")).find((bin) => ["initdb", "pg_ctl", "pg_basebackup"].every((p) => fs.existsSync(path.join(bin, p))));
}

const asRoot = process.getuid?.() === 0;

/** `detached`: the program leaves a server running, which would hold piped output open; its log is in its folder. */
function run(bin: string, program: string, args: string[], detached = false) {
  const command = asRoot ? (["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]] as const) : ([path.join(bin, program), args] as const);
  execFileSync(command[0], command[1], { stdio: detached ? "ignore" : ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

export type Server = { port: number; dir: string; url: (database: string) => string };

export class Cluster {
  private readonly servers: Server[] = [];
  private constructor(
    private readonly bin: string,
    readonly root: string,
  ) {}

  static create(bin: string): Cluster {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "journeylens-cluster-"));
    if (asRoot) execFileSync("chown", ["postgres:postgres", root]);
    return new Cluster(bin, root);
  }

  /** A new primary with trust authentication on loopback, replication connections included (initdb's default). */
  async primary(): Promise<Server> {
    const dir = path.join(this.root, "primary");
    run(this.bin, "initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    return this.start(dir);
  }

  /** A streaming replica of `primary`, copied with pg_basebackup (-R writes its standby settings; a fast checkpoint, not a spread one of minutes). */
  async replica(primary: Server): Promise<Server> {
    const dir = path.join(this.root, `replica-${this.servers.length}`);
    run(this.bin, "pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", dir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"]);
    return this.start(dir);
  }

  private async start(dir: string): Promise<Server> {
    const port = await freePort();
    // Sockets in the data folder: the default socket folder may not exist or be writable here.
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
    const log = path.join(dir, "server.log");
    try {
      run(this.bin, "pg_ctl", ["-D", dir, "-o", options, "-l", log, "-w", "start"], true);
    } catch (error) {
      throw new Error(`The server in ${dir} did not start: ${fs.existsSync(log) ? fs.readFileSync(log, "utf8").slice(-2000) : (error as Error).message}`);
    }
    const server = { port, dir, url: (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}` };
    this.servers.push(server);
    return server;
  }

  /** Stops every server and removes their folders. */
  stop() {
    for (const server of this.servers.reverse()) {
      try {
        run(this.bin, "pg_ctl", ["-D", server.dir, "-m", "immediate", "-w", "stop"], true);
      } catch {
        // Already stopped.
      }
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
