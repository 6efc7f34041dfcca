import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { SettingsHeader } from "@/components/settings/settings-header";
import { PasswordForm } from "@/components/settings/password-form";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await requireActor();
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <SettingsHeader title="Your account" body={`Signed in as ${actor.email} (${actor.role}).`} />
      <section className="card p-5">
        <h2 className="mb-3 font-semibold">Change your password</h2>
        <PasswordForm action={changePasswordAction} askCurrent minLength={MIN_PASSWORD_LENGTH} />
      </section>
    </div>
  );
}
