import type { CampaignsResult } from "@/lib/reports/campaigns/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import type { ReportTileProps } from "../registry";

const pct = (v: number | null) => (v === null ? "—" : formatPercent(v));

/** A dashboard tile: the newest campaigns with their reach and engagement. */
export function CampaignsTile({ output }: ReportTileProps<CampaignsResult>) {
  const { campaigns, goal } = output.result;
  if (!campaigns.length) return <p className="text-sm text-slate-500">No campaign sends in this range.</p>;
  return (
    <table className="w-full text-sm text-slate-700" data-testid="campaigns-tile">
      <thead className="text-left text-xs text-slate-500">
        <tr>
          <th className="py-1 font-medium">Campaign</th>
          <th className="py-1 text-right font-medium">Delivered</th>
          <th className="py-1 text-right font-medium">Open</th>
          <th className="py-1 text-right font-medium">CTR</th>
          {goal && <th className="py-1 text-right font-medium">Converted</th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {campaigns.slice(0, 5).map((c) => (
          <tr key={c.campaign}>
            <td className="max-w-48 truncate py-1">{c.name}</td>
            <td className="py-1 text-right tabular-nums">{formatNumber(c.delivered)}</td>
            <td className="py-1 text-right tabular-nums">{pct(c.openRate)}</td>
            <td className="py-1 text-right tabular-nums">{pct(c.ctr)}</td>
            {goal && <td className="py-1 text-right tabular-nums">{pct(c.conversionRate)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
