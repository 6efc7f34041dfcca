"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { addTileAction, deleteDashboardAction, setDefaultAction, setFiltersAction } from "@/app/(app)/p/[project]/dashboards/actions";
import { ActionForm } from "@/components/settings/action-form";
import type { DashboardFilters } from "@/lib/data/dashboards";

type Props = { slug: string; id: string; isDefault: boolean; filters: DashboardFilters; saved: { id: string; name: string }[] };

/** An editor's controls: a saved report to add, the dashboard-wide range and filters, the default, deletion. */
export function DashboardControls({ slug, id, isDefault, filters, saved }: Props) {
  const router = useRouter();
  const [deleted, remove, deleting] = useActionState(deleteDashboardAction, null);
  useEffect(() => {
    if (deleted?.ok) router.push(deleted.data);
  }, [deleted, router]);
  return (
    <section className="card space-y-4 p-4" aria-label="Dashboard settings">
      <div className="flex flex-wrap items-end gap-6">
        <ActionForm action={addTileAction} className="flex items-end gap-2">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="id" value={id} />
          <label className="text-xs text-slate-600">
            Add a saved report
            <select name="saved" className="input mt-1 w-64" aria-label="Saved report to add" defaultValue="">
              <option value="" disabled>
                {saved.length ? "Choose…" : "No saved reports yet"}
              </option>
              {saved.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn-secondary">
            Add tile
          </button>
        </ActionForm>
        <ActionForm action={setDefaultAction}>
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="isDefault" value={isDefault ? "false" : "true"} />
          <button type="submit" className="btn-secondary">
            {isDefault ? "No longer open the project here" : "Open the project on this dashboard"}
          </button>
        </ActionForm>
        <form action={remove}>
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="btn-secondary" disabled={deleting}>
            Delete the dashboard
          </button>
        </form>
      </div>
      <ActionForm action={setFiltersAction} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="id" value={id} />
        <label className="text-xs text-slate-600">
          From (every tile)
          <input name="from" defaultValue={filters.from ?? ""} className="input mt-1 w-40" placeholder="-29d or 2026-01-01" aria-label="Dashboard from" />
        </label>
        <label className="text-xs text-slate-600">
          To
          <input name="to" defaultValue={filters.to ?? ""} className="input mt-1 w-40" placeholder="as-of day" aria-label="Dashboard to" />
        </label>
        <label className="text-xs text-slate-600">
          Filters added to every tile (one per line)
          <textarea name="where" defaultValue={(filters.where ?? []).join("\n")} className="input mt-1 h-10 w-80 font-mono text-xs" aria-label="Dashboard filters" />
        </label>
        <button type="submit" className="btn-secondary">
          Apply to every tile
        </button>
      </ActionForm>
    </section>
  );
}
