import fs from "node:fs";
import path from "node:path";
import { importUpload, validateUpload, type UploadResult, type ValidationResult } from "@/lib/data/uploads";
import { UPLOAD_KINDS } from "@/lib/ingest/kinds";
import { duplicateError } from "@/lib/ingest/run-import";
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

const n = (value: number) => value.toLocaleString("en-US");

/** The counts both an import and a dry run report, after their first line. */
function countLines(result: UploadResult | ValidationResult) {
  return [
    `  events: ${n(result.events)}, people created: ${n(result.peopleCreated)}, updated: ${n(result.peopleUpdated)}`,
    ...Object.entries(result.skipped).map(([reason, count]) => `  skipped, ${reason}: ${n(count)}`),
  ];
}

/** A dry run's summary: what an import would store, the skipped rows' errors and a file stored before. */
function validationReport(result: ValidationResult, force: boolean) {
  const lines = [
    `Checked every row of ${result.fileName} (${result.kind}) for ${result.project}; nothing was stored. ${n(result.rowsStored)} of ${n(result.rowsRead)} rows would be stored (${result.seconds} s, ${n(result.rowsPerSecond)} rows/s).`,
    ...countLines(result),
    ...result.problems.map((p) => `  ${p}`),
  ];
  if (result.duplicateOf && force) lines.push(`  This file was stored before (upload #${result.duplicateOf.upload}); --force stores it again.`);
  return lines.join("\n");
}

export const importCommand: Command = {
  name: ["import"],
  usage: `import <file> --project <slug> --as ${UPLOAD_KINDS.join("|")} [--map <field>=<Column>]… [--set <field>=<value>]… [--skip-invalid] [--force] [--dry-run] [--json]`,
  summary: "Import a CSV file, all or nothing. Exit code 0 only when it was stored (with --dry-run: when it would be).",
  help: `
Fields: events person time name session revenue; people person signup plan source platform country;
journeys person session journey plan source platform country (and --separator, default "-");
campaign-sends campaign campaign_name channel person sent delivered bounced opened clicked unsubscribed (times or yes/no);
spend date channel campaign platform cost currency clicks impressions.
Unmapped columns become properties under their header names. Columns named like a field are mapped to it.
Options: --date-order day_first|month_first for dates such as 03/04/2026 (default: read from the file, else day first).
--dry-run checks every row as an import would and prints what it would store, storing nothing and recording no upload.
Example: journeylens import retail.csv --project shop --as events --map person=CustomerID --map time=InvoiceDate --set name=purchase --skip-invalid`,
  async run(args, actor) {
    const file = args.positional[0];
    if (!file) throw new UsageError("<file> is required");
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`No file at ${file}`);
    const bar = progressBar(fs.statSync(file).size);
    const input = {
      fileName: path.basename(file),
      stream: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
      options: importOptionsFromArgs(args),
    };
    const project = requireOption(args, "project");
    const json = option(args, "json");
    if (option(args, "dry_run")) {
      const result = await validateUpload(actor, project, input, bar);
      if (process.stderr.isTTY) process.stderr.write("\n");
      const force = input.options.force ?? false;
      console.log(json ? JSON.stringify(result, null, 2) : validationReport(result, force));
      if (!result.duplicateOf || force) return;
      // The import would refuse the file: say so as it would, and exit as it would.
      console.error(`journeylens: ${duplicateError(result.duplicateOf).message}`);
      return 1;
    }
    const result = await importUpload(actor, project, input, bar);
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(
      [
        `Stored upload #${result.upload} (${result.kind}) in ${result.project}: ${n(result.rowsStored)} of ${n(result.rowsRead)} rows in ${result.seconds} s (${n(result.rowsPerSecond)} rows/s).`,
        ...countLines(result),
      ].join("\n"),
    );
  },
};
