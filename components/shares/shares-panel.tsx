"use client";

import { useActionState } from "react";
import { revokeShareAction, rotateShareAction } from "@/app/(app)/shares/actions";
import type { ShareInfo } from "@/lib/data/shares";
import { ListTable } from "@/components/ui/list-table";
import { CopyText } from "@/components/ui/copy-text";

type Link = ShareInfo & { log: { at: string; address: string }[] };
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

export function SharesPanel({ links }: { links: Link[] }) {
  return (
    <div className="card overflow-x-auto">
      <ListTable headers={["Shows", "Locked filters", "Allows", "Created", "Expires", { label: "Views", align: "right" }, ""]} count={links.length} empty="No live share links.">
        {links.map((l) => (
          <tr key={l.id} className="align-top" data-testid={`share-${l.id}`}>
            <td className="px-4 py-3">
              <p className="font-medium">{l.target}</p>
              <p className="text-xs text-slate-500">
                {l.project} · #{l.id}
                {l.password ? " · password" : ""}
              </p>
            </td>
            <td className="px-4 py-3 font-mono text-xs">{l.locks.join(", ") || "—"}</td>
            <td className="px-4 py-3 text-xs">{[l.allowCsv && "CSV", l.allowPeople && "people", l.allowSql && "SQL"].filter(Boolean).join(", ") || "viewing only"}</td>
            <td className="px-4 py-3 text-xs">
              {when(l.createdAt)}
              <br />
              <span className="text-slate-500">{l.createdBy ?? "—"}</span>
            </td>
            <td className="px-4 py-3 text-xs">{when(l.expiresAt)}</td>
            <td className="px-4 py-3 text-right tabular-nums">
              <details>
                <summary className="cursor-pointer">{l.views}</summary>
                <ul className="mt-1 space-y-0.5 text-left text-xs text-slate-600" aria-label="View log">
                  {l.log.map((v) => (
                    <li key={v.at + v.address}>
                      {when(v.at)} · {v.address}
                    </li>
                  ))}
                </ul>
              </details>
            </td>
            <td className="px-4 py-3">
              <LinkActions id={l.id} />
            </td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}

function LinkActions({ id }: { id: string }) {
  const [revoked, revoke, revoking] = useActionState(revokeShareAction, null);
  const [rotated, rotate, rotating] = useActionState(rotateShareAction, null);
  return (
    <div className="flex min-w-48 flex-col items-end gap-2">
      <div className="flex gap-2">
        <form action={rotate}>
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="btn-secondary" disabled={rotating}>
            Rotate
          </button>
        </form>
        <form action={revoke}>
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="btn-secondary text-red-700" disabled={revoking} aria-label={`Revoke link ${id}`}>
            Revoke
          </button>
        </form>
      </div>
      {rotated?.ok && <CopyText text={`${window.location.origin}${rotated.data}`} label="New share link" />}
      {[revoked, rotated].map((s, i) => s && !s.ok && <p key={i} role="alert" className="text-xs text-red-700">{s.error}</p>)}
    </div>
  );
}
