import { createSource, listSources, removeSource, runSourceNow } from "@/lib/data/import-sources";
import { requireOption, UsageError } from "./args";
import type { Command } from "./commands";
import { textTable } from "./format";
import { importOptionsFromArgs } from "./import-options";

export const sourceCommands: Command[] = [
  {
    name: ["source", "add"],
    usage: "source add <url> --project <slug> --as <kind> --cron \"<schedule>\" [--map <field>=<Column>]… [--set <field>=<value>]… [--skip-invalid]",
    summary: "Import a CSV from an http(s) URL on a cron schedule (in the project's time zone), run by the app's background worker.",
    help: `\nExample: journeylens source add https://erp.example.com/export/orders.csv --project shop --as events --cron "0 2 * * *" --set name=order`,
    async run(args, actor) {
      const url = args.positional[0];
      if (!url) throw new UsageError("<url> is required");
      const s = await createSource(actor, requireOption(args, "project"), {
        url,
        cron: requireOption(args, "cron"),
        options: importOptionsFromArgs(args),
      });
      console.log(`Added import source #${s.id}; next run ${s.nextRunAt}.`);
    },
  },
  {
    name: ["source", "list"],
    usage: "source list --project <slug>",
    summary: "List the project's scheduled imports with their latest run.",
    async run(args, actor) {
      const sources = await listSources(actor, requireOption(args, "project"));
      console.log(
        textTable(
          ["id", "kind", "schedule", "next run", "last run", "url"],
          sources.map((s) => [s.id, s.kind, s.cron, s.nextRunAt.slice(0, 16), s.runs[0] ? `${s.runs[0].status} ${s.runs[0].startedAt.slice(0, 16)}` : "never", s.url]),
        ),
      );
    },
  },
  {
    name: ["source", "run"],
    usage: "source run <id> --project <slug>",
    summary: "Run a scheduled import now.",
    async run(args, actor) {
      const id = args.positional[0];
      if (!id) throw new UsageError("<id> is required");
      const r = await runSourceNow(actor, requireOption(args, "project"), id);
      console.log(`${r?.status}: ${r?.message ?? ""}`);
      if (r?.status === "failed") process.exitCode = 1;
    },
  },
  {
    name: ["source", "remove"],
    usage: "source remove <id> --project <slug>",
    summary: "Remove a scheduled import (its stored uploads stay).",
    async run(args, actor) {
      const id = args.positional[0];
      if (!id) throw new UsageError("<id> is required");
      await removeSource(actor, requireOption(args, "project"), id);
      console.log(`Removed import source #${id}.`);
    },
  },
];
