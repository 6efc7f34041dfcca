"use client";

import { useActionState, useState } from "react";
import { createShareAction } from "@/app/(app)/shares/actions";
import { ViewFields } from "@/components/reports/common/view-fields";
import { CopyText } from "@/components/ui/copy-text";
import { HeaderPopover } from "@/components/ui/header-popover";

/**
 * "Share": a public read-only link to this dashboard, or to this report view as the URL has it, with an expiry, an
 * optional password, filters locked into it, and what else the viewer may see.
 */
export function ShareButton({ slug, dashboard, kind }: { slug: string; dashboard?: string; kind?: string }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState(createShareAction, null);
  const created = state?.ok ? (
    <div className="card w-[36rem] space-y-2 p-4" data-testid="share-created">
      <p className="text-sm font-medium">Anyone with this link can see it, read-only, until {new Date(state.data.expiresAt).toLocaleString()}:</p>
      <CopyText text={`${window.location.origin}${state.data.path}`} label="Share link" />
      <p className="text-xs text-slate-500">It is shown only now. Revoke or rotate it under Share links.</p>
      <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
        Done
      </button>
    </div>
  ) : null;
  return (
    <HeaderPopover label="Share" open={open} onToggle={() => setOpen(!open)} testId="share-button">
      {created ?? (
        <form action={action} className="card w-[36rem] space-y-3 p-4" aria-label="Share">
          <input type="hidden" name="slug" value={slug} />
          {dashboard && <input type="hidden" name="dashboard" value={dashboard} />}
          {kind && <ViewFields kind={kind} />}
          <div className="flex flex-wrap gap-3">
            <label className="text-xs text-slate-600">
              Expires after
              <select name="expires" defaultValue="30d" className="input mt-1 w-36" aria-label="Expires after">
                <option value="1d">1 day</option>
                <option value="7d">7 days</option>
                <option value="30d">30 days</option>
                <option value="90d">90 days</option>
                <option value="365d">a year</option>
              </select>
            </label>
            <label className="text-xs text-slate-600">
              Password (optional)
              <input name="password" type="password" autoComplete="new-password" className="input mt-1 w-56" aria-label="Password" />
            </label>
          </div>
          <label className="block text-xs text-slate-600">
            Locked filters, one a line — the viewer cannot remove them
            <textarea name="locks" rows={2} className="input mt-1 w-full font-mono text-xs" placeholder="person.source = newsletter" aria-label="Locked filters" />
          </label>
          <fieldset className="flex flex-wrap gap-4 text-sm text-slate-700">
            <label className="flex items-center gap-1.5">
              <input type="checkbox" name="allowCsv" /> CSV downloads
            </label>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" name="allowPeople" /> People lists
            </label>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" name="allowSql" /> SQL
            </label>
          </fieldset>
          {state && !state.ok && (
            <p role="alert" className="text-sm text-red-700">
              {state.error}
            </p>
          )}
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={pending}>
              Create link
            </button>
            <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </HeaderPopover>
  );
}
