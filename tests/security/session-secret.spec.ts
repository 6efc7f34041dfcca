import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import pg from "pg";

/**
 * 1. A production start: sessions are signed with the installation's own secret, never one from the source, and a
 * production start on its own database without NEXTAUTH_SECRET is refused with a message saying how to set it.
 */
const OLD_FIXED_SECRET = "journeylens-local-installation-secret";

/** The admin's id and a live session of theirs, as a sign-in would have made it. */
async function adminSession() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const uid = (await client.query("select id from users where email = 'admin@journeylens.test'")).rows[0].id as string;
    const sid = (
      await client.query("insert into sessions (id, user_id, expires_at) values (gen_random_uuid(), $1, now() + interval '1 hour') returning id", [uid])
    ).rows[0].id as string;
    return { uid, sid };
  } finally {
    await client.end();
  }
}

test("a session cookie forged with the old fixed secret gets 401; one signed with the server's secret is accepted", async ({ request, baseURL }) => {
  const { uid, sid } = await adminSession();
  const cookie = async (secret: string) =>
    `next-auth.session-token=${await encode({ token: { uid, sid, email: "admin@journeylens.test", name: "Ada Admin" }, secret })}`;
  const forged = await request.get(`${baseURL}/api/v1/users`, { headers: { cookie: await cookie(OLD_FIXED_SECRET) } });
  expect(forged.status()).toBe(401);
  const genuine = await request.get(`${baseURL}/api/v1/users`, { headers: { cookie: await cookie(process.env.E2E_SESSION_SECRET!) } });
  expect(genuine.status()).toBe(200);
});

/** Starts the built app with `env` and resolves with its exit code and output once it exits, or null if still up. */
function start(env: Record<string, string>, seconds: number): Promise<{ code: number | null; output: string } | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/serve.mjs", "-p", "3197", "-H", "127.0.0.1"], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", ...env } as unknown as NodeJS.ProcessEnv,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      resolve(null);
    }, seconds * 1000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("a production start on its own database without NEXTAUTH_SECRET refuses to run, saying how to set it", async () => {
  test.setTimeout(120_000);
  for (const url of ["http://127.0.0.1:3197", "https://analytics.example.com"]) {
    const exited = await start({ DATABASE_URL: process.env.DATABASE_URL!, NEXTAUTH_URL: url, JOURNEYLENS_SCHEDULER: "off" }, 45);
    expect(exited, url).not.toBeNull();
    expect(exited!.code).not.toBe(0);
    expect(exited!.output).toContain("NEXTAUTH_SECRET is not set.");
    expect(exited!.output).toContain("openssl rand -base64 32");
  }
});
