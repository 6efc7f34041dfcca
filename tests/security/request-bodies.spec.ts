import http from "node:http";
import { expect, test } from "@playwright/test";
import { cli } from "../e2e/helpers";
import { startAppServer, whenUp } from "./app-server";

/**
 * 6. Bounded request bodies: the permission is checked before a body is read, and every body is read as a stream
 * against its cap, chunked or not, answering 413 with the limit. The server's memory stays flat meanwhile.
 */
const key = (email: string) => JSON.parse(cli("apikey", "create", "--user", email, "--name", "bodies", "--json")).key as string;

/** POSTs `megabytes` of CSV-like bytes with chunked transfer encoding (no Content-Length); resolves with the answer. */
function postChunked(base: string, path: string, bearer: string, megabytes: number, contentType: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": contentType, "transfer-encoding": "chunked" },
    });
    const chunk = Buffer.from("person,time,name\n".padEnd(64 * 1024, "x"));
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // Once answered, the server may stop reading: the writes that follow may fail, which is the point.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const write = () => {
      while (!answered && sent < megabytes * 16) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

test("a 100 MB chunked body to the preview is refused at its 1 MiB cap, and the server's memory stays flat meanwhile", async () => {
  test.setTimeout(120_000);
  const admin = key("admin@journeylens.test");
  // A server of its own, so that its memory is this request's doing and not that of the suite's pages before it.
  const server = startAppServer(3198, { DATABASE_URL: process.env.DATABASE_URL!, NEXTAUTH_SECRET: process.env.E2E_SESSION_SECRET! });
  try {
    await whenUp(server);
    // The same two routes once with small bodies first: what they load (the route's code, the database pool) is
    // the server's, not the large body's. A server's whole RSS (250–300 MB here, varying from start to start) says
    // nothing of the body; its growth while the body streams in does, and a body held in memory would add its size.
    expect((await postChunked(server.url, "/api/v1/projects/giftly/uploads/preview?kind=events", admin, 0, "text/csv")).status).toBeLessThan(500);
    expect((await postChunked(server.url, "/api/v1/projects/giftly/events", admin, 0, "application/json")).status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 1000));
    const before = server.rssMb();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 50);
    try {
      const answer = await postChunked(server.url, "/api/v1/projects/giftly/uploads/preview?kind=events", admin, 100, "text/csv");
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.message).toBe("The start of the file sent for a preview may be at most 1 MiB.");
      const events = await postChunked(server.url, "/api/v1/projects/giftly/events", admin, 10, "application/json");
      expect(events.status).toBe(413);
      expect(JSON.parse(events.body).error.message).toBe("A JSON body may be at most 2 MiB.");
    } finally {
      clearInterval(sampler);
    }
    console.log(`server RSS before the 100 MB body ${before.toFixed(0)} MB, peak during it ${peak.toFixed(0)} MB`);
    expect(peak - before).toBeLessThan(40);
  } finally {
    server.stop();
  }
});

test("the permission is checked before any of the body is read", async ({ baseURL }) => {
  const sales = key("sales@journeylens.test");
  const started = Date.now();
  const answer = await postChunked(baseURL!, "/api/v1/projects/giftly/uploads/preview?kind=events", sales, 100, "text/csv");
  expect(answer.status).toBe(403);
  expect(Date.now() - started).toBeLessThan(10_000);
});
