import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { listShares, shareViews } from "@/lib/data/shares";
import { pageData } from "@/lib/http/page-data";
import { SettingsHeader } from "@/components/settings/settings-header";
import { SharesPanel } from "@/components/shares/shares-panel";

export const metadata: Metadata = { title: "Share links" };

/** The live share links: every one for an administrator, one's own for marketing; each with its view log. */
export default async function SharesPage() {
  const actor = await requireActor();
  const data = await pageData(async () => {
    const links = await listShares(actor);
    return Promise.all(links.map(async (l) => ({ ...l, log: await shareViews(actor, l.id, 20) })));
  });
  if (!data.ok) throw new Error(data.message);
  const all = can(actor, "shares.manage");
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <SettingsHeader
        section="Sharing"
        title="Share links"
        body={`${all ? "Every live link of this installation" : "Your live links"}: each shows one dashboard or one report, read-only, to anyone holding it, until it expires or is revoked. Rotating gives a link a new address and ends the old one.`}
      />
      <SharesPanel links={data.data} />
    </div>
  );
}
