import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/data/users";
import { pageData } from "@/lib/http/page-data";
import { SettingsHeader } from "@/components/settings/settings-header";
import { UsersPanel } from "@/components/settings/users-panel";
import { InvitationsPanel } from "@/components/settings/invitations-panel";
import { listInvitations } from "@/lib/data/invitations";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireActor();
  const users = await pageData(() => listUsers(actor));
  const invitations = await pageData(() => listInvitations(actor));
  if (!users.ok) throw new Error(users.message);
  if (!invitations.ok) throw new Error(invitations.message);
  return (
    <>
      <SettingsHeader title="Users" body="Admins manage everything; marketing reads and edits reports, dashboards and share links; sales reads dashboards and reports." />
      <UsersPanel
        currentUserId={actor.userId}
        users={users.data.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled }))}
      />
      <InvitationsPanel invitations={invitations.data} />
    </>
  );
}
