import { spawn } from "node:child_process";
import type { UploadKind } from "@/lib/ingest/kinds";

export type LoadResult = { seconds: number; rowsPerSecond: number; rowsStored: number; maxRssMB: number; phases: string[] };

/** Imports a file in a child process with the heap cap bin/journeylens gives `import`; collects its phase timings. */
export function loadFile(file: string, slug: string, kind: UploadKind, childEnv: NodeJS.ProcessEnv): Promise<LoadResult> {
  const child = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "bench/retention-load.ts", file, slug, kind], {
    env: { ...childEnv, JOURNEYLENS_DEBUG_IMPORT: "1", NODE_OPTIONS: `--max-old-space-size=128${childEnv.NODE_OPTIONS ? ` ${childEnv.NODE_OPTIONS}` : ""}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`The ${kind} import failed (exit ${code})`));
      const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Omit<LoadResult, "phases">;
      resolve({ ...result, phases: [...stderr.matchAll(/^import: (.+) ([\d.]+) s$/gm)].map((m) => `${m[1]} ${m[2]} s`) });
    });
  });
}

