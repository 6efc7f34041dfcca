import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SECRET_REQUIRED, sessionSecret } from "@/lib/auth/secret";
import { installationSecrets } from "@/lib/db/installation-secrets";

/** 1. Secrets: made once per installation, kept private, and never a constant from the source. */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("installation secrets", () => {
  it("are random, made once, kept in the data folder with mode 0600, and read back the same", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "jl-secrets-"));
    try {
      const first = installationSecrets(folder);
      expect(first.sessionSecret).toMatch(/^[\w-]{43}$/);
      expect(first.databasePassword).toMatch(/^[\w-]{43}$/);
      expect(first.sessionSecret).not.toBe(first.databasePassword);
      expect(fs.statSync(path.join(folder, "secrets.json")).mode & 0o777).toBe(0o600);
      expect(installationSecrets(folder)).toEqual(first);
      const other = fs.mkdtempSync(path.join(os.tmpdir(), "jl-secrets-"));
      expect(installationSecrets(other).sessionSecret).not.toBe(first.sessionSecret);
      fs.rmSync(other, { recursive: true });
    } finally {
      fs.rmSync(folder, { recursive: true });
    }
  });

  it("sign sessions with NEXTAUTH_SECRET when set, and refuse a production start on one's own database without it", () => {
    process.env.DATABASE_URL = "postgresql://db.example/jl";
    process.env.NEXTAUTH_SECRET = "a".repeat(40);
    expect(sessionSecret()).toBe("a".repeat(40));
    delete process.env.NEXTAUTH_SECRET;
    Object.assign(process.env, { NODE_ENV: "production" });
    expect(() => sessionSecret()).toThrow(SECRET_REQUIRED);
    Object.assign(process.env, { NODE_ENV: "development" });
    process.env.NEXTAUTH_URL = "https://analytics.example.com";
    expect(() => sessionSecret()).toThrow(SECRET_REQUIRED);
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    // Development on one's own database at a loopback URL: a random key for the process, never the old constant.
    expect(sessionSecret()).toMatch(/^[\w-]{43}$/);
    expect(sessionSecret()).not.toBe("journeylens-local-installation-secret");
  });

  it("refuse a NEXTAUTH_SECRET too short to be one", () => {
    process.env.NEXTAUTH_SECRET = "secret";
    expect(() => sessionSecret()).toThrow("NEXTAUTH_SECRET must be at least 32 characters");
  });
});
