import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";

/** Settings are for administrators; each page's data call checks again. */
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  if (!can(actor, "users.manage")) forbidden();
  return <div className="mx-auto max-w-5xl space-y-6">{children}</div>;
}
