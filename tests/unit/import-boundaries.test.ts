import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPORTS } from "@/lib/reports/registry";
import { forbiddenImports, importsOf, sourceFiles } from "../support/import-scan";

const root = path.resolve(import.meta.dirname, "../..");
const rel = (file: string) => path.relative(root, file);

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

  it("report SQL takes text that is not a bound value only from the constant tables of sql/identifiers.ts", () => {
    const rawUsers = [...sourceFiles(path.join(root, "lib/reports"))].filter((f) =>
      importsOf(f).some((i) => i.spec === "@/lib/db/sql" && /\braw\b/.test(i.names)),
    );
    expect(rawUsers.map(rel)).toEqual(["lib/reports/sql/identifiers.ts"]);
  });

  it("the SQL toolkit and the rollups import no report, and reports import each other's folders never", () => {
    const kinds = Object.keys(REPORTS);
    const reportFolder = (spec: string) => kinds.find((k) => new RegExp(`(^|/)reports/${k}(/|$)|^\\.\\./${k}(/|$)`).test(spec));
    const found: string[] = [];
    for (const folder of ["sql", "rollups", ...kinds])
      for (const file of sourceFiles(path.join(root, "lib/reports", folder)))
        for (const { spec } of importsOf(file)) {
          const kind = reportFolder(spec);
          if (kind && kind !== folder) found.push(`${rel(file)} → ${spec}`);
        }
    expect(found).toEqual([]);
  });

  it("the data layer names no report: every kind goes through the registry", () => {
    const text = fs.readFileSync(path.join(root, "lib/data/reports.ts"), "utf8");
    for (const kind of Object.keys(REPORTS)) expect(text).not.toMatch(new RegExp(`\\b${kind}\\b`));
  });

  it("settings are read from the environment in lib/env.ts alone (passing it on to a child process is no read)", () => {
    const readers = ["lib", "app", "components", "bin"]
      .flatMap((folder) => [...sourceFiles(path.join(root, folder))])
      .filter((f) => !f.includes(`${path.sep}generated${path.sep}`) && /process\.env(\.\w|\[)/.test(fs.readFileSync(f, "utf8")))
      .map(rel)
      // bin/serve.mjs starts before any app module, and reads PORT and HOSTNAME as `next start` does.
      .filter((f) => f !== "lib/env.ts" && f !== "bin/serve.mjs");
    expect(readers).toEqual([]);
  });
});
