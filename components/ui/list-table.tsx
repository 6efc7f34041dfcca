import type { ReactNode } from "react";
import { STICKY_FIRST_COLUMN } from "./sticky-column";

export type ListTableHeader = string | { label: string; align: "right" };

/**
 * The plain table of the settings and data pages: small uppercase headers, divided rows, and one row saying so when
 * there is nothing to list. The caller renders the rows (forms and links inside cells work as usual).
 */
export function ListTable({
  headers,
  count,
  empty,
  stickyFirst = false,
  children,
}: {
  headers: ListTableHeader[];
  count: number;
  empty?: string;
  /** A wide table in a card that scrolls sideways keeps its first column, which names the row, in view. */
  stickyFirst?: boolean;
  children: ReactNode;
}) {
  return (
    <table className={`w-full text-sm ${stickyFirst ? STICKY_FIRST_COLUMN : ""}`}>
      <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
        <tr>
          {headers.map((h, i) =>
            typeof h === "string" ? (
              <th key={i} className="px-4 py-2">
                {h}
              </th>
            ) : (
              <th key={i} className="px-4 py-2 text-right">
                {h.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {count === 0 && empty && (
          <tr>
            <td colSpan={headers.length} className="px-4 py-6 text-center text-slate-500">
              {empty}
            </td>
          </tr>
        )}
        {children}
      </tbody>
    </table>
  );
}
