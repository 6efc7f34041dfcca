/**
 * The production server (`npm start`): Next.js's request handler behind Node's HTTP server, for one fact that
 * `next start` does not pass on — the address of the socket a request came in on. Next fills `x-forwarded-for` with
 * it only when the client sent none, so a client could choose its own address. Here each request carries
 * `x-journeylens-peer: <key> <address>`, overwriting any such header from outside; the key is made per process, so
 * only this server can set it (lib/http/client-address.ts reads it, with trusted proxies, when set).
 *
 * Usage: node bin/serve.mjs [-p <port>] [-H <hostname>]   (PORT and HOSTNAME work too, as with `next start`)
 */
import crypto from "node:crypto";
import http from "node:http";
import next from "next";

const args = process.argv.slice(2);
const flag = (short, long) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(flag("-p", "--port") ?? process.env.PORT ?? 3000);
const hostname = flag("-H", "--hostname") ?? process.env.HOSTNAME ?? "0.0.0.0";

const key = crypto.randomBytes(16).toString("hex");
globalThis.journeylensPeerKey = key;
// Where the server's own Chromium reaches this app to draw dashboards (lib/export/chromium.ts).
globalThis.journeylensOwnOrigin = `http://${hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname}:${port}`;

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers["x-journeylens-peer"] = `${key} ${req.socket.remoteAddress ?? ""}`;
  void handle(req, res);
});
// A client must send its headers within 20 s. A body has no overall time limit, as an upload may stream for many
// minutes; one that stops sending is ended by the upload's own idle limit (JOURNEYLENS_UPLOAD_IDLE_S).
server.headersTimeout = 20_000;
server.requestTimeout = 0;
server.listen(port, hostname, () => console.log(`Journeylens is listening on http://${hostname}:${port}`));
