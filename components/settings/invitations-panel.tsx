"use client";

import { inviteUserAction, revokeInvitationAction } from "@/app/(app)/settings/actions";
import { CopyText } from "@/components/ui/copy-text";
import { ListTable } from "@/components/ui/list-table";
import { ActionForm } from "./action-form";

type Invitation = { id: string; email: string; role: string; expiresAt: string; invitedBy: string | null };

/** Invite someone by a one-time link that expires; the open invitations, each revocable. */
export function InvitationsPanel({ invitations }: { invitations: Invitation[] }) {
  return (
    <section className="card space-y-4 p-5">
      <h2 className="font-semibold">Invite someone</h2>
      <ActionForm
        action={inviteUserAction}
        className="flex flex-wrap items-end gap-3"
        success={(d) => (
          <div className="w-full space-y-1" data-testid="invitation-link">
            <p>Send this link to {d.email}. It works once, until {d.expiresAt.slice(0, 16).replace("T", " ")} UTC, and is not shown again:</p>
            <CopyText text={`${window.location.origin}${d.path}`} label="Invitation link" />
          </div>
        )}
      >
        <label className="text-xs text-slate-600">
          Email
          <input name="email" type="email" required className="input mt-1 w-72" aria-label="Invite email" />
        </label>
        <label className="text-xs text-slate-600">
          Role
          <select name="role" defaultValue="sales" className="input mt-1 w-36" aria-label="Invite role">
            <option value="admin">admin</option>
            <option value="marketing">marketing</option>
            <option value="sales">sales</option>
          </select>
        </label>
        <button type="submit" className="btn-primary">
          Make an invitation link
        </button>
      </ActionForm>
      {invitations.length > 0 && (
        <ListTable headers={["Invited", "Role", "Expires (UTC)", "By", ""]} count={invitations.length}>
          {invitations.map((i) => (
            <tr key={i.id}>
              <td className="px-4 py-2">{i.email}</td>
              <td className="px-4 py-2">{i.role}</td>
              <td className="px-4 py-2 tabular-nums">{i.expiresAt.slice(0, 16).replace("T", " ")}</td>
              <td className="px-4 py-2">{i.invitedBy ?? "—"}</td>
              <td className="px-4 py-2">
                <ActionForm action={revokeInvitationAction}>
                  <input type="hidden" name="id" value={i.id} />
                  <button type="submit" className="btn-secondary" aria-label={`Revoke the invitation of ${i.email}`}>
                    Revoke
                  </button>
                </ActionForm>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
