import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

/**
 * Runs before every page: a fresh nonce and the Content-Security-Policy made with it (Next reads the policy from the
 * request to mark its own inline scripts), and the URL a page was asked for (`x-journeylens-url`), so that a
 * signed-out visit can return to it after sign-in. Not before the API: a proxy buffers request bodies (up to 10 MB,
 * cutting the rest), and uploads stream gigabytes; the API's headers are static (next.config.ts).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  headers.set("x-journeylens-url", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Not for the API, nor Next's static files, which carry their own long-lived caching.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
