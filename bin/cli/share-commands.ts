import { createDashboard, listDashboards } from "@/lib/data/dashboards";
import { createShare, listShares, revokeShare, rotateShare } from "@/lib/data/shares";
import { env } from "@/lib/env";
import { parseReportSpec } from "@/lib/reports/params";
import { option, requireOption, UsageError, type ParsedArgs } from "./args";
import type { Command } from "./commands";
import { textTable } from "./format";

const json = (args: ParsedArgs) => args.options.json !== undefined;
const link = (path: string) => new URL(path, env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`).toString();
const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "");

export const shareCommands: Command[] = [
  {
    name: ["dashboard", "create"],
    usage: 'dashboard create --project <slug> --name <name> [--tile "<report>?<params>"]… [--json]',
    summary: "Create a dashboard, with report tiles as their URLs have them (repeat --tile), two a row.",
    help: `\nExample: journeylens dashboard create --project giftly --name Weekly --tile overview --tile "retention?period=week" --tile "activity?breakdown=person.plan"`,
    async run(args, actor) {
      const created = await createDashboard(actor, requireOption(args, "project"), requireOption(args, "name"), args.options.tile ?? []);
      console.log(json(args) ? JSON.stringify({ ...created, url: link(created.path) }) : `Created dashboard ${created.id}: ${link(created.path)}`);
    },
  },
  {
    name: ["dashboard", "list"],
    usage: "dashboard list --project <slug> [--json]",
    summary: "List a project's dashboards.",
    async run(args, actor) {
      const rows = await listDashboards(actor, requireOption(args, "project"));
      console.log(json(args) ? JSON.stringify(rows) : textTable(["id", "name", "tiles", "default"], rows.map((d) => [d.id, d.name, d.tiles, d.isDefault ? "yes" : ""])));
    },
  },
  {
    name: ["share", "create"],
    usage: 'share create --project <slug> (--dashboard <id> | --report "<report>?<params>") [--expires 30d] [--password-stdin] [--lock "<filter>"]… [--allow-csv] [--allow-people] [--allow-sql] [--json]',
    summary: "Create a public read-only link to a dashboard or a report view; prints the link (shown once).",
    help: `
--expires is hours or days (12h, 1d, 30d; 30 days unless given). --lock adds a filter the viewer cannot remove.
With --password-stdin the first line of standard input is the link's password.
Example: journeylens share create --project giftly --dashboard 3 --expires 7d --lock "person.source = newsletter" --allow-csv`,
    async run(args, actor) {
      const dashboard = option(args, "dashboard");
      const report = option(args, "report");
      if (!dashboard === !report) throw new UsageError("give --dashboard <id> or --report \"<report>?<params>\"");
      if (option(args, "password") !== undefined) throw new UsageError("give the password on standard input with --password-stdin, not as an argument");
      const password = args.options.password_stdin ? (await readStdinLine()) : undefined;
      const created = await createShare(actor, requireOption(args, "project"), {
        ...(dashboard ? { dashboard } : parseReportSpec(report!)),
        expires: option(args, "expires"),
        password,
        locks: args.options.lock ?? [],
        allowCsv: args.options.allow_csv !== undefined,
        allowPeople: args.options.allow_people !== undefined,
        allowSql: args.options.allow_sql !== undefined,
      });
      if (json(args)) console.log(JSON.stringify({ ...created, url: link(created.path) }));
      else console.log(`Created share link ${created.id} to ${created.target}, until ${day(created.expiresAt)} UTC:\n${link(created.path)}\nKeep it now: it is not shown again.`);
    },
  },
  {
    name: ["share", "list"],
    usage: "share list [--project <slug>] [--json]",
    summary: "List the live share links (never their tokens).",
    async run(args, actor) {
      const rows = await listShares(actor, { project: option(args, "project") });
      if (json(args)) return console.log(JSON.stringify(rows));
      console.log(
        textTable(
          ["id", "project", "shows", "locks", "allows", "expires", "views", "last view"],
          rows.map((s) => [s.id, s.project, s.target, s.locks.join("; "), [s.allowCsv && "csv", s.allowPeople && "people", s.allowSql && "sql"].filter(Boolean).join(","), day(s.expiresAt), s.views, day(s.lastViewedAt)]),
        ),
      );
    },
  },
  {
    name: ["share", "revoke"],
    usage: "share revoke <id> [--json]",
    summary: "Revoke a share link at once: it answers 404 from then on.",
    async run(args, actor) {
      const id = args.positional[0];
      if (!id) throw new UsageError("<id> is required");
      await revokeShare(actor, id);
      console.log(json(args) ? JSON.stringify({ id, revoked: true }) : `Revoked share link ${id}.`);
    },
  },
  {
    name: ["share", "rotate"],
    usage: "share rotate <id> [--json]",
    summary: "Give a share link a new address; the old one answers 404 from then on.",
    async run(args, actor) {
      const id = args.positional[0];
      if (!id) throw new UsageError("<id> is required");
      const rotated = await rotateShare(actor, id);
      console.log(json(args) ? JSON.stringify({ id, url: link(rotated.path) }) : `New address of share link ${id}:\n${link(rotated.path)}`);
    },
  },
];

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  if (!line) throw new UsageError("--password-stdin: standard input has no password on its first line");
  return line;
}
