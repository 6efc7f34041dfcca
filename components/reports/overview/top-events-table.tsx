"use client";

import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { OverviewResult } from "@/lib/reports/overview/definition";
import { formatNumber } from "@/lib/format";

type Row = OverviewResult["topEvents"][number];

const columns: DataTableColumn<Row>[] = [
  { id: "name", header: "Event", value: (r) => r.name },
  { id: "events", header: "Events", value: (r) => r.events, format: (v) => formatNumber(Number(v)), align: "right" },
  { id: "people", header: "People", value: (r) => r.people, format: (v) => formatNumber(Number(v)), align: "right" },
];

export function TopEventsTable({ rows }: { rows: Row[] }) {
  return <DataTable columns={columns} rows={rows} initialSort={{ id: "events", desc: true }} emptyMessage="No events in this range." caption="Top events" />;
}
