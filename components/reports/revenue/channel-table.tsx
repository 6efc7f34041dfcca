"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { ChannelRow, Payback } from "@/lib/reports/revenue/definition";
import { cohortLabel } from "@/lib/reports/periods";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";

const money = (v: string | number) => formatMoney(Number(v));

/** Spend against what it brought, one row per channel and platform or per channel and month. */
export function ChannelTable({ rows, by, payback }: { rows: ChannelRow[]; by: "platform" | "month"; payback?: Payback[] }) {
  const columns = useMemo<DataTableColumn<ChannelRow>[]>(() => {
    const paybackOf = (channel: string) => payback?.find((p) => p.channel === channel);
    const cols: DataTableColumn<ChannelRow>[] = [
      { id: "channel", header: "Channel", value: (r) => r.channel, align: "left" },
      by === "platform"
        ? { id: "platform", header: "Platform", value: (r) => r.platform ?? "All platforms", align: "left" }
        : { id: "month", header: "Month", value: (r) => r.month, format: (v) => cohortLabel("month", String(v)), align: "left" },
      { id: "spend", header: "Spend", value: (r) => r.spend, format: money },
      { id: "cpc", header: "CPC", value: (r) => r.cpc, format: money },
      { id: "newCustomers", header: "New customers", value: (r) => r.newCustomers, format: (v) => formatNumber(Number(v)) },
      { id: "cac", header: "CAC", value: (r) => r.cac, format: money },
      { id: "revenue", header: "Revenue", value: (r) => r.revenue, format: money },
      { id: "roas", header: "ROAS", value: (r) => r.roas, format: (v) => `${Number(v).toFixed(2)}×` },
      { id: "roi", header: "ROI", value: (r) => r.roi, format: (v) => formatPercent(Number(v)) },
    ];
    if (payback)
      cols.push({
        id: "payback",
        header: "Payback",
        value: (r) => (r.platform === null ? (paybackOf(r.channel)?.paybackMonths ?? null) : null),
        format: (v) => `${v} month${Number(v) === 1 ? "" : "s"}`,
      });
    return cols;
  }, [by, payback]);
  return <DataTable columns={columns} rows={rows} caption={by === "platform" ? "Spend by channel and platform" : "Spend by channel and month"} emptyMessage="No spend uploaded for this range." />;
}
