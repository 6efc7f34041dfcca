import "server-only";
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { Transform, type Readable } from "node:stream";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";
import { describeBytes } from "./limits";

/**
 * Fetches a scheduled import's file without letting its URL reach into the server's own network (SSRF): the host is
 * resolved first and every address it resolves to must be a public unicast one — not loopback, private, link-local,
 * unique-local, carrier-grade NAT, multicast or reserved — unless the host is in `allowHosts`; the connection then
 * goes to that checked address (no second lookup to rebind). Redirects are followed by hand, each hop checked the
 * same way. Connecting, waiting and size are bounded, and nothing the server sends back is put into a message.
 */
export type SafeFetchOptions = {
  allowHosts: string[];
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  /** The longest the whole fetch may take, redirects and body included. */
  deadlineMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** Sent with every request to the source's own host (credentials), never to a host a redirect leads to. */
  authorization?: string;
  /** What the URL is, in messages: "source" (a scheduled import's file) or "webhook". */
  noun?: string;
};

export type SafeResponse = { body: Readable; url: URL };

/** Why an address may not be fetched, or null when it may: a public unicast address. */
export function forbiddenAddress(address: string): string | null {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === "unicast" ? null : range;
}

const allowed = (host: string, allowHosts: string[]) => allowHosts.some((h) => h.toLowerCase() === host.toLowerCase());

/** The address to connect to for a URL's host, checked; refuses before any connection. */
async function checkedAddress(url: URL, allowHosts: string[], noun = "source"): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }]
    : await dns.lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new AppError("invalid", `The host ${host} of the ${noun}'s URL cannot be found.`);
      });
  if (!addresses.length) throw new AppError("invalid", `The host ${host} of the ${noun}'s URL cannot be found.`);
  if (!allowed(host, allowHosts))
    for (const { address } of addresses) {
      const why = forbiddenAddress(address);
      if (why)
        throw new AppError(
          "forbidden",
          `The ${noun}'s host ${host} is ${address}, a ${why} address: ${noun === "source" ? "fetching" : "posting to"} it is refused, as it would reach into this server's own network. An administrator may allow the host with JOURNEYLENS_IMPORT_ALLOW_HOSTS.`,
        );
    }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** One request to a checked address, resolving once the response's head has arrived. */
function request(
  url: URL,
  target: { address: string; family: 4 | 6 },
  options: SafeFetchOptions,
  authorization: string | undefined,
  deadline: Deadline,
  json?: string,
): Promise<http.IncomingMessage> {
  const noun = options.noun ?? "source";
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: json === undefined ? "GET" : "POST",
      headers: {
        "user-agent": json === undefined ? "Journeylens scheduled import" : "Journeylens alert",
        ...(authorization ? { authorization } : {}),
        ...(json === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(json) }),
      },
      // The connection goes to the address that was checked, whatever DNS says by now.
      lookup: (_host, _opts, callback) => callback(null, target.address, target.family),
      timeout: options.idleTimeoutMs,
    });
    const connectTimer = setTimeout(
      () => req.destroy(new AppError("invalid", `The ${noun} did not accept a connection within ${options.connectTimeoutMs / 1000} s.`)),
      options.connectTimeoutMs,
    );
    const stop = deadline.onExpiry((error) => req.destroy(error));
    req.on("socket", (socket) => socket.once("connect", () => clearTimeout(connectTimer)));
    req.on("timeout", () => req.destroy(new AppError("invalid", `The ${noun} sent nothing for ${options.idleTimeoutMs / 1000} s.`)));
    req.on("response", (res) => {
      clearTimeout(connectTimer);
      stop();
      resolve(res);
    });
    req.on("error", (error) => {
      clearTimeout(connectTimer);
      stop();
      reject(error instanceof AppError ? error : new AppError("invalid", `The ${noun} could not be reached (${(error as NodeJS.ErrnoException).code ?? "connection failed"}).`));
    });
    req.end(json);
  });
}

/** The fetch's overall time limit: whatever part is under way when it passes fails with the limit's words. */
type Deadline = { onExpiry(stop: (error: AppError) => void): () => void };

function deadlineOf(ms: number): Deadline {
  const signal = AbortSignal.timeout(ms);
  const error = () => new AppError("invalid", `The source took longer than ${ms / 1000} s in all (JOURNEYLENS_SOURCE_TIMEOUT_MS).`);
  return {
    onExpiry(stop) {
      if (signal.aborted) {
        stop(error());
        return () => {};
      }
      const listener = () => stop(error());
      signal.addEventListener("abort", listener, { once: true });
      return () => signal.removeEventListener("abort", listener);
    },
  };
}

export async function safeFetch(start: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const deadline = deadlineOf(options.deadlineMs);
  let url = new URL(start);
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("invalid", "A source is fetched over http or https only.");
    if (url.username || url.password) throw new AppError("invalid", "A source's URL may not carry credentials; they are kept apart, encrypted.");
    const target = await checkedAddress(url, options.allowHosts);
    const res = await request(url, target, options, url.origin === origin ? options.authorization : undefined, deadline);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= (options.maxRedirects ?? 5)) throw new AppError("invalid", `The source redirected more than ${options.maxRedirects ?? 5} times.`);
      url = new URL(res.headers.location, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new AppError("invalid", `The source answered HTTP ${status}.`);
    }
    const declared = Number(res.headers["content-length"] ?? 0);
    if (declared > options.maxBytes) {
      res.destroy();
      throw new AppError("too_large", `The source's file is larger than ${describeBytes(options.maxBytes)}, the upload limit.`);
    }
    let received = 0;
    const capped = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > options.maxBytes) done(new AppError("too_large", `The source's file is larger than ${describeBytes(options.maxBytes)}, the upload limit.`));
        else done(null, chunk);
      },
    });
    res.on("error", (error) => capped.destroy(error));
    const stop = deadline.onExpiry((error) => capped.destroy(error));
    // However the body ends (read to the end, refused for its size, stopped by the deadline), the connection goes.
    capped.once("close", () => {
      stop();
      res.destroy();
    });
    return { body: res.pipe(capped), url };
  }
}

/**
 * Posts a JSON document (an alert) to a URL under the same rules as a fetch: the host checked and connected to by
 * address, bounded in time; redirects are not followed. Resolves when the receiver answered 2xx.
 */
export async function safePost(target: string, document: unknown, options: Omit<SafeFetchOptions, "maxBytes" | "maxRedirects">): Promise<void> {
  const noun = options.noun ?? "webhook";
  const url = new URL(target);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("invalid", `A ${noun} is reached over http or https only.`);
  const deadline = deadlineOf(options.deadlineMs);
  const address = await checkedAddress(url, options.allowHosts, noun);
  const res = await request(url, address, { ...options, noun, maxBytes: 0 }, options.authorization, deadline, JSON.stringify(document));
  res.resume();
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) throw new AppError("invalid", `The ${noun} answered HTTP ${status}.`);
}
