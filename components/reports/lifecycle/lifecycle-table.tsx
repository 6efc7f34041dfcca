"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { LifecyclePeriod } from "@/lib/reports/lifecycle/definition";
import { cohortLabel, type Grain } from "@/lib/reports/periods";
import { formatNumber } from "@/lib/format";

const count = (v: string | number) => formatNumber(Number(v));

/** The bars' numbers, with the quick ratio. */
export function LifecycleTable({ periods, period }: { periods: LifecyclePeriod[]; period: Grain }) {
  const columns = useMemo<DataTableColumn<LifecyclePeriod>[]>(
    () => [
      { id: "period", header: "Period", value: (x) => x.period, format: (v) => cohortLabel(period, String(v)) + (periods.find((x) => x.period === v)?.complete ? "" : " (so far)"), align: "left" },
      { id: "new", header: "New", value: (x) => x.new, format: count },
      { id: "returning", header: "Returning", value: (x) => x.returning, format: count },
      { id: "resurrected", header: "Resurrected", value: (x) => x.resurrected, format: count },
      { id: "dormant", header: "Dormant", value: (x) => x.dormant, format: count },
      { id: "quickRatio", header: "Quick ratio", value: (x) => x.quickRatio, format: (v) => Number(v).toFixed(2) },
    ],
    [period, periods],
  );
  return <DataTable columns={columns} rows={periods} initialSort={{ id: "period", desc: true }} caption="Lifecycle per period" />;
}
