/** The end of the demo data the end-to-end suite loads; reports are asked "as of" this day. */
export const E2E_DEMO_END = "2026-06-30";
export const DEMO_PASSWORD = "journeylens-demo";
export const LOGINS = {
  admin: "admin@journeylens.test",
  marketing: "marketing@journeylens.test",
  sales: "sales@journeylens.test",
} as const;
