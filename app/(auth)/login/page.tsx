import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { appOrigin, sameOriginPath } from "@/lib/http/app-origin";
import { LoginForm } from "@/components/auth/login-form";
import { env } from "@/lib/env";
import { Logo } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const settings = env();
  const sso = settings.JOURNEYLENS_OIDC_ISSUER && settings.JOURNEYLENS_OIDC_CLIENT_ID ? settings.JOURNEYLENS_OIDC_NAME : null;
  // After sign-in, only a place on this app's own origin.
  const next = sameOriginPath(callbackUrl, await appOrigin());
  if (await currentActor()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <Logo className="text-2xl text-slate-900" />
          <p className="mt-2 text-sm text-slate-500">Customer journeys, cohorts and campaigns, in one place.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
          <LoginForm next={next} sso={sso} error={error ?? null} />
        </div>
      </div>
    </main>
  );
}
