import { cliActor } from "@/lib/data/actor";
import { closeDb } from "@/lib/db/client";
import { stopEmbeddedServer } from "@/lib/db/embedded-server";
import { ZodError } from "zod";
import { publicError, AppError } from "@/lib/errors";
import { IngestError, formatRowError } from "@/lib/ingest/ingest-error";
import { parseArgs, UsageError, type ParsedArgs } from "./args";
import { COMMANDS, type Command } from "./commands";

const USAGE = `Usage: journeylens <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage}\n      ${c.summary}`).join("\n")}

Run "journeylens <command> --help" for a command's options.
The CLI acts as a local administrator (recorded as "cli" in the audit log). It uses DATABASE_URL when set,
otherwise the embedded database in .data/ (started if the app has not started it).`;

function findCommand(words: string[]): { command: Command; rest: string[] } | null {
  for (const command of COMMANDS) {
    const n = command.name.length;
    if (command.name.every((w, i) => words[i] === w)) return { command, rest: words.slice(n) };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, ["json", "force", "skip_invalid", "dry_run", "enable", "link", "read_only", "password_stdin", "allow_csv", "allow_people", "allow_sql"]);
  } catch (error) {
    console.error(`journeylens: ${(error as Error).message}`);
    return 2;
  }
  const found = findCommand(args.positional);
  if (!found) {
    if (args.positional.length && !args.help) console.error(`journeylens: unknown command "${args.positional.join(" ")}"\n`);
    console.log(USAGE);
    return args.positional.length && !args.help ? 2 : 0;
  }
  if (args.help) {
    console.log(`Usage: journeylens ${found.command.usage}\n\n${found.command.summary}\n${found.command.help ?? ""}`);
    return 0;
  }
  try {
    return (await found.command.run({ ...args, positional: found.rest }, cliActor)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`journeylens: ${error.message}\nUsage: journeylens ${found.command.usage}`);
      return 2;
    }
    if (error instanceof ZodError) {
      console.error(`journeylens: ${error.issues.map((i) => i.message).join(" ")}`);
      return 2;
    }
    const e = publicError(error);
    // With --json the error is printed as the API answers it, so scripts read one format.
    if (args.options.json) console.log(JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } }, null, 2));
    console.error(`journeylens: ${e.message}`);
    if (error instanceof IngestError && error.errors.length > 1) for (const line of error.errors.map(formatRowError)) console.error(`  ${line}`);
    return error instanceof AppError && error.code === "invalid" && !(error instanceof IngestError) ? 2 : 1;
  }
}

const code = await main(process.argv.slice(2));
await closeDb();
await stopEmbeddedServer();
// Into a pipe, output is written asynchronously: exiting at once would cut a long report off after its first 64 KB.
// A write's callback runs once everything written before it has gone out.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
process.exit(code);
