"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { createDashboardAction } from "@/app/(app)/p/[project]/dashboards/actions";

/** A new, empty dashboard, opened at once. */
export function NewDashboardForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [state, create, pending] = useActionState(createDashboardAction, null);
  useEffect(() => {
    if (state?.ok) router.push(state.data);
  }, [state, router]);
  return (
    <form action={create} className="card flex flex-wrap items-end gap-2 p-4">
      <input type="hidden" name="slug" value={slug} />
      <label className="text-xs text-slate-600">
        New dashboard
        <input name="name" className="input mt-1 w-72" required placeholder="Weekly review" aria-label="Dashboard name" />
      </label>
      <button type="submit" className="btn-primary" disabled={pending}>
        Create
      </button>
      {state && !state.ok && (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.error}
        </p>
      )}
    </form>
  );
}
