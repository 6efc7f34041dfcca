import type { Actor } from "@/lib/data/actor";
import { createProject, listProjects } from "@/lib/data/projects";
import { createPasswordReset, createUser, listUsers, setUserDisabled, setUserPassword, setUserRole } from "@/lib/data/users";
import { env } from "@/lib/env";
import { readPassword } from "./password-input";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/data/api-keys";
import { createInvitation } from "@/lib/data/invitations";
import { drilldownTable, reportTable, runDrilldown, runReport } from "@/lib/data/reports";
import { loadDemoData } from "@/lib/data/demo";
import { importCommand } from "./import-command";
import { sourceCommands } from "./source-commands";
import { shareCommands } from "./share-commands";
import { toCsv } from "@/lib/reports/csv";
import type { RawParams } from "@/lib/reports/params";
import { option, requireOption, UsageError, type ParsedArgs } from "./args";
import { textTable } from "./format";

export type Command = {
  name: string[];
  usage: string;
  summary: string;
  help?: string;
  /** Resolves with an exit code when the command ran but its answer is "no" (a dry run of a file that would be refused). */
  run: (args: ParsedArgs, actor: Actor) => Promise<void | number>;
};

function word(args: ParsedArgs, index: number, what: string) {
  const w = args.positional[index];
  if (!w) throw new UsageError(`${what} is required`);
  return w;
}

const print = (text: string) => console.log(text);
const date = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 16) : "");

export const COMMANDS: Command[] = [
  {
    name: ["project", "create"],
    usage: "project create <slug> [--name <name>] [--timezone <IANA zone>]",
    summary: "Create a project (one business's data). The time zone defaults to UTC.",
    async run(args, actor) {
      const p = await createProject(actor, { slug: word(args, 0, "<slug>"), name: option(args, "name"), timezone: option(args, "timezone") });
      print(`Created project ${p.slug} (${p.name}, ${p.timezone}).`);
    },
  },
  {
    name: ["project", "list"],
    usage: "project list",
    summary: "List the projects.",
    async run(_args, actor) {
      const rows = await listProjects(actor);
      print(textTable(["slug", "name", "timezone", "created"], rows.map((p) => [p.slug, p.name, p.timezone, date(p.createdAt)])));
    },
  },
  {
    name: ["user", "create"],
    usage: "user create --email <email> --name <name> --role admin|marketing|sales",
    summary: "Create a user. The password is asked for (twice, without echo), or read from the first line of standard input.",
    help: `\nPasswords have at least 12 characters and are not among the most common ones.\nExample: echo "$PASSWORD" | journeylens user create --email ada@example.com --name Ada --role admin`,
    async run(args, actor) {
      if (option(args, "password") !== undefined) throw new UsageError("give the password on standard input or at the prompt, not as an argument");
      const input = { email: requireOption(args, "email"), name: requireOption(args, "name"), role: requireOption(args, "role") as "admin" };
      const user = await createUser(actor, { ...input, password: await readPassword("Password") });
      print(`Created ${user.role} ${user.email}.`);
    },
  },
  {
    name: ["user", "set-password"],
    usage: "user set-password <email> [--link]",
    summary: "Set a user's password (asked for, or read from standard input), or with --link print a one-time link to set it. Their sessions end.",
    async run(args, actor) {
      const email = word(args, 0, "<email>");
      if (args.options.link !== undefined) {
        const reset = await createPasswordReset(actor, email);
        const base = env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
        print(`One-time link for ${reset.email}, valid until ${date(reset.expiresAt)} UTC:\n${new URL(reset.path, base)}`);
        return;
      }
      await setUserPassword(actor, email, await readPassword("New password"));
      print(`Set the password of ${email}; their sessions have ended.`);
    },
  },
  {
    name: ["user", "invite"],
    usage: "user invite --email <email> --role admin|marketing|sales [--json]",
    summary: "Make a one-time invitation link (valid JOURNEYLENS_INVITE_DAYS days) with which someone joins with that role.",
    async run(args, actor) {
      const invitation = await createInvitation(actor, { email: requireOption(args, "email"), role: requireOption(args, "role") as "sales" });
      const url = new URL(invitation.path, env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`).toString();
      if (option(args, "json")) print(JSON.stringify({ ...invitation, url }));
      else print(`Invitation for ${invitation.email} (${invitation.role}), valid until ${date(invitation.expiresAt)} UTC:\n${url}`);
    },
  },
  {
    name: ["user", "list"],
    usage: "user list",
    summary: "List the users with their roles.",
    async run(_args, actor) {
      const rows = await listUsers(actor);
      print(textTable(["email", "name", "role", "status"], rows.map((u) => [u.email, u.name, u.role, u.disabled ? "disabled" : "active"])));
    },
  },
  {
    name: ["user", "set-role"],
    usage: "user set-role <email> <admin|marketing|sales>",
    summary: "Change a user's role.",
    async run(args, actor) {
      const u = await setUserRole(actor, word(args, 0, "<email>"), word(args, 1, "<role>"));
      print(`${u.email} is now ${u.role}.`);
    },
  },
  {
    name: ["user", "disable"],
    usage: "user disable <email> [--enable]",
    summary: "Disable a user (sign-in and their API keys stop working); --enable undoes it.",
    async run(args, actor) {
      const enable = args.options.enable !== undefined;
      const u = await setUserDisabled(actor, word(args, 0, "<email>"), !enable);
      print(`${u.email} is ${u.disabled ? "disabled" : "enabled"}.`);
    },
  },
  {
    name: ["apikey", "create"],
    usage: "apikey create --user <email> [--name <name>] [--expires <days>d] [--read-only]",
    summary: "Create an API key acting with that user's role (only reading with --read-only). The key is printed once.",
    async run(args, actor) {
      const expires = option(args, "expires");
      if (expires !== undefined && !/^\d+d$/.test(expires)) throw new UsageError("--expires is a number of days, such as 90d");
      const k = await createApiKey(actor, {
        userEmail: requireOption(args, "user"),
        name: option(args, "name") ?? "",
        expiresInDays: expires ? Number(expires.slice(0, -1)) : undefined,
        readOnly: args.options.read_only !== undefined,
      });
      if (option(args, "json")) print(JSON.stringify(k));
      else print(`Created API key ${k.id} "${k.name}" for ${k.user}:\n${k.key}\nKeep it now: it is not shown again.`);
    },
  },
  {
    name: ["apikey", "list"],
    usage: "apikey list",
    summary: "List API keys (never the keys themselves).",
    async run(_args, actor) {
      const rows = await listApiKeys(actor);
      print(
        textTable(
          ["id", "name", "prefix", "user", "role", "scope", "last used", "expires", "revoked"],
          rows.map((k) => [k.id, k.name, k.prefix + "…", k.user.email, k.user.role, k.readOnly ? "read" : "role", date(k.lastUsedAt), date(k.expiresAt), date(k.revokedAt)]),
        ),
      );
    },
  },
  {
    name: ["apikey", "revoke"],
    usage: "apikey revoke <id>",
    summary: "Revoke an API key at once.",
    async run(args, actor) {
      const id = word(args, 0, "<id>");
      await revokeApiKey(actor, id);
      print(`Revoked API key ${id}.`);
    },
  },
  {
    name: ["demo", "load"],
    usage: "demo load [--end-date YYYY-MM-DD] [--seed <n>]",
    summary: "Load the four demo projects (replacing earlier demo data) and the three demo users.",
    async run(args, actor) {
      const end = option(args, "end_date");
      if (end && Number.isNaN(Date.parse(end))) throw new UsageError("--end-date is a date such as 2026-06-30");
      const summary = await loadDemoData(actor, {
        endDate: end ? new Date(`${end.slice(0, 10)}T23:59:59Z`) : undefined,
        seed: option(args, "seed") ? Number(option(args, "seed")) : undefined,
        onProgress: (m) => console.error(m),
      });
      print(textTable(["project", "name", "people", "events"], summary.projects.map((p) => [p.slug, p.name, p.people, p.events])));
      print(`${summary.totalEvents} events in ${summary.seconds.toFixed(1)} s.`);
    },
  },
  importCommand,
  ...sourceCommands,
  ...shareCommands,
  {
    name: ["report"],
    usage: "report <kind> --project <slug> [--drilldown <name>] [--<param> <value>]… [--format json|csv]",
    summary: "Run a report, or one of its drill-downs; the parameters are those of its URL (repeat --where for several filters).",
    help: `
Examples:
  journeylens report overview --project threadline --from 2026-01-01 --where "Quantity > 0" --format json
  journeylens report retention --project giftly --drilldown people --cell-cohort 2026-01-05 --cell-period 1 --format csv`,
    async run(args, actor) {
      const kind = word(args, 0, "<kind>");
      const slug = requireOption(args, "project");
      const drilldown = option(args, "drilldown");
      const format = option(args, "format") ?? "json";
      if (format !== "json" && format !== "csv") throw new UsageError("--format is json or csv");
      const raw: RawParams = {};
      for (const [name, values] of Object.entries(args.options)) {
        if (name === "project" || name === "format" || name === "drilldown") continue;
        raw[name] = values.length > 1 ? values : values[0];
      }
      if (drilldown) {
        const page = await runDrilldown(actor, slug, kind, drilldown, raw, { all: format === "csv" });
        process.stdout.write(format === "csv" ? toCsv(drilldownTable(kind, drilldown, page.people)) : JSON.stringify(page, null, 2) + "\n");
        return;
      }
      const output = await runReport(actor, slug, kind, raw);
      // JSON carries the warnings; a CSV has no place for them, so they go to standard error.
      if (format === "csv") for (const warning of output.warnings) process.stderr.write(`journeylens: warning: ${warning}\n`);
      process.stdout.write(format === "csv" ? toCsv(reportTable(kind, output.result)) : JSON.stringify(output, null, 2) + "\n");
    },
  },
];
