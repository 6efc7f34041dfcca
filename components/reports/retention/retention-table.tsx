"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { Period, RetentionCohort, RetentionGroup } from "@/lib/reports/retention/definition";
import { cohortLabel, periodLabel } from "@/lib/reports/periods";
import { formatNumber, formatPercent } from "@/lib/format";

/** The heatmap's numbers as a sortable table; incomplete periods carry a *, future ones are empty. */
export function RetentionTable({ group, period, periods, show }: { group: RetentionGroup; period: Period; periods: number; show: "percent" | "count" }) {
  const columns = useMemo<DataTableColumn<RetentionCohort>[]>(
    () => [
      { id: "cohort", header: "Cohort", value: (c) => c.cohort, format: (v) => cohortLabel(period, String(v)), align: "left" },
      { id: "size", header: "People", value: (c) => c.size, format: (v) => formatNumber(Number(v)), align: "right" },
      ...Array.from({ length: periods }, (_, k): DataTableColumn<RetentionCohort> => ({
        id: `p${k}`,
        header: periodLabel(period, k),
        value: (c) => {
          const cell = c.cells[k];
          if (!cell || cell.state === "future" || c.size === 0) return null;
          return show === "percent" ? cell.rate : cell.retained;
        },
        format: (v) => {
          const text = show === "percent" ? formatPercent(Number(v)) : formatNumber(Number(v));
          return text;
        },
        align: "right",
      })),
    ],
    [period, periods, show],
  );
  return (
    <DataTable
      columns={columns}
      rows={group.cohorts}
      initialSort={{ id: "cohort", desc: false }}
      emptyMessage="No cohorts in this range."
      caption="Cells of periods not over by the as-of date are shown as counted so far; see the heatmap's hatching."
      sortKey="cohorts"
    />
  );
}
