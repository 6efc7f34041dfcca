"use client";

/**
 * Generic sortable table on top of @tanstack/react-table v9.
 *
 * `DataTableColumn` holds functions (`value`, `format`), and functions cannot
 * be passed from a server component to a client component. Render
 * `<DataTable>` from a client component that defines its columns itself
 * (ideally at module scope or in `useMemo`, so they stay referentially
 * stable); a server component should pass only the serialisable rows down.
 *
 * The sort a person picks is kept in the page's URL (`sort=<table>.<column>.<asc|desc>`, one value per table, the
 * table named by `sortKey` or its caption), so that a copied link or a reload shows the rows in the same order.
 */

import { useMemo, useState } from "react";
import { useSearchParams } from "next/navigation";
import { formatNumber } from "@/lib/format";
import { DownloadButton, fileName, saveCsv, useCsvAllowed } from "./download";
import { partOf, rememberPartInUrl } from "./url-state";
import { STICKY_FIRST } from "./sticky-column";
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Row as TableRow,
  type RowData,
  type SortFn,
  type SortingState,
} from "@tanstack/react-table";

export type DataTableValue = string | number | null;

export type DataTableColumn<Row> = {
  id: string;
  header: string;
  value: (row: Row) => DataTableValue;
  /**
   * Receives the non-null value returned by `value`; null cells always render
   * as an em dash. Declared as a method so a formatter written for a narrower
   * type, e.g. `(v: number) => ...`, is accepted.
   */
  format?(value: string | number): string;
  /** Draws the cell from its whole row (a link, a badge); the column still sorts by `value`. */
  render?(row: Row): React.ReactNode;
  /** Defaults to "right" when the column's first non-null value is a number. */
  align?: "left" | "right";
};

export type DataTableProps<Row> = {
  columns: DataTableColumn<Row>[];
  rows: Row[];
  initialSort?: { id: string; desc: boolean };
  emptyMessage?: string;
  caption?: string;
  /** The table's name in the URL's `sort` parameter; by default its caption as a slug ("Top events" → top-events). */
  sortKey?: string;
};

/** The URL's name of the parameter that keeps every table's sort. */
const SORT_PARAM = "sort";

/** A sort as the URL writes it after the table's name: `<column>.<asc|desc>`. */
const formatSort = (s: { id: string; desc: boolean }) => `${s.id}.${s.desc ? "desc" : "asc"}`;

function parseSort(text: string | null, columnIds: string[]): { id: string; desc: boolean } | null {
  if (!text) return null;
  const dot = text.lastIndexOf(".");
  const id = text.slice(0, dot);
  const dir = text.slice(dot + 1);
  // A column the table no longer has, or a mistyped direction, leaves the table in its own order.
  return dot > 0 && columnIds.includes(id) && (dir === "asc" || dir === "desc") ? { id, desc: dir === "desc" } : null;
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
});

type Features = typeof features;

// A fixed locale keeps server-rendered and hydrated markup identical.
const collator = new Intl.Collator("en-US", { numeric: true, sensitivity: "base" });

// Nulls are mapped to undefined in the accessor so `sortUndefined: "last"`
// keeps them at the bottom in both directions; this comparator only sees
// real values. Numbers sort before strings if a column mixes both.
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return collator.compare(String(a), String(b));
}

function makeSortFn<Row extends RowData>(): SortFn<Features, Row> {
  return (rowA: TableRow<Features, Row>, rowB: TableRow<Features, Row>, columnId: string) =>
    compareValues(rowA.getValue(columnId), rowB.getValue(columnId));
}

function inferAlign<Row>(column: DataTableColumn<Row>, rows: Row[]): "left" | "right" {
  if (column.align) return column.align;
  for (const row of rows) {
    const v = column.value(row);
    if (v !== null) return typeof v === "number" ? "right" : "left";
  }
  return "left";
}

export function DataTable<Row extends RowData>({
  columns,
  rows,
  initialSort,
  emptyMessage = "No data to show.",
  caption,
  sortKey = caption ? fileName(caption) : undefined,
}: DataTableProps<Row>) {
  const search = useSearchParams();
  const alignById = useMemo(() => {
    const map = new Map<string, "left" | "right">();
    for (const column of columns) map.set(column.id, inferAlign(column, rows));
    return map;
  }, [columns, rows]);

  const tableColumns = useMemo(() => {
    const helper = createColumnHelper<Features, Row>();
    const sortFn = makeSortFn<Row>();
    return helper.columns(
      columns.map((column) =>
        helper.accessor((row: Row) => column.value(row) ?? undefined, {
          id: column.id,
          header: column.header,
          sortFn,
          sortUndefined: "last",
          cell: (ctx) => {
            const v = ctx.getValue();
            if (v === undefined) {
              return (
                <>
                  <span aria-hidden="true" className="text-slate-400">
                    —
                  </span>
                  <span className="sr-only">No value</span>
                </>
              );
            }
            if (column.render) return column.render(ctx.row.original);
            if (column.format) return column.format(v);
            return typeof v === "number" ? formatNumber(v) : v;
          },
        }),
      ),
    );
  }, [columns]);

  // Read once on mount, from the URL first: later changes to `initialSort`
  // intentionally do not override a sort the user has picked.
  const [sorting, setSorting] = useState<SortingState>(() => {
    const fromUrl = sortKey ? parseSort(partOf(search?.getAll(SORT_PARAM) ?? [], sortKey), columns.map((c) => c.id)) : null;
    const sort = fromUrl ?? initialSort;
    return sort ? [{ id: sort.id, desc: sort.desc }] : [];
  });

  const table = useTable({
    features,
    columns: tableColumns,
    data: rows,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      setSorting(next);
      const first = next[0];
      if (!sortKey) return;
      // The table's own first order needs no parameter: the URL names only a sort someone picked.
      const same = first && initialSort && first.id === initialSort.id && first.desc === initialSort.desc;
      rememberPartInUrl(SORT_PARAM, sortKey, first && !same ? formatSort(first) : null);
    },
    enableSortingRemoval: false,
    enableMultiSort: false,
  });

  const visibleRows = table.getRowModel().rows;
  const csvAllowed = useCsvAllowed();
  // The CSV holds the table's columns and rows in the order shown, each value as sorted on (unformatted).
  const saveTable = () =>
    saveCsv(`${fileName(caption ?? "table")}.csv`, {
      columns: columns.map((c) => c.header),
      rows: visibleRows.map((r) => columns.map((c) => c.value(r.original))),
    });

  return (
    <div>
      {csvAllowed && rows.length > 0 && (
        <div className="export-controls flex justify-end">
          <DownloadButton label={`Download ${caption ?? "the table"} as CSV`} onClick={saveTable}>
            CSV
          </DownloadButton>
        </div>
      )}
      {/* Positioned, so that the cells' screen-reader text (absolutely placed) is clipped here with the rest of the
          table instead of widening the whole page. */}
      <div className="relative max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full border-collapse text-sm text-slate-700">
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header, index) => {
                  const sorted = header.column.getIsSorted();
                  const right = alignById.get(header.column.id) === "right";
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={
                        sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                      }
                      className={`sticky top-0 border-b border-slate-200 bg-slate-50 px-3 py-2 font-medium whitespace-nowrap text-slate-600 ${
                        right ? "text-right" : "text-left"
                      } ${index === 0 ? STICKY_FIRST + " z-20" : "z-10"}`}
                    >
                      {header.isPlaceholder ? null : (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className={`group inline-flex items-center gap-1 rounded-sm hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ${
                            right ? "flex-row-reverse" : ""
                          }`}
                        >
                          <table.FlexRender header={header} />
                          <span
                            aria-hidden="true"
                            className={`inline-block w-3 text-xs ${
                              sorted
                                ? "text-slate-900"
                                : "text-slate-400 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100"
                            }`}
                          >
                            {sorted === "asc" ? "↑" : sorted === "desc" ? "↓" : "↕"}
                          </span>
                        </button>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visibleRows.length === 0 ? (
              <tr>
                <td
                  colSpan={Math.max(columns.length, 1)}
                  className="px-3 py-8 text-center text-slate-500"
                >
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              visibleRows.map((row) => (
                <tr key={row.id} className="group/row hover:bg-slate-50">
                  {row.getAllCells().map((cell, index) => {
                    const right = alignById.get(cell.column.id) === "right";
                    return (
                      <td
                        key={cell.id}
                        className={`px-3 py-2 ${right ? "text-right whitespace-nowrap tabular-nums" : "text-left"} ${
                          index === 0 ? `${STICKY_FIRST} z-[5] bg-white group-hover/row:bg-slate-50` : ""
                        }`}
                      >
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
