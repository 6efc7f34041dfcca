import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { createSource, listSources, runSourceNow } from "@/lib/data/import-sources";
import { getDb } from "@/lib/db/client";
import { forbiddenAddress, safeFetch } from "@/lib/ingest/safe-fetch";

/**
 * 4. Safe scheduled fetches: no traffic leaves loopback here. Two local servers count every connection they get; a
 * refusal must be decided before any connection, and an allowed host is fetched with its credentials.
 */
type Counting = { server: http.Server; connections: number; requests: http.IncomingMessage["headers"][]; url: string };
function countingServer(host: string, answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Counting> {
  const counted: Counting = { server: http.createServer((req, res) => (counted.requests.push(req.headers), answer(req, res))), connections: 0, requests: [], url: "" };
  counted.server.on("connection", () => counted.connections++);
  return new Promise((resolve) =>
    counted.server.listen(0, host, () => {
      counted.url = `http://${host}:${(counted.server.address() as AddressInfo).port}`;
      resolve(counted);
    }),
  );
}

let a: Counting; // on 127.0.0.1: the files, a redirect to b, an error page
let b: Counting; // on 127.0.0.2: never allowed
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

beforeAll(async () => {
  b = await countingServer("127.0.0.2", (_req, res) => res.end("person,time,name\nx,2026-01-01 10:00,leak\n"));
  a = await countingServer("127.0.0.1", (req, res) => {
    if (req.url === "/to-b.csv") return res.writeHead(302, { location: `${b.url}/data.csv` }).end();
    if (req.url === "/error") return res.writeHead(500).end("SECRET-INTERNAL-DATA");
    if (req.url === "/trickle") {
      // A byte every 200 ms, never ending: never idle, never done.
      res.write("person,time,name\n");
      const timer = setInterval(() => res.write("x"), 200);
      return res.on("close", () => clearInterval(timer));
    }
    if (req.url === "/html") return res.writeHead(200, { "content-type": "text/html" }).end("<html><title>SECRET-ADMIN-PANEL</title></html>\n");
    res.end("person,time,name\nq1,2026-03-01 10:00,signup\n");
  });
  await createProject(cliActor, { slug: "fetches", timezone: "UTC" });
});
afterAll(async () => {
  await new Promise((r) => a.server.close(r));
  await new Promise((r) => b.server.close(r));
});

const options = { allowHosts: [] as string[], connectTimeoutMs: 2000, idleTimeoutMs: 2000, deadlineMs: 10_000, maxBytes: 1_000_000 };

describe("which addresses a scheduled import may reach", () => {
  it("only public unicast addresses, whatever their spelling", () => {
    expect(forbiddenAddress("93.184.216.34")).toBeNull();
    expect(forbiddenAddress("2606:2800:220:1:248:1893:25c8:1946")).toBeNull();
    expect(
      ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fc00::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"].map(
        forbiddenAddress,
      ),
    ).toEqual(["loopback", "private", "private", "private", "linkLocal", "carrierGradeNat", "unspecified", "multicast", "loopback", "uniqueLocal", "linkLocal", "private", "loopback"]);
  });

  it("refuses loopback, private, link-local and unique-local hosts before connecting", async () => {
    const before = a.connections;
    for (const url of [`${a.url}/daily.csv`, `http://localhost:${new URL(a.url).port}/daily.csv`, "http://10.0.0.7/x.csv", "http://169.254.169.254/latest/meta-data", "http://[::1]/x.csv", "http://[fd00::5]/x.csv"]) {
      const started = performance.now();
      await expect(safeFetch(url, options), url).rejects.toThrow(/address: fetching it is refused/);
      expect(performance.now() - started, url).toBeLessThan(1000);
    }
    expect(a.connections).toBe(before);
  });

  it("fetches an allowed host, and checks every redirect hop the same way", async () => {
    const allowed = { ...options, allowHosts: ["127.0.0.1"] };
    const res = await safeFetch(`${a.url}/daily.csv`, allowed);
    let text = "";
    for await (const chunk of res.body) text += chunk;
    expect(text).toBe("person,time,name\nq1,2026-03-01 10:00,signup\n");
    const bBefore = b.connections;
    await expect(safeFetch(`${a.url}/to-b.csv`, allowed)).rejects.toThrow("The source's host 127.0.0.2 is 127.0.0.2, a loopback address");
    expect(b.connections).toBe(bBefore);
  });

  it("bounds the size, and says what went wrong in its own words, never the source's", async () => {
    const allowed = { ...options, allowHosts: ["127.0.0.1"] };
    await expect(safeFetch(`${a.url}/error`, allowed)).rejects.toThrow(/^The source answered HTTP 500\.$/);
    // Refused by its Content-Length when it says, by counting the bytes when it does not.
    const readAll = async () => {
      const big = await safeFetch(`${a.url}/daily.csv`, { ...allowed, maxBytes: 10 });
      for await (const chunk of big.body) void chunk;
    };
    await expect(readAll()).rejects.toThrow("The source's file is larger than 10 bytes, the upload limit.");
    // A source that keeps sending a little is stopped by the overall limit (JOURNEYLENS_SOURCE_TIMEOUT_MS).
    const trickle = async () => {
      const slow = await safeFetch(`${a.url}/trickle`, { ...allowed, deadlineMs: 800 });
      for await (const chunk of slow.body) void chunk;
    };
    await expect(trickle()).rejects.toThrow("The source took longer than 0.8 s in all (JOURNEYLENS_SOURCE_TIMEOUT_MS).");
  });
});

describe("scheduled imports with credentials", () => {
  it("keep credentials out of the stored URL, sealed, never shown, sent to the source's host only", async () => {
    process.env.JOURNEYLENS_IMPORT_ALLOW_HOSTS = "127.0.0.1";
    const withUser = `http://reports:hunter2-secret@127.0.0.1:${new URL(a.url).port}/daily.csv`;
    // On one's own database a credential is stored only with an encryption key set.
    await expect(createSource(cliActor, "fetches", { url: withUser, cron: "0 2 * * *", options: { kind: "events" } })).rejects.toThrow(
      "Storing a credential needs an encryption key: set JOURNEYLENS_SECRETS_KEY",
    );
    process.env.JOURNEYLENS_SECRETS_KEY = "a-test-key-that-is-long-enough-to-use-here";
    const { id } = await createSource(cliActor, "fetches", { url: withUser, cron: "0 2 * * *", options: { kind: "events" } });
    const { pool } = await getDb();
    const { rows } = await pool.query("select url, credentials from import_sources where id = $1", [id]);
    expect(rows[0].url).toBe(`${a.url}/daily.csv`);
    expect(rows[0].credentials).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain("hunter2");
    const audit = await pool.query("select details from audit_log where action = 'source.create' and target = $1", [id]);
    expect(JSON.stringify(audit.rows)).not.toContain("hunter2");
    const [listed] = (await listSources(cliActor, "fetches")).filter((s) => s.id === id);
    expect(listed).toMatchObject({ url: `${a.url}/daily.csv`, hasCredentials: true });

    a.requests.length = 0;
    expect(await runSourceNow(cliActor, "fetches", id)).toEqual({ status: "stored", message: "1 of 1 rows stored." });
    expect(a.requests[0]!.authorization).toBe(`Basic ${Buffer.from("reports:hunter2-secret").toString("base64")}`);
  });

  it("a run's message never carries what the source sent back", async () => {
    process.env.JOURNEYLENS_IMPORT_ALLOW_HOSTS = "127.0.0.1";
    for (const path of ["/error", "/html"]) {
      const { id } = await createSource(cliActor, "fetches", { url: `${a.url}${path}`, cron: "0 2 * * *", options: { kind: "events" } });
      const run = await runSourceNow(cliActor, "fetches", id);
      expect(run.status).toBe("failed");
      expect(run.message).not.toMatch(/SECRET|html|title/i);
    }
  });
});
