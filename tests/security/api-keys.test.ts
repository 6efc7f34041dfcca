import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { actorForApiKey, createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { createProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import { createUser, setUserDisabled } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { toCsv } from "@/lib/reports/csv";

/** 8. API keys that expire and keys that only read; the CSV formula guard. */
beforeAll(async () => {
  await createUser(cliActor, { email: "keys-admin@example.com", name: "Keys", role: "admin", password: "copper-kettle-whistle" });
  await createProject(cliActor, { slug: "keys", timezone: "UTC" });
});

describe("API keys", () => {
  it("a read-only key of an admin reads reports and is refused every change", async () => {
    const { key } = await createApiKey(cliActor, { userEmail: "keys-admin@example.com", name: "reader", readOnly: true });
    const actor = (await actorForApiKey(key))!;
    await expect(runReport(actor, "keys", "overview", {})).resolves.toBeDefined();
    await expect(createProject(actor, { slug: "nope" })).rejects.toThrow("This API key is read-only.");
  });

  it("an expired key is refused", async () => {
    const { key, id } = await createApiKey(cliActor, { userEmail: "keys-admin@example.com", name: "short", expiresInDays: 1 });
    expect(await actorForApiKey(key)).not.toBeNull();
    const { pool } = await getDb();
    await pool.query("update api_keys set expires_at = now() - interval '1 second' where id = $1", [id]);
    expect(await actorForApiKey(key)).toBeNull();
  });

  it("a revoked key, and the key of a disabled user, are refused; a wrong or foreign key finds nobody", async () => {
    await createUser(cliActor, { email: "keys-reader@example.com", name: "Reader", role: "sales", password: "copper-kettle-whistle" });
    const revoked = await createApiKey(cliActor, { userEmail: "keys-admin@example.com", name: "gone" });
    const theirs = await createApiKey(cliActor, { userEmail: "keys-reader@example.com", name: "theirs" });
    expect(await actorForApiKey(revoked.key)).toMatchObject({ via: "api_key", email: "keys-admin@example.com", role: "admin", readOnly: false });
    expect(await actorForApiKey(theirs.key)).toMatchObject({ email: "keys-reader@example.com", role: "sales" });
    await revokeApiKey(cliActor, revoked.id);
    await setUserDisabled(cliActor, "keys-reader@example.com", true);
    expect(await actorForApiKey(revoked.key)).toBeNull();
    expect(await actorForApiKey(theirs.key)).toBeNull();
    expect(await actorForApiKey(`${theirs.key}x`)).toBeNull();
    expect(await actorForApiKey("not-a-key")).toBeNull();
  });

  it("writes its last use at most once a minute", async () => {
    const { key, id } = await createApiKey(cliActor, { userEmail: "keys-admin@example.com", name: "busy" });
    const { pool } = await getDb();
    const lastUsed = async () => (await pool.query("select last_used_at from api_keys where id = $1", [id])).rows[0].last_used_at as Date;
    await actorForApiKey(key);
    const first = await lastUsed();
    for (let i = 0; i < 5; i++) await actorForApiKey(key);
    expect(await lastUsed()).toEqual(first);
    await pool.query("update api_keys set last_used_at = now() - interval '61 seconds' where id = $1", [id]);
    await actorForApiKey(key);
    expect((await lastUsed()).getTime()).toBeGreaterThan(first.getTime() - 1000);
  });
});

describe("CSV export", () => {
  it("keeps spreadsheets from reading a cell as a formula, a leading tab or carriage return included", () => {
    const csv = toCsv({ columns: ["v"], rows: [["=1+1"], ["+1"], ["-1"], ["@SUM(A1)"], ["\t=1"], ["\r=1"], ["plain"], [-5]] });
    expect(csv.split("\r\n").slice(1, 9)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "\"'\r=1\"", "plain", "-5"]);
  });
});
