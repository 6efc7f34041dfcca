/**
 * The README's first command: prepares the database (the embedded one unless DATABASE_URL is set), loads the demo
 * data on first run, builds the app if it has not been built, starts it, and prints the URL and the demo logins.
 * Ctrl-C stops the app and the embedded database.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { cliActor } from "@/lib/data/actor";
import { demoLoaded, DEMO_PASSWORD, DEMO_USERS, ensureDemoUsers, loadDemoData } from "@/lib/data/demo";
import { closeDb, getDb } from "@/lib/db/client";
import { stopEmbeddedServer } from "@/lib/db/embedded-server";
import { env } from "@/lib/env";

const port = env().PORT;

await getDb();
if (await demoLoaded(cliActor)) {
  console.log("Demo data already loaded (reload it with ./bin/journeylens demo load).");
  await ensureDemoUsers(cliActor);
} else {
  console.log("Loading the demo data…");
  const summary = await loadDemoData(cliActor, { onProgress: (m) => console.log(`  ${m}`) });
  console.log(`Loaded ${summary.totalEvents.toLocaleString("en-US")} events in ${summary.seconds.toFixed(1)} s.`);
}
await closeDb();

if (!fs.existsSync(".next/BUILD_ID")) {
  console.log("Building the app (once; about a minute)…");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// A trial on one's own database signs its sessions with a key made for this run (they end when it stops); on the
// embedded database the app uses the key generated for the installation.
const trialSecret = env().DATABASE_URL && !env().NEXTAUTH_SECRET ? { NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url") } : {};
const app = spawn(process.execPath, ["bin/serve.mjs", "-p", String(port)], {
  stdio: ["ignore", "ignore", "inherit"],
  // next-auth builds its redirects from NEXTAUTH_URL.
  env: { NEXTAUTH_URL: `http://localhost:${port}`, ...trialSecret, ...process.env },
});

async function waitUntilUp() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://localhost:${port}/login`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (await waitUntilUp()) {
  console.log(`\nJourneylens is running at http://localhost:${port}\n\nDemo logins (password "${DEMO_PASSWORD}"):`);
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
  console.log(
    "\nThis is the demo, for trying the product: the demo logins above are public and are recreated on every start.\n" +
      "For your own data, start with `npm start` and create your users with `./bin/journeylens user create` (see the README).",
  );
  console.log("\nPress Ctrl-C to stop.");
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await stopEmbeddedServer();
  process.exit(code);
}
// Registered after the database module's own handlers, so the app stops before its database does.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
app.on("exit", (code) => void shutdown(code ?? 0));
