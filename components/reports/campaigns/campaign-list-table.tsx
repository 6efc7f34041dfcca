"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { CampaignSummary } from "@/lib/reports/campaigns/definition";
import { formatPercent } from "@/lib/format";
import { kpiColumns } from "./kpi-columns";

/** Every campaign with its KPIs, newest first; a campaign's name opens its own view with the same settings. */
export function CampaignListTable({ campaigns, goal, timezone }: { campaigns: CampaignSummary[]; goal: boolean; timezone: string }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const columns = useMemo<DataTableColumn<CampaignSummary>[]>(() => {
    const href = (id: string) => {
      const next = new URLSearchParams(search.toString());
      next.set("campaign", id);
      return `${pathname}?${next}`;
    };
    const day = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, day: "numeric", month: "short", year: "numeric" });
    const head: DataTableColumn<CampaignSummary>[] = [
      {
        id: "name",
        header: "Campaign",
        value: (r) => r.name,
        align: "left",
        render: (r) => (
          <Link href={href(r.campaign)} className="block min-w-60 font-medium text-brand-700 hover:underline">
            {r.name}
          </Link>
        ),
      },
      { id: "firstSend", header: "Sent", value: (r) => r.firstSend, format: (v) => day.format(new Date(String(v))).replace(/ /g, "\u00a0"), align: "left" },
      { id: "holdoutAudience", header: "Holdout", value: (r) => r.holdoutAudience || null },
    ];
    const tail: DataTableColumn<CampaignSummary>[] = goal
      ? [{ id: "holdoutConversionRate", header: "Holdout conversion", value: (r) => r.holdoutConversionRate, format: (v) => formatPercent(Number(v)) }]
      : [];
    return [...head, ...kpiColumns<CampaignSummary>(goal), ...tail];
  }, [goal, pathname, search, timezone]);
  return <DataTable columns={columns} rows={campaigns} initialSort={{ id: "firstSend", desc: true }} emptyMessage="No campaign sends in this range." caption="Campaigns" />;
}
