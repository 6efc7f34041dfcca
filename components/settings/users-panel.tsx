"use client";

import { ActionForm } from "./action-form";
import { createUserAction, resetLinkAction, setDisabledAction, setRoleAction } from "@/app/(app)/settings/actions";
import { ListTable } from "@/components/ui/list-table";

type User = { id: string; email: string; name: string; role: string; disabled: boolean };
const ROLES = ["admin", "marketing", "sales"];

export function UsersPanel({ users, currentUserId }: { users: User[]; currentUserId: string | null }) {
  return (
    <div className="space-y-6">
      <section className="card overflow-hidden">
        <ListTable headers={["User", "Role", "Status", ""]} count={users.length}>
          {users.map((u) => (
            <tr key={u.id}>
              <td className="px-4 py-2">
                <p className="font-medium">{u.name}</p>
                <p className="text-xs text-slate-500">{u.email}</p>
              </td>
              <td className="px-4 py-2">
                <ActionForm action={setRoleAction} className="flex items-center gap-2">
                  <input type="hidden" name="email" value={u.email} />
                  <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`} className="input w-36 py-1" disabled={u.id === currentUserId}>
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                  {u.id !== currentUserId && (
                    <button type="submit" className="btn-secondary">
                      Save
                    </button>
                  )}
                </ActionForm>
              </td>
              <td className="px-4 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${u.disabled ? "bg-slate-100 text-slate-500" : "bg-emerald-50 text-emerald-700"}`}>
                  {u.disabled ? "disabled" : "active"}
                </span>
              </td>
              <td className="px-4 py-2 text-right">
                {u.id !== currentUserId && (
                  <div className="flex flex-wrap justify-end gap-2">
                    <ActionForm
                      action={resetLinkAction}
                      success={(r) => (
                        <span className="block max-w-xs text-left break-all" data-testid="reset-link">
                          One-time link for {r.email}, valid until {r.expiresAt.slice(0, 16).replace("T", " ")} UTC: {new URL(r.path, window.location.origin).toString()}
                        </span>
                      )}
                    >
                      <input type="hidden" name="email" value={u.email} />
                      <button type="submit" className="btn-secondary">
                        Password reset link
                      </button>
                    </ActionForm>
                    <ActionForm action={setDisabledAction}>
                      <input type="hidden" name="email" value={u.email} />
                      <input type="hidden" name="disabled" value={u.disabled ? "false" : "true"} />
                      <button type="submit" className="btn-secondary">
                        {u.disabled ? "Enable" : "Disable"}
                      </button>
                    </ActionForm>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
      <section className="card p-5">
        <h2 className="mb-3 font-semibold">Add a user</h2>
        <ActionForm action={createUserAction} className="grid grid-cols-1 gap-3 md:grid-cols-5">
          <input name="name" placeholder="Name" aria-label="Name" required className="input" />
          <input name="email" type="email" placeholder="Email" aria-label="Email" required className="input" />
          <select name="role" aria-label="Role" className="input" defaultValue="sales">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input name="password" type="password" placeholder="Password (12+ characters)" aria-label="Password" required minLength={12} className="input" />
          <button type="submit" className="btn-primary">
            Add user
          </button>
        </ActionForm>
      </section>
    </div>
  );
}
