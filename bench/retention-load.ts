/**
 * One upload through the app's import path (importUpload as the CLI actor, what `journeylens import` runs), in a
 * process of its own started with the CLI's heap cap, so its peak RSS is the CLI's. Prints progress to stderr and
 * the upload's result with the peak RSS as the last line of stdout.
 */
import fs from "node:fs";
import path from "node:path";
import { cliActor } from "@/lib/data/actor";
import { importUpload } from "@/lib/data/uploads";
import { closeDb } from "@/lib/db/client";
import type { UploadKind } from "@/lib/ingest/kinds";

const [file, slug, kind] = process.argv.slice(2) as [string, string, UploadKind];
const total = fs.statSync(file).size;
const started = performance.now();
let lastReport = started;
let read = false;
const result = await importUpload(
  cliActor,
  slug,
  { fileName: path.basename(file), stream: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), options: { kind } },
  ({ bytes, rows }) => {
    const now = performance.now();
    const seconds = ((now - started) / 1000).toFixed(0);
    if (bytes >= total && !read) {
      // The rest happens in set-based SQL (moves, indexes, the activity rollup) with no progress to report.
      read = true;
      console.error(`  ${kind}: file read, ${rows.toLocaleString("en-US")} rows in ${seconds} s; moving them into the project's tables`);
    } else if (now - lastReport >= 15_000 && !read) {
      console.error(`  ${kind}: ${((bytes / total) * 100).toFixed(0)}% read, ${rows.toLocaleString("en-US")} rows in ${seconds} s`);
      lastReport = now;
    }
  },
);
await closeDb();
console.log(JSON.stringify({ ...result, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
