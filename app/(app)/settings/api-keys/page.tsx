import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/data/api-keys";
import { listUsers } from "@/lib/data/users";
import { pageData } from "@/lib/http/page-data";
import { SettingsHeader } from "@/components/settings/settings-header";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const actor = await requireActor();
  const data = await pageData(async () => ({ keys: await listApiKeys(actor), users: await listUsers(actor) }));
  if (!data.ok) throw new Error(data.message);
  return (
    <>
      <SettingsHeader
        title="API keys"
        body="A key acts as its user, with that user's role, or only reads when it is read-only. Send it as Authorization: Bearer <key> to /api/v1/…"
      />
      <ApiKeysPanel
        users={data.data.users.filter((u) => !u.disabled).map((u) => ({ email: u.email, role: u.role }))}
        keys={data.data.keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          user: k.user.email,
          role: k.user.role,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          expiresAt: k.expiresAt?.toISOString() ?? null,
          readOnly: k.readOnly,
          revoked: k.revokedAt !== null,
        }))}
      />
    </>
  );
}
