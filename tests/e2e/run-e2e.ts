/**
 * Prepares a database of the run's own with the demo data (fixed end date, so numbers are stable), then runs
 * Playwright, whose web server inherits DATABASE_URL. The database is dropped afterwards.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { createTestDatabase } from "../setup/test-database";
import { E2E_DEMO_END } from "./demo-constants";

const db = await createTestDatabase("e2e");
let status = 1;
try {
  process.env.DATABASE_URL = db.url;
  // The server's session secret, made for this run; the security tests sign cookies with it (and with others).
  process.env.E2E_SESSION_SECRET = crypto.randomBytes(32).toString("base64url");
  const { loadDemoData } = await import("@/lib/data/demo");
  const { cliActor } = await import("@/lib/data/actor");
  const { closeDb } = await import("@/lib/db/client");
  const summary = await loadDemoData(cliActor, { endDate: new Date(`${E2E_DEMO_END}T23:59:59Z`) });
  console.log(`Demo data: ${summary.totalEvents} events in ${summary.seconds.toFixed(1)} s`);
  await closeDb();
  const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
  status = result.status ?? 1;
} finally {
  await db.drop();
}
process.exit(status);
