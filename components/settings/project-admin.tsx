"use client";

import { deleteProjectAction, updateProjectAction } from "@/app/(app)/settings/actions";
import { ActionForm } from "./action-form";

/** A project's name and time zone, and its deletion after typing its slug. */
export function ProjectAdmin({ slug, name, timezone }: { slug: string; name: string; timezone: string }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700">Edit</summary>
      <div className="mt-2 w-96 space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
        <ActionForm action={updateProjectAction} className="space-y-2">
          <input type="hidden" name="slug" value={slug} />
          <label className="block text-xs text-slate-600">
            Title
            <input name="name" defaultValue={name} className="input mt-1" aria-label={`Title of ${slug}`} />
          </label>
          <label className="block text-xs text-slate-600">
            Zone (where every report&apos;s days begin)
            <input name="timezone" defaultValue={timezone} list="time-zones" className="input mt-1" aria-label={`Zone of ${slug}`} />
          </label>
          <button type="submit" className="btn-secondary">
            Save
          </button>
        </ActionForm>
        <ActionForm action={deleteProjectAction} className="space-y-2 border-t border-slate-200 pt-3">
          <input type="hidden" name="slug" value={slug} />
          <label className="block text-xs text-red-800">
            Delete the project and all its data: type <code>{slug}</code> to confirm
            <input name="confirm" autoComplete="off" className="input mt-1" aria-label={`Type ${slug} to delete it`} />
          </label>
          <button type="submit" className="btn-secondary text-red-700">
            Delete {slug}
          </button>
        </ActionForm>
      </div>
    </details>
  );
}
