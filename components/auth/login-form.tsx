"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { signInMessage } from "@/lib/auth/sign-in-errors";

/** Email and password, and the single sign-on provider's button when one is set up (`sso`: its name). */
export function LoginForm({ next, sso, error: given }: { next: string; sso: string | null; error: string | null }) {
  const [error, setError] = useState<string | null>(given ? signInMessage(given) : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) window.location.assign(next);
    // One message for every wrong answer: no hint whether the account exists or is disabled.
    else setError(signInMessage(result?.error ?? ""));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Email</span>
        <input name="email" type="email" autoComplete="username" required className="input mt-1" />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="input mt-1" />
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {sso && (
        <>
          <p className="text-center text-xs text-slate-400">or</p>
          <button type="button" className="btn-secondary w-full" onClick={() => void signIn("oidc", { callbackUrl: next })}>
            Sign in with {sso}
          </button>
        </>
      )}
    </form>
  );
}
