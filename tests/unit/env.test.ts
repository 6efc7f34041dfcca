import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SETTINGS, env } from "@/lib/env";

describe("settings", () => {
  it("the README's settings table lists exactly the variables lib/env.ts reads", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Settings"), readme.indexOf("\n## ", readme.indexOf("## Settings") + 1));
    const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort(), "npm run docs:settings writes the table").toEqual(Object.keys(SETTINGS).sort());
  });

  it("reads defaults, numbers with digit separators and on/off words", () => {
    const settings = env({ JOURNEYLENS_UPLOAD_MAX_BYTES: "1_048_576", JOURNEYLENS_REPORT_CACHE: "OFF", JOURNEYLENS_DB_POOL: "" });
    expect(settings.JOURNEYLENS_UPLOAD_MAX_BYTES).toBe(1_048_576);
    expect(settings.JOURNEYLENS_REPORT_CACHE).toBe(false);
    expect(settings.JOURNEYLENS_DB_POOL).toBe(10);
    expect(settings.JOURNEYLENS_SCHEDULER).toBe(true);
    expect(settings.JOURNEYLENS_PG_PORT).toBeUndefined();
    expect(settings.JOURNEYLENS_REPORT_WORK_MEM).toBe("64MB");
  });

  it("refuses a bad value, naming the variable, instead of falling back to the default", () => {
    expect(() => env({ JOURNEYLENS_DB_POOL: "ten" })).toThrow('JOURNEYLENS_DB_POOL must be a whole number of at least 1, not "ten".');
    expect(() => env({ JOURNEYLENS_REPORT_CACHE: "maybe" })).toThrow('JOURNEYLENS_REPORT_CACHE must be on or off, not "maybe".');
    expect(() => env({ JOURNEYLENS_REPORT_WORK_MEM: "64 MB" })).toThrow('JOURNEYLENS_REPORT_WORK_MEM must be a size such as 64MB, not "64 MB".');
  });
});
