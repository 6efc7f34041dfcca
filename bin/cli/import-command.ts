import fs from "node:fs";
import path from "node:path";
import { importUpload } from "@/lib/data/uploads";
import { UPLOAD_KINDS } from "@/lib/ingest/kinds";
import { option, requireOption, UsageError } from "./args";
import { importOptionsFromArgs } from "./import-options";
import type { Command } from "./commands";

function progressBar(total: number) {
  if (!process.stderr.isTTY) return () => {};
  const started = Date.now();
  return ({ bytes, rows }: { bytes: number; rows: number }) => {
    const share = total ? Math.min(1, bytes / total) : 0;
    const width = 30;
    const done = Math.round(share * width);
    const rate = Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
    process.stderr.write(`\r[${"#".repeat(done)}${"-".repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${rows.toLocaleString("en-US")} rows  ${rate.toLocaleString("en-US")} rows/s`);
  };
}

export const importCommand: Command = {
  name: ["import"],
  usage: `import <file> --project <slug> --as ${UPLOAD_KINDS.join("|")} [--map <field>=<Column>]… [--set <field>=<value>]… [--skip-invalid] [--force] [--json]`,
  summary: "Import a CSV file, all or nothing. Exit code 0 only when it was stored.",
  help: `
Fields: events person time name session revenue; people person signup plan source platform country;
journeys person session journey plan source platform country (and --separator, default "-");
campaign-sends campaign campaign_name channel person sent delivered bounced opened clicked unsubscribed (times or yes/no);
spend date channel campaign platform cost currency clicks impressions.
Unmapped columns become properties under their header names. Columns named like a field are mapped to it.
Options: --date-order day_first|month_first for dates such as 03/04/2026 (default: read from the file, else day first).
Example: journeylens import retail.csv --project shop --as events --map person=CustomerID --map time=InvoiceDate --set name=purchase --skip-invalid`,
  async run(args, actor) {
    const file = args.positional[0];
    if (!file) throw new UsageError("<file> is required");
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`No file at ${file}`);
    const total = fs.statSync(file).size;
    const bar = progressBar(total);
    const result = await importUpload(
      actor,
      requireOption(args, "project"),
      {
        fileName: path.basename(file),
        stream: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
        options: importOptionsFromArgs(args),
      },
      bar,
    );
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (option(args, "json")) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    const skipped = Object.entries(result.skipped).map(([reason, n]) => `  skipped, ${reason}: ${n.toLocaleString("en-US")}`);
    console.log(
      [
        `Stored upload #${result.upload} (${result.kind}) in ${result.project}: ${result.rowsStored.toLocaleString("en-US")} of ${result.rowsRead.toLocaleString("en-US")} rows in ${result.seconds} s (${result.rowsPerSecond.toLocaleString("en-US")} rows/s).`,
        `  events: ${result.events.toLocaleString("en-US")}, people created: ${result.peopleCreated.toLocaleString("en-US")}, updated: ${result.peopleUpdated.toLocaleString("en-US")}`,
        ...skipped,
      ].join("\n"),
    );
  },
};
