import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/**
 * Another instance of the built app, started the way `npm start` starts it, on the suite's database: for the checks
 * that need a server of their own (how it starts, how much memory it takes).
 */
export type AppServer = { url: string; process: ChildProcess; output: () => string; rssMb: () => number; stop: () => void };

export function startAppServer(port: number, env: Record<string, string>): AppServer {
  const child = spawn(process.execPath, ["bin/serve.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", JOURNEYLENS_SCHEDULER: "off", ...env } as unknown as NodeJS.ProcessEnv,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024,
    stop: () => void child.kill("SIGTERM"),
  };
}

/** Resolves once the server answers, or rejects with its output when it exits first or takes over `seconds`. */
export async function whenUp(server: AppServer, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`The server exited: ${server.output()}`);
    try {
      if ((await fetch(`${server.url}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not come up: ${server.output()}`);
}

/** Resolves with the exit code once the server exits, or null if it is still up after `seconds`. */
export function exitWithin(server: AppServer, seconds: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), seconds * 1000);
    server.process.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
