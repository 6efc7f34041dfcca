import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { exitWithin, startAppServer } from "./app-server";

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

test("a production start on its own database without NEXTAUTH_SECRET refuses to run, saying how to set it", async () => {
  test.setTimeout(120_000);
  for (const url of ["http://127.0.0.1:3197", "https://analytics.example.com"]) {
    const server = startAppServer(3197, { DATABASE_URL: process.env.DATABASE_URL!, NEXTAUTH_URL: url });
    const code = await exitWithin(server, 45);
    server.stop();
    expect(code, url).not.toBeNull();
    expect(code).not.toBe(0);
    expect(server.output()).toContain("NEXTAUTH_SECRET is not set.");
    expect(server.output()).toContain("openssl rand -base64 32");
  }
});
