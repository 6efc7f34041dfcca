import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** The app's own origin: NEXTAUTH_URL's when set, else the one this request was made to. */
export async function appOrigin(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${h.get("host") ?? "localhost"}`;
}

/**
 * A place to go after sign-in, as a path on this app: anything that resolves to another origin — `//evil.example`,
 * `/\evil.example` (browsers read the backslash as a slash), `https://evil.example` — becomes "/".
 */
export function sameOriginPath(target: string | undefined, origin: string): string {
  if (!target) return "/";
  try {
    const url = new URL(target, origin);
    return url.origin === origin ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}
