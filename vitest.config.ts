import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = [
  { find: /^@\/(.*)$/, replacement: path.resolve(import.meta.dirname, "$1") },
  // `server-only` throws outside React Server Components; tests and scripts are server code already.
  { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "tests/setup/empty-module.ts") },
];

// Time code runs again in two more process zones, one behind UTC with DST and one at a half-hour offset: its
// answers must not depend on the zone the server runs in.
const TIME_CODE = ["tests/unit/time-code.test.ts", "tests/unit/cron.test.ts"];
const OTHER_ZONES = ["America/New_York", "Asia/Kolkata"];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "suite",
          include: ["tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.ts", "tests/security/**/*.test.ts", "lib/**/*.test.ts"],
          env: { TZ: "UTC" },
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/worker-setup.ts"],
          // Integration files share one test database.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...OTHER_ZONES.map((zone) => ({ resolve: { alias }, test: { name: `time code, TZ=${zone}`, include: TIME_CODE, env: { TZ: zone } } })),
    ],
  },
});
