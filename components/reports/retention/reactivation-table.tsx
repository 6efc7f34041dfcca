"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { Period, ReactivationRow } from "@/lib/reports/retention/definition";
import { cohortLabel } from "@/lib/reports/periods";
import { formatNumber, formatPercent } from "@/lib/format";

const count = (v: string | number) => formatNumber(Number(v));

/** Growth accounting per period: who is new, kept, back after a gap, and who left. */
export function ReactivationTable({ rows, period }: { rows: ReactivationRow[]; period: Period }) {
  const columns = useMemo<DataTableColumn<ReactivationRow>[]>(
    () => [
      { id: "period", header: "Period", value: (r) => r.period, format: (v) => cohortLabel(period, String(v)) + (rows.find((r) => r.period === v)?.complete ? "" : " (so far)"), align: "left" },
      { id: "active", header: "Active", value: (r) => r.active, format: count },
      { id: "new", header: "New", value: (r) => r.new, format: count },
      { id: "retained", header: "Retained", value: (r) => r.retained, format: count },
      { id: "reactivated", header: "Reactivated", value: (r) => r.reactivated, format: count },
      { id: "inactiveBase", header: "Inactive base", value: (r) => r.inactiveBase, format: count },
      { id: "reactivationRate", header: "Reactivation rate", value: (r) => r.reactivationRate, format: (v) => formatPercent(Number(v)) },
      { id: "churned", header: "Churned", value: (r) => r.churned, format: count },
    ],
    [period, rows],
  );
  return <DataTable columns={columns} rows={rows} initialSort={{ id: "period", desc: true }} emptyMessage="No activity in this range." caption="Reactivation" />;
}
