/**
 * The first column names the row: a wide table scrolls sideways inside its frame with that column held in place (a
 * rule on its right, so scrolled cells pass under it). Cells given it need a background of their own.
 */
export const STICKY_FIRST = "sticky left-0 shadow-[inset_-1px_0_0_var(--color-slate-200)]";

/** The same for every first cell of a table, given on the table itself (header cells on slate-50, body on white). */
export const STICKY_FIRST_COLUMN =
  "[&_tr>*:first-child]:sticky [&_tr>*:first-child]:left-0 [&_tr>*:first-child]:z-[5] [&_tr>*:first-child]:shadow-[inset_-1px_0_0_var(--color-slate-200)] [&_tbody_td:first-child]:bg-white [&_thead_th:first-child]:bg-slate-50";
