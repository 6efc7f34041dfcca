import fs from "node:fs";
import path from "node:path";

// Any import of the Prisma client, wherever generated, or of lib/db: only lib/data may reach the database.
const FORBIDDEN = [/^@prisma\/client(\/|$)/, /(^|\/)lib\/db(\/|$)/, /^@\/lib\/db(\/|$)/];
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function* files(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|js|jsx|mjs)$/.test(entry.name)) yield full;
  }
}

export function forbiddenImports(root: string, folders: string[]) {
  const found: { file: string; spec: string }[] = [];
  for (const folder of folders)
    for (const file of files(path.join(root, folder))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? "";
        if (FORBIDDEN.some((re) => re.test(spec))) found.push({ file: path.relative(root, file), spec });
      }
    }
  return found;
}
