"use client";

import { ActionForm } from "./action-form";
import { CopyText } from "@/components/ui/copy-text";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(app)/settings/actions";
import { ListTable } from "@/components/ui/list-table";

type Key = {
  id: string;
  name: string;
  prefix: string;
  user: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  readOnly: boolean;
  revoked: boolean;
};
const EXPIRY = [
  { days: "", label: "Never expires" },
  { days: "30", label: "Expires in 30 days" },
  { days: "90", label: "Expires in 90 days" },
  { days: "365", label: "Expires in a year" },
];

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "never");

export function ApiKeysPanel({ keys, users }: { keys: Key[]; users: { email: string; role: string }[] }) {
  return (
    <div className="space-y-6">
      <section className="card p-5">
        <h2 className="mb-3 font-semibold">Create a key</h2>
        <ActionForm
          action={createApiKeyAction}
          className="flex flex-wrap items-center gap-3"
          success={(k) => (
            <span className="block w-full space-y-1">
              <span className="block">
                Key for {k.user}: <code data-testid="new-api-key" className="rounded bg-slate-100 px-2 py-1 text-slate-900 select-all">{k.key}</code>
              </span>
              <CopyText text={k.key} label="New API key" />
              <span className="block">Copy it now: it is not shown again.</span>
            </span>
          )}
        >
          <select name="userEmail" aria-label="Acts as" className="input w-72" required defaultValue="">
            <option value="" disabled>
              Acts as…
            </option>
            {users.map((u) => (
              <option key={u.email} value={u.email}>
                {u.email} ({u.role})
              </option>
            ))}
          </select>
          <input name="name" placeholder="Name, e.g. Warehouse sync" aria-label="Key name" className="input w-64" />
          <select name="expiresInDays" aria-label="Expiry" className="input w-48" defaultValue="90">
            {EXPIRY.map((e) => (
              <option key={e.days} value={e.days}>
                {e.label}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="readOnly" /> Read only
          </label>
          <button type="submit" className="btn-primary">
            Create key
          </button>
        </ActionForm>
      </section>
      <section className="card overflow-hidden">
        <ListTable headers={["Key", "Acts as", "Created", "Last used", "Expires", ""]} count={keys.length} empty="No API keys yet.">
          {keys.map((k) => (
            <tr key={k.id} className={k.revoked ? "text-slate-400" : ""}>
              <td className="px-4 py-2">
                <p className="font-medium">{k.name}</p>
                <code className="text-xs">{k.prefix}…</code>
              </td>
              <td className="px-4 py-2">
                {k.user} <span className="text-xs text-slate-500">({k.readOnly ? `${k.role}, read only` : k.role})</span>
              </td>
              <td className="px-4 py-2 tabular-nums">{day(k.createdAt)}</td>
              <td className="px-4 py-2 tabular-nums">{day(k.lastUsedAt)}</td>
              <td className="px-4 py-2 tabular-nums">{day(k.expiresAt)}</td>
              <td className="px-4 py-2 text-right">
                {k.revoked ? (
                  <span className="text-xs">revoked</span>
                ) : (
                  <ActionForm action={revokeApiKeyAction}>
                    <input type="hidden" name="id" value={k.id} />
                    <button type="submit" className="btn-secondary">
                      Revoke
                    </button>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
    </div>
  );
}
