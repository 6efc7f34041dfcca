/** Imports one file through the app's import path in its own process and prints the result with the peak RSS. */
import fs from "node:fs";
import path from "node:path";
import { cliActor } from "@/lib/data/actor";
import { importUpload } from "@/lib/data/uploads";
import { closeDb } from "@/lib/db/client";

const [file, slug] = process.argv.slice(2) as [string, string];
const result = await importUpload(cliActor, slug, {
  fileName: path.basename(file),
  stream: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
  options: { kind: "events", force: true },
});
await closeDb();
console.log(JSON.stringify({ ...result, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
