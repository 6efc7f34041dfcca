"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UploadRecord } from "@/lib/data/uploads";
import { formatNumber } from "@/lib/format";
import { ListTable } from "@/components/ui/list-table";

const STATUS_STYLE: Record<string, string> = {
  stored: "bg-emerald-50 text-emerald-700",
  failed: "bg-red-50 text-red-700",
  running: "bg-sky-50 text-sky-700",
  pending: "bg-slate-100 text-slate-600",
};

function reportHref(u: UploadRecord) {
  const text = [u.errorReport?.message ?? "", ...(u.errorReport?.errors ?? [])].join("\n");
  return `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
}

/** Every upload of the project: who, when, counts, duration, mapping; failed ones with their error report. */
export function UploadHistory({ slug, uploads }: { slug: string; uploads: UploadRecord[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(u: UploadRecord) {
    if (!window.confirm(`Remove upload #${u.id} (${u.fileName}) and every row it stored? This cannot be undone.`)) return;
    setBusy(u.id);
    const res = await fetch(`/api/v1/projects/${slug}/uploads/${u.id}`, { method: "DELETE" });
    const body = await res.json().catch(() => null);
    setBusy(null);
    setMessage(res.ok ? `Removed upload #${u.id}: ${formatNumber(body.deleted.events)} events, ${formatNumber(body.deleted.people)} people.` : body?.error?.message ?? "Could not remove it.");
    router.refresh();
  }

  return (
    <section className="card overflow-hidden" aria-label="Upload history">
      <h2 className="px-5 pt-4 pb-2 font-semibold">History</h2>
      {message && <p className="px-5 pb-2 text-sm text-slate-600">{message}</p>}
      <ListTable headers={["#", "When · who", "File", "Status", { label: "Rows stored / read", align: "right" }, { label: "Duration", align: "right" }, ""]} count={uploads.length} empty="No uploads yet.">
        {uploads.map((u) => {
          const counts = u.counts as { rowsRead?: number; rowsStored?: number; skipped?: Record<string, number> };
          const skipped = Object.entries(counts.skipped ?? {});
          return (
            <tr key={u.id} className="align-top">
              <td className="px-4 py-2 tabular-nums">{u.id}</td>
              <td className="px-4 py-2">
                <p className="tabular-nums">{u.createdAt.slice(0, 16).replace("T", " ")} UTC</p>
                <p className="text-xs text-slate-500">{u.by}</p>
              </td>
              <td className="px-4 py-2">
                <p className="font-medium">{u.fileName}</p>
                <p className="text-xs text-slate-500">
                  {u.kind} · <code title={JSON.stringify(u.mapping)}>mapping</code>
                </p>
              </td>
              <td className="px-4 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[u.status] ?? ""}`}>{u.status}</span>
                {u.errorReport && <p className="mt-1 max-w-72 text-xs text-red-700">{u.errorReport.message}</p>}
                {skipped.map(([reason, n]) => (
                  <p key={reason} className="text-xs text-slate-500">
                    skipped, {reason}: {formatNumber(n)}
                  </p>
                ))}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">
                {counts.rowsStored !== undefined ? `${formatNumber(counts.rowsStored)} / ${formatNumber(counts.rowsRead ?? 0)}` : u.progress.rows ? `${formatNumber(u.progress.rows)} read` : "—"}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{u.seconds !== null ? `${u.seconds.toFixed(1)} s` : "—"}</td>
              <td className="px-4 py-2 text-right whitespace-nowrap">
                {u.errorReport && (
                  <a className="btn-secondary mr-2" href={reportHref(u)} download={`upload-${u.id}-errors.txt`}>
                    Error report
                  </a>
                )}
                {u.status !== "running" && (
                  <button type="button" className="btn-secondary" disabled={busy === u.id} onClick={() => remove(u)}>
                    {u.status === "stored" ? "Remove" : "Dismiss"}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </ListTable>
    </section>
  );
}
