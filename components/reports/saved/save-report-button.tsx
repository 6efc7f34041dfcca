"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { saveReportAction } from "@/app/(app)/p/[project]/saved/actions";
import { HeaderPopover } from "@/components/ui/header-popover";
import { ViewFields } from "@/components/reports/common/view-fields";

/** "Save report": names the view as the URL has it, and opens it at its own URL. */
export function SaveReportButton({ slug, kind }: { slug: string; kind: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const [state, action, pending] = useActionState(saveReportAction, null);
  useEffect(() => {
    if (state?.ok) router.push(state.data);
  }, [state, router]);
  return (
    <HeaderPopover label="Save report" open={open} onToggle={() => setOpen(!open)}>
      <form action={action} className="card flex w-[34rem] flex-wrap items-end gap-2 p-3" aria-label="Save report">
        <input type="hidden" name="slug" value={slug} />
        <ViewFields kind={kind} />
        <label className="text-xs text-slate-600">
          Name
          <input name="name" className="input mt-1 w-56" required autoFocus aria-label="Report name" />
        </label>
        <label className="text-xs text-slate-600">
          Description
          <input name="description" className="input mt-1 w-72" aria-label="Description" />
        </label>
        <button type="submit" className="btn-primary" disabled={pending}>
          Save
        </button>
        <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
        {state && !state.ok && (
          <p role="alert" className="w-full text-sm text-red-700">
            {state.error}
          </p>
        )}
      </form>
    </HeaderPopover>
  );
}
