import fs from "node:fs";
import path from "node:path";

// Any import of the Prisma client, wherever generated, or of lib/db: only lib/data may reach the database.
const FORBIDDEN = [/^@prisma\/client(\/|$)/, /(^|\/)lib\/db(\/|$)/, /^@\/lib\/db(\/|$)/];
const IMPORT = /(?:import|export)\s([^'"]*?)from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function* sourceFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|js|jsx|mjs)$/.test(entry.name)) yield full;
  }
}

/** Each import of a file: the module it names and the names it takes (`{ raw, sql }`; empty for a dynamic import). */
export function importsOf(file: string): { spec: string; names: string }[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => ({ spec: m[2] ?? m[3] ?? m[4] ?? "", names: m[1] ?? "" }));
}

export function forbiddenImports(root: string, folders: string[]) {
  const found: { file: string; spec: string }[] = [];
  for (const folder of folders)
    for (const file of sourceFiles(path.join(root, folder)))
      for (const { spec } of importsOf(file)) if (FORBIDDEN.some((re) => re.test(spec))) found.push({ file: path.relative(root, file), spec });
  return found;
}
