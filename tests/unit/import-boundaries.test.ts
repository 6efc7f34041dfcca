import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { forbiddenImports } from "../support/import-scan";

const root = path.resolve(import.meta.dirname, "../..");

describe("import boundaries", () => {
  it("no file under app/ or components/ imports Prisma or a database module of lib/", () => {
    expect(forbiddenImports(root, ["app", "components"])).toEqual([]);
  });

  it("the scan catches each forbidden form", () => {
    const dir = fs.mkdtempSync(path.join(root, "tests/.scan-"));
    try {
      fs.mkdirSync(path.join(dir, "app"));
      const bad = [
        'import { PrismaClient } from "@prisma/client";',
        'import { getDb } from "@/lib/db/client";',
        'import { Prisma } from "../../lib/db/generated/client";',
        'const db = await import("@/lib/db/connection");',
        'export { getDb } from "@/lib/db/client";',
      ];
      bad.forEach((line, i) => fs.writeFileSync(path.join(dir, "app", `f${i}.tsx`), line + "\n"));
      fs.writeFileSync(path.join(dir, "app", "ok.tsx"), 'import { runReport } from "@/lib/data/reports";\n');
      expect(forbiddenImports(dir, ["app"]).map((f) => f.file).sort()).toEqual(bad.map((_, i) => `app/f${i}.tsx`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
