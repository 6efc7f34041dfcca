"use client";

import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import { unlockShareAction } from "@/app/s/[token]/actions";

/** The password of a protected share link; once accepted, the page shows what the link shares. */
export function UnlockForm({ token }: { token: string }) {
  const [state, unlock, pending] = useActionState(unlockShareAction, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={unlock} className="card mx-auto mt-16 max-w-sm space-y-4 p-6">
      <h1 className="text-lg font-semibold">This link is protected</h1>
      <p className="text-sm text-slate-600">Enter the password you were given with the link. It is remembered in this browser for a day.</p>
      <input type="hidden" name="token" value={token} />
      <label className="block text-sm font-medium text-slate-700">
        Password
        <input name="password" type="password" autoComplete="off" required className="input mt-1 w-full" autoFocus />
      </label>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Checking…" : "Open"}
      </button>
    </form>
  );
}
