import type { Metadata } from "next";
import Link from "next/link";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { passwordResetFor } from "@/lib/data/users";
import { pageData } from "@/lib/http/page-data";
import { PasswordForm } from "@/components/settings/password-form";
import { Logo } from "@/components/ui/logo";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Set your password" };

/** A one-time link from an administrator: an unknown, used or expired one answers 404. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await pageData(() => passwordResetFor(token));
  if (!reset.ok) throw new Error(reset.message);
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <Logo className="text-2xl text-slate-900" />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-1 text-lg font-semibold">Set your password</h1>
          <p className="mb-4 text-sm text-slate-500">For {reset.data.email}. This link works once.</p>
          <PasswordForm action={resetPasswordAction} minLength={MIN_PASSWORD_LENGTH} token={token} />
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
