"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { ActivityDay } from "@/lib/reports/activity/definition";
import { formatNumber, formatPercent } from "@/lib/format";

const count = (v: string | number) => formatNumber(Number(v));

/** Every day of the range, newest first; the as-of day marked when it is not over. */
export function ActivityTable({ days }: { days: ActivityDay[] }) {
  const columns = useMemo<DataTableColumn<ActivityDay>[]>(
    () => [
      { id: "day", header: "Day", value: (d) => d.day, format: (v) => `${v}${days.find((d) => d.day === v)?.partial ? " (so far)" : ""}`, align: "left" },
      { id: "dau", header: "DAU", value: (d) => d.dau, format: count },
      { id: "dauAverage7", header: "7-day average", value: (d) => d.dauAverage7, format: (v) => Number(v).toFixed(1) },
      { id: "wau", header: "WAU", value: (d) => d.wau, format: count },
      { id: "mau", header: "MAU", value: (d) => d.mau, format: count },
      { id: "stickiness", header: "Stickiness (DAU/MAU)", value: (d) => d.stickiness, format: (v) => formatPercent(Number(v)) },
    ],
    [days],
  );
  return <DataTable columns={columns} rows={days} initialSort={{ id: "day", desc: true }} caption="Active people per day" />;
}
