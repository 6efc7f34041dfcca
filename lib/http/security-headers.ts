import "server-only";
import { env } from "@/lib/env";

/**
 * The Content-Security-Policy of every page: scripts only from this origin or carrying the request's nonce (Next
 * marks its own inline scripts with it), no plugins, no other origin for anything, forms posting here only, and
 * framing by the origins of JOURNEYLENS_FRAME_ANCESTORS (none by default). Inline styles stay allowed: the charts
 * position their parts with style attributes.
 */
export function contentSecurityPolicy(nonce: string): string {
  const ancestors = env().JOURNEYLENS_FRAME_ANCESTORS;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.length ? ancestors.join(" ") : "'none'"}`,
  ].join("; ");
}
