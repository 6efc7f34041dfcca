/**
 * Writes the README's settings table from lib/env.ts, the one list of settings: `npm run docs:settings`.
 * (tests/unit/env.test.ts fails while the two differ.)
 */
import fs from "node:fs";
import { SETTINGS } from "@/lib/env";

const file = "README.md";
const text = fs.readFileSync(file, "utf8");
const start = text.indexOf("| variable | meaning |");
const end = text.indexOf("\n\n", start);
if (start < 0 || end < 0) throw new Error("README.md has no settings table to replace");
const rows = Object.entries(SETTINGS).map(([name, s]) => `| \`${name}\` | ${s.doc} |`);
fs.writeFileSync(file, `${text.slice(0, start)}| variable | meaning |\n|---|---|\n${rows.join("\n")}${text.slice(end)}`);
console.log(`Wrote ${rows.length} settings to the table in ${file}.`);
