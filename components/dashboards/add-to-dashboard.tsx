"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { addViewTileAction } from "@/app/(app)/p/[project]/dashboards/actions";
import { HeaderPopover } from "@/components/ui/header-popover";
import { ViewFields } from "@/components/reports/common/view-fields";

/** "Add to dashboard": this report view, as the URL has it, as a new tile of one of the project's dashboards. */
export function AddToDashboard({ slug, kind, dashboards }: { slug: string; kind: string; dashboards: { id: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState(addViewTileAction, null);
  if (!dashboards.length) return null;
  return (
    <HeaderPopover label="Add to dashboard" open={open} onToggle={() => setOpen(!open)}>
      <form action={action} className="card flex w-96 flex-wrap items-end gap-2 p-3" aria-label="Add to dashboard">
        <input type="hidden" name="slug" value={slug} />
        <ViewFields kind={kind} />
        <label className="text-xs text-slate-600">
          Dashboard
          <select name="id" className="input mt-1 w-56" aria-label="Dashboard to add to">
            {dashboards.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-primary" disabled={pending}>
          Add
        </button>
        <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
          Close
        </button>
        {state?.ok && (
          <Link href={state.data} className="w-full text-sm text-emerald-700 hover:underline">
            {state.message} Open it →
          </Link>
        )}
        {state && !state.ok && (
          <p role="alert" className="w-full text-sm text-red-700">
            {state.error}
          </p>
        )}
      </form>
    </HeaderPopover>
  );
}
