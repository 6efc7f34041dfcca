import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Secrets an installation on the embedded database makes for itself on first start and keeps in its data folder
 * (mode 0600, readable by the app's own OS user alone): the key that signs session cookies and the password of the
 * embedded server's superuser. Nothing in the source or the docs can then forge a session or open the database.
 */
export type InstallationSecrets = { sessionSecret: string; databasePassword: string };

const random = () => crypto.randomBytes(32).toString("base64url");

export function installationSecrets(dataFolder: string): InstallationSecrets {
  const file = path.join(dataFolder, "secrets.json");
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<InstallationSecrets>;
    if (stored.sessionSecret && stored.databasePassword) return { sessionSecret: stored.sessionSecret, databasePassword: stored.databasePassword };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const made: InstallationSecrets = { sessionSecret: random(), databasePassword: random() };
  fs.mkdirSync(dataFolder, { recursive: true });
  try {
    // "wx": when two processes start at once, one writes and the other reads what it wrote.
    fs.writeFileSync(file, JSON.stringify(made, null, 2) + "\n", { mode: 0o600, flag: "wx" });
    return made;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return JSON.parse(fs.readFileSync(file, "utf8")) as InstallationSecrets;
  }
}
