import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Secrets an installation on the embedded database makes for itself on first start and keeps in its data folder
 * (mode 0600, readable by the app's own OS user alone): the key that signs session cookies, the password of the
 * embedded server's superuser, and the key that encrypts stored credentials. Nothing in the source or the docs can
 * then forge a session, open the database or read a stored credential.
 */
export type InstallationSecrets = { sessionSecret: string; databasePassword: string; encryptionKey: string };

const random = () => crypto.randomBytes(32).toString("base64url");
const FIELDS = ["sessionSecret", "databasePassword", "encryptionKey"] as const;

export function installationSecrets(dataFolder: string): InstallationSecrets {
  const file = path.join(dataFolder, "secrets.json");
  let stored: Partial<InstallationSecrets> = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<InstallationSecrets>;
    if (FIELDS.every((f) => stored[f])) return stored as InstallationSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
  // A new installation, or one made before a field existed: the missing ones are made, the others kept.
  const made = Object.fromEntries(FIELDS.map((f) => [f, stored[f] ?? random()])) as InstallationSecrets;
  fs.mkdirSync(dataFolder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(made, null, 2) + "\n", { mode: 0o600 });
  try {
    // A new file is linked into place, which fails if another process made one first (theirs is then read); an old
    // one is replaced whole by renaming.
    if (Object.keys(stored).length) fs.renameSync(temporary, file);
    else fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as InstallationSecrets;
}
