import { beforeAll, describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/auth/password-policy";
import { cliActor, type Actor } from "@/lib/data/actor";
import { startSession } from "@/lib/data/sessions";
import {
  actorForSession,
  changeOwnPassword,
  createPasswordReset,
  createUser,
  passwordResetFor,
  resetPassword,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  verifyCredentials,
} from "@/lib/data/users";
import { getDb } from "@/lib/db/client";

/** 2. Users and passwords: ASVS level 2 rules; changes, resets, disables and role changes end other sessions. */
let userId = "";
beforeAll(async () => {
  userId = (await createUser(cliActor, { email: "pat@example.com", name: "Pat Doe", role: "marketing", password: "first-long-secret-1" })).id;
});

const signIn = async () => {
  const sid = await startSession(userId, "127.0.0.1");
  return { sid, actor: (await actorForSession(userId, sid)) as Actor };
};
const alive = async (sid: string) => (await actorForSession(userId, sid)) !== null;

describe("password rules", () => {
  it("need 12 characters and refuse the most common passwords, with digits or symbols after them too, and the account's own name", () => {
    expect(passwordProblem("short-one-1")).toBe("A password needs at least 12 characters.");
    expect(passwordProblem("x".repeat(201))).toBe("A password has at most 200 characters.");
    expect(passwordProblem("qwertyuiop123")).toBe("That password is one of the most common ones. Choose another.");
    expect(passwordProblem("Password1234!")).toBe("That password is one of the most common ones. Choose another.");
    expect(passwordProblem("1qaz2wsx3edc")).toBe("That password is one of the most common ones. Choose another.");
    expect(passwordProblem("aaaaaaaaaaaaaa")).toBe("That password is one of the most common ones. Choose another.");
    expect(passwordProblem("pat.doe.in.2026", { email: "pat.doe@example.com" })).toBe("A password must not contain the account's email or name.");
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("journeylens-demo")).toBeNull();
  });

  it("apply to every way a password is set", async () => {
    await expect(createUser(cliActor, { email: "weak@example.com", name: "Weak", role: "sales", password: "password123" })).rejects.toThrow(
      "A password needs at least 12 characters.",
    );
    await expect(setUserPassword(cliActor, "pat@example.com", "iloveyou2026")).rejects.toThrow("most common");
  });
});

describe("sessions end when the account changes", () => {
  it("changing one's own password needs the current one and ends the other sessions, not this one", async () => {
    const here = await signIn();
    const elsewhere = await signIn();
    await expect(changeOwnPassword(here.actor, { current: "not-the-password", next: "second-long-secret-2" })).rejects.toThrow("The current password is not right.");
    await changeOwnPassword(here.actor, { current: "first-long-secret-1", next: "second-long-secret-2" });
    expect([await alive(here.sid), await alive(elsewhere.sid)]).toEqual([true, false]);
    expect(await verifyCredentials("pat@example.com", "second-long-secret-2")).not.toBeNull();
    expect(await verifyCredentials("pat@example.com", "first-long-secret-1")).toBeNull();
  });

  it("a reset link works once, before it expires, and ends every session", async () => {
    const session = await signIn();
    const link = await createPasswordReset(cliActor, "pat@example.com");
    const token = link.path.split("/").pop()!;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await passwordResetFor(token)).toEqual({ email: "pat@example.com" });
    await expect(resetPassword(token, "short")).rejects.toThrow("12 characters");
    await resetPassword(token, "third-long-secret-3");
    expect(await alive(session.sid)).toBe(false);
    expect(await verifyCredentials("pat@example.com", "third-long-secret-3")).not.toBeNull();
    await expect(resetPassword(token, "fourth-long-secret-4")).rejects.toThrow("This link is not valid");
    // Stored as a digest: the token itself is nowhere in the database.
    const { pool } = await getDb();
    expect((await pool.query("select count(*)::int as n from password_resets where token_hash = $1", [token])).rows[0].n).toBe(0);
    const expired = await createPasswordReset(cliActor, "pat@example.com");
    await pool.query("update password_resets set expires_at = now() - interval '1 second' where used_at is null");
    await expect(passwordResetFor(expired.path.split("/").pop()!)).rejects.toMatchObject({ code: "not_found" });
  });

  it("an administrator's password change, a role change and a disable end the user's sessions", async () => {
    for (const change of [
      () => setUserPassword(cliActor, "pat@example.com", "fifth-long-secret-5"),
      () => setUserRole(cliActor, "pat@example.com", "sales"),
      () => setUserDisabled(cliActor, "pat@example.com", true),
    ]) {
      const session = await signIn();
      await change();
      expect(await alive(session.sid)).toBe(false);
    }
    await setUserDisabled(cliActor, "pat@example.com", false);
  });
});
