"use client";

import { useState } from "react";
import { createDigestAction, deleteDigestAction, sendDigestAction } from "@/app/(app)/p/[project]/dashboards/actions";
import type { DigestInfo } from "@/lib/data/digests";
import { ActionForm } from "@/components/settings/action-form";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "never");

/** The dashboard's email digests: when each goes, to whom, within which filters; a new one; send one now. */
export function DigestPanel({ slug, id, timezone, digests }: { slug: string; id: string; timezone: string; digests: DigestInfo[] }) {
  const [frequency, setFrequency] = useState("weekly");
  return (
    <details className="card p-4" open={digests.length > 0}>
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Email digests ({digests.length})</summary>
      <ul className="mt-3 space-y-2 text-sm" aria-label="Digests">
        {digests.map((d) => (
          <li key={d.id} className="flex flex-wrap items-start justify-between gap-3 border-t border-slate-100 pt-2" data-testid={`digest-${d.id}`}>
            <div>
              <p className="font-medium">
                {d.schedule} ({timezone}) → {d.recipients.join(", ")}
              </p>
              <p className="text-xs text-slate-500">
                {d.locks.length ? `Only ${d.locks.join(" and ")} · ` : ""}next {when(d.nextRunAt)} · last sent {when(d.lastSentAt)}
                {d.lastError ? ` · last attempt failed: ${d.lastError}` : ""}
              </p>
            </div>
            <div className="flex gap-2">
              <ActionForm action={sendDigestAction}>
                <input type="hidden" name="slug" value={slug} />
                <input type="hidden" name="digest" value={d.id} />
                <button type="submit" className="btn-secondary">
                  Send now
                </button>
              </ActionForm>
              <ActionForm action={deleteDigestAction}>
                <input type="hidden" name="slug" value={slug} />
                <input type="hidden" name="digest" value={d.id} />
                <button type="submit" className="btn-secondary" aria-label={`Delete digest ${d.id}`}>
                  Delete
                </button>
              </ActionForm>
            </div>
          </li>
        ))}
      </ul>
      <ActionForm action={createDigestAction} className="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-100 pt-4">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="id" value={id} />
        <label className="text-xs text-slate-600">
          Send
          <select name="frequency" className="input mt-1 w-32" value={frequency} onChange={(e) => setFrequency(e.target.value)} aria-label="Frequency">
            <option value="daily">daily</option>
            <option value="weekly">weekly</option>
            <option value="monthly">monthly</option>
          </select>
        </label>
        {frequency === "weekly" && (
          <label className="text-xs text-slate-600">
            on
            <select name="weekday" className="input mt-1 w-36" defaultValue="1" aria-label="Weekday">
              {WEEKDAYS.map((w, i) => (
                <option key={w} value={i}>
                  {w}
                </option>
              ))}
            </select>
          </label>
        )}
        {frequency === "monthly" && (
          <label className="text-xs text-slate-600">
            on day
            <input name="monthDay" type="number" min={1} max={28} defaultValue={1} className="input mt-1 w-20" aria-label="Day of the month" />
          </label>
        )}
        <label className="text-xs text-slate-600">
          at ({timezone})
          <select name="hour" className="input mt-1 w-24" defaultValue="8" aria-label="Hour">
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, "0")}:00
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-72 flex-1 text-xs text-slate-600">
          To (email addresses)
          <input name="recipients" className="input mt-1 w-full" placeholder="ana@example.com, team@example.com" aria-label="Recipients" required />
        </label>
        <label className="w-full text-xs text-slate-600">
          Only within (optional filters, one a line)
          <textarea name="locks" rows={1} className="input mt-1 w-full font-mono text-xs" placeholder="person.source = organic" aria-label="Digest filters" />
        </label>
        <button type="submit" className="btn-primary">
          Schedule the digest
        </button>
      </ActionForm>
    </details>
  );
}
