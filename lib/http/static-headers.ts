/**
 * Headers every response carries, pages and API alike (next.config.ts sets them; no import here, as the config
 * loads outside the app). Pages also get a per-request Content-Security-Policy from proxy.ts.
 */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** The API answers data, never a page: nothing in it may run or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
