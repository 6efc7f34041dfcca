import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Pages, route handlers, server actions and components reach data only through lib/data.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@prisma/client", "@prisma/client/*", "**/lib/db/*", "@/lib/db/*"], message: "Use lib/data: it checks the acting user's permission." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**", "bin/**", "tests/**", "bench/**", "*.config.*"],
    rules: { "no-restricted-imports": "off" },
  },
  globalIgnores([".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
]);
