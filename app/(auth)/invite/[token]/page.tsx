import type { Metadata } from "next";
import Link from "next/link";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { invitationFor } from "@/lib/data/invitations";
import { pageData } from "@/lib/http/page-data";
import { ActionForm } from "@/components/settings/action-form";
import { Logo } from "@/components/ui/logo";
import { acceptInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Join Journeylens" };

/** An invitation from an administrator: an unknown, used, revoked or expired one answers 404. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await pageData(() => invitationFor(token));
  if (!invitation.ok) throw new Error(invitation.message);
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <Logo className="text-2xl text-slate-900" />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-1 text-lg font-semibold">Join Journeylens</h1>
          <p className="mb-4 text-sm text-slate-500">
            As {invitation.data.email}, with the role {invitation.data.role}. This link works once.
          </p>
          <ActionForm action={acceptInvitationAction} className="space-y-3">
            <input type="hidden" name="token" value={token} />
            <label className="block text-sm">
              <span className="font-medium text-slate-700">Your name</span>
              <input name="name" required autoComplete="name" className="input mt-1" />
            </label>
            <div>
              <label className="block text-sm">
                <span className="font-medium text-slate-700">Password</span>
                <input name="next" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" aria-describedby="password-rules" className="input mt-1" />
              </label>
              <p id="password-rules" className="mt-1 text-xs text-slate-500">
                At least {MIN_PASSWORD_LENGTH} characters, and not one of the most common passwords.
              </p>
            </div>
            <label className="block text-sm">
              <span className="font-medium text-slate-700">Password again</span>
              <input name="confirm" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" className="input mt-1" />
            </label>
            <button type="submit" className="btn-primary w-full">
              Create my account
            </button>
          </ActionForm>
          <p className="mt-4 text-sm">
            <Link href="/login" className="text-brand-700 hover:underline">
              Go to sign-in
            </Link>
          </p>
        </div>
      </div>
    </main>
  );
}
