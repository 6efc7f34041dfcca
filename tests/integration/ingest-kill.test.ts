import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { dataCounts, importText } from "../support/ingest";

const ROWS = 400_000;
const file = path.join(os.tmpdir(), `journeylens-kill-${process.pid}.csv`);
let projectId = "";

beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "kill", timezone: "UTC" })).id;
  await importText("kill", "person,time,name\nbefore,2026-01-01 00:00,kept\n", { kind: "events" });
  const out = fs.openSync(file, "w");
  let chunk = "person,time,name,session,amount\n";
  for (let i = 0; i < ROWS; i++) {
    chunk += `p${i % 5000},2026-02-${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:00:00,view,s${i % 9000},${i % 100}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = "";
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
});

async function waitFor<T>(probe: () => Promise<T | null | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("an import killed mid-load", () => {
  it("leaves the project as it was, and the same upload then succeeds", async () => {
    const before = await dataCounts(projectId);
    const { pool } = await getDb();
    // Its own process group, so SIGKILL reaches tsx's node child as well as the wrapper.
    const child = spawn("./bin/journeylens", ["import", file, "--project", "kill", "--as", "events"], { detached: true, stdio: "ignore", env: process.env });
    const upload = await waitFor(async () => {
      const { rows } = await pool.query("select id, progress from uploads where project_id = $1 and status = 'running'", [projectId]);
      return rows.find((r) => Number(r.progress.rows ?? 0) > 50_000);
    }, 60_000);
    process.kill(-child.pid!, "SIGKILL");
    // The server rolls the transaction back when it sees the connection drop.
    await waitFor(async () => {
      const { rows } = await pool.query("select count(*) as n from pg_stat_activity where datname = current_database() and query ilike 'copy %'");
      return rows[0].n === 0;
    }, 30_000);
    expect(await dataCounts(projectId)).toEqual(before);
    const { rows } = await pool.query("select status from uploads where id = $1", [upload.id]);
    expect(rows[0].status).toBe("running");

    const again = await importText("kill", fs.readFileSync(file), { kind: "events" });
    expect(again).toMatchObject({ rowsRead: ROWS, rowsStored: ROWS, events: ROWS, peopleCreated: 5000 });
    fs.rmSync(file);
  }, 180_000);
});
