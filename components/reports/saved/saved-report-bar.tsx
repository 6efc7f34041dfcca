"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { deleteSavedReportAction, updateSavedReportAction } from "@/app/(app)/p/[project]/saved/actions";
import { rawFromSearchParams, searchParamsFromRaw, type RawParams } from "@/lib/reports/params";

type Saved = { id: string; kind: string; name: string; description: string; params: RawParams };

/** Two views are the same when they hold the same parameters, in whatever order (JSON storage reorders keys). */
const canonical = (p: RawParams) => searchParamsFromRaw(Object.fromEntries(Object.entries(p).sort(([a], [b]) => a.localeCompare(b)))).toString();
const sameView = (a: RawParams, b: RawParams) => canonical(a) === canonical(b);

/** A saved report's name and description over its view; with the right to edit, saving changes keeps its URL. */
export function SavedReportBar({ slug, saved, canEdit }: { slug: string; saved: Saved; canEdit: boolean }) {
  const search = useSearchParams();
  const router = useRouter();
  const current = rawFromSearchParams(new URLSearchParams(search.toString()));
  const changed = !sameView(current, saved.params);
  const [renaming, setRenaming] = useState(false);
  const [updateState, update, updating] = useActionState(updateSavedReportAction, null);
  const [deleteState, remove, deleting] = useActionState(deleteSavedReportAction, null);
  useEffect(() => {
    if (updateState?.ok) router.refresh();
  }, [updateState, router]);
  useEffect(() => {
    if (deleteState?.ok) router.push(deleteState.data);
  }, [deleteState, router]);
  const error = (updateState && !updateState.ok && updateState.error) || (deleteState && !deleteState.ok && deleteState.error);
  return (
    <section className="card flex flex-wrap items-center justify-between gap-3 border-brand-200 bg-brand-50/40 px-4 py-3" aria-label="Saved report" data-testid="saved-report-bar">
      {renaming ? (
        <form action={update} onSubmit={() => setRenaming(false)} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="id" value={saved.id} />
          <input name="name" defaultValue={saved.name} className="input w-56" aria-label="Report name" required />
          <input name="description" defaultValue={saved.description} className="input w-80" aria-label="Description" />
          <button type="submit" className="btn-primary" disabled={updating}>
            Save
          </button>
          <button type="button" className="btn-secondary" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-brand-700">Saved report</p>
          <p className="font-semibold text-slate-900" data-testid="saved-report-name">
            {saved.name}
          </p>
          {saved.description && <p className="text-sm text-slate-600">{saved.description}</p>}
          {changed && <p className="text-sm text-amber-700">This view differs from the saved one.</p>}
        </div>
      )}
      {canEdit && !renaming && (
        <div className="flex gap-2">
          {changed && (
            <form action={update}>
              <input type="hidden" name="slug" value={slug} />
              <input type="hidden" name="id" value={saved.id} />
              <input type="hidden" name="params" value={JSON.stringify(current)} />
              <button type="submit" className="btn-primary" disabled={updating}>
                Save changes
              </button>
            </form>
          )}
          <button type="button" className="btn-secondary" onClick={() => setRenaming(true)}>
            Rename
          </button>
          <form action={remove}>
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="id" value={saved.id} />
            <input type="hidden" name="kind" value={saved.kind} />
            <button type="submit" className="btn-secondary" disabled={deleting}>
              Delete
            </button>
          </form>
        </div>
      )}
      {error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
