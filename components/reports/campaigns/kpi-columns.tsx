"use client";

import type { DataTableColumn } from "@/components/ui/data-table";
import type { CampaignGroup } from "@/lib/reports/campaigns/definition";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";

const count = (v: string | number) => formatNumber(Number(v));
const percent = (v: string | number) => formatPercent(Number(v));
const money = (v: string | number) => formatMoney(Number(v));

/**
 * The KPI columns every campaign table shows, in the order of the definition: reach, engagement, then what
 * happened after the send. `goal` hides the conversion columns when no goal was given.
 */
export function kpiColumns<Row extends CampaignGroup>(goal: boolean): DataTableColumn<Row>[] {
  const columns: DataTableColumn<Row>[] = [
    { id: "audience", header: "Audience", value: (r) => r.audience, format: count },
    { id: "delivered", header: "Delivered", value: (r) => r.delivered, format: count },
    { id: "openRate", header: "Open rate", value: (r) => r.openRate, format: percent },
    { id: "ctr", header: "CTR", value: (r) => r.ctr, format: percent },
    { id: "clickToOpen", header: "Click-to-open", value: (r) => r.clickToOpen, format: percent },
    { id: "unsubscribeRate", header: "Unsubscribed", value: (r) => r.unsubscribeRate, format: (v) => formatPercent(Number(v), 2) },
  ];
  if (goal) columns.push({ id: "conversionRate", header: "Goal conversion", value: (r) => r.conversionRate, format: percent });
  columns.push(
    { id: "revenuePerMember", header: "Revenue / member", value: (r) => r.revenuePerMember, format: money },
    { id: "reengagementRate", header: "Re-engaged", value: (r) => r.reengagementRate, format: percent },
    { id: "dormant", header: "Dormant", value: (r) => r.dormant, format: count },
  );
  return columns;
}
