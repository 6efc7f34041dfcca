import "server-only";
import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The address a request came from, as far as this server can vouch for it: the socket's peer, recorded by the
 * production server (bin/serve.mjs) under a per-process key that no client can know. Behind
 * JOURNEYLENS_TRUSTED_PROXIES proxies, each of which appends the address it saw to `x-forwarded-for`, the address
 * is that many entries from the right of the chain [x-forwarded-for…, peer]; entries further left were written by
 * the client and are never read. Without the production server (`next dev`), every request is "unknown".
 */
export function clientAddress(headers: { get(name: string): string | null } | Record<string, unknown> | undefined): string {
  const read = (name: string) => {
    if (!headers) return null;
    const value = typeof headers.get === "function" ? (headers as { get(n: string): string | null }).get(name) : (headers as Record<string, unknown>)[name];
    return typeof value === "string" ? value : null;
  };
  const key = (globalThis as { journeylensPeerKey?: string }).journeylensPeerKey;
  const [given, peer] = (read("x-journeylens-peer") ?? "").split(" ");
  if (!key || given !== key || !peer) return "unknown";
  const chain = [...(read("x-forwarded-for") ?? "").split(","), peer].map((a) => a.trim()).filter(Boolean);
  const hops = env().JOURNEYLENS_TRUSTED_PROXIES;
  const address = chain[Math.max(0, chain.length - 1 - hops)]!;
  return isIP(address) ? address : "unknown";
}
