/** A mistake in how the command was called; exit code 2. */
export class UsageError extends Error {}

/** `--name value` and `--flag` options, repeated names collected in order; the rest are positional words. */
export type ParsedArgs = { positional: string[]; options: Record<string, string[]>; help: boolean };

export function parseArgs(argv: string[], booleanFlags: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string[]> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).replace(/-/g, "_");
      let value: string;
      if (eq > 0) value = arg.slice(eq + 1);
      else if (booleanFlags.includes(name)) value = "true";
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith("--") && next.length > 2)) throw new UsageError(`--${name.replace(/_/g, "-")} needs a value`);
        value = next;
        i++;
      }
      (options[name] ??= []).push(value);
    } else positional.push(arg);
  }
  return { positional, options, help };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options[name]?.at(-1);
}

export function requireOption(args: ParsedArgs, name: string): string {
  const v = option(args, name);
  if (v === undefined) throw new UsageError(`--${name.replace(/_/g, "-")} is required`);
  return v;
}
