"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { formatNumber, formatPercent, formatPValue } from "@/lib/format";

/** One segment's list: a count per key (a page, a sequence), and its share when it has one. */
export type SegmentList = { label: string; rows: { key: string; n: number; share?: number; p?: number | null; significant?: boolean }[] };
type Row = { key: string; cells: (SegmentList["rows"][number] | undefined)[] };

/**
 * A list per segment side by side: a row per key, in the first segment's order (keys the others add come after),
 * and for each segment its count, its share where there is one, and its p-value against `baseline` where given.
 */
export function SideBySide({ keyHeader, lists, caption, empty, baseline = "" }: { keyHeader: string; lists: SegmentList[]; caption: string; empty: string; baseline?: string }) {
  const rows = useMemo<Row[]>(() => {
    const keys = [...new Set(lists.flatMap((l) => l.rows.map((r) => r.key)))];
    return keys.map((key) => ({ key, cells: lists.map((l) => l.rows.find((r) => r.key === key)) }));
  }, [lists]);
  const columns = useMemo<DataTableColumn<Row>[]>(() => {
    const many = lists.length > 1;
    return [
      { id: "key", header: keyHeader, value: (r) => r.key, align: "left" },
      ...lists.flatMap((l, i): DataTableColumn<Row>[] => [
        { id: `n${i}`, header: many ? `${l.label}` : "Count", value: (r) => r.cells[i]?.n ?? 0, format: (v) => formatNumber(Number(v)) },
        ...(l.rows.some((r) => r.share !== undefined)
          ? [{ id: `s${i}`, header: many ? `${l.label} %` : "Share", value: (r: Row) => r.cells[i]?.share ?? 0, format: (v: string | number) => formatPercent(Number(v)) }]
          : []),
        ...(l.rows.some((r) => r.p !== undefined)
          ? [
              {
                id: `p${i}`,
                header: `${l.label}: p vs ${baseline}`,
                value: (r: Row) => r.cells[i]?.p ?? null,
                render: (r: Row) => {
                  const c = r.cells[i];
                  if (c?.p == null) return "—";
                  return <span className={c.significant ? "font-semibold text-emerald-700" : "text-slate-500"}>{formatPValue(c.p)}{c.significant ? " *" : ""}</span>;
                },
              },
            ]
          : []),
      ]),
    ];
  }, [lists, keyHeader, baseline]);
  return <DataTable columns={columns} rows={rows} caption={caption} emptyMessage={empty} />;
}
