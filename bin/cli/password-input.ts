import readline from "node:readline";
import { UsageError } from "./args";

/**
 * A password for the CLI: asked for twice on a terminal, without echo; read as the first line of standard input
 * otherwise (`echo "$PASSWORD" | journeylens user create …`), so it never appears in the process list or the
 * shell's history as an argument would.
 */
export async function readPassword(what: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    const line = text.split(/\r?\n/)[0] ?? "";
    if (!line) throw new UsageError(`${what}: standard input held no password`);
    return line;
  }
  const first = await ask(`${what}: `);
  const again = await ask(`${what} again: `);
  if (first !== again) throw new UsageError("the two passwords differ");
  return first;
}

function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Typed characters are not echoed: readline writes through this, which prints the question alone.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
