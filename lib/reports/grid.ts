import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";

/**
 * Refuses, before any statement runs, a report whose grid would pass JOURNEYLENS_REPORT_MAX_CELLS: a range of
 * centuries in days, say, which no chart can show and which would hold the server for minutes.
 */
export function refuseLargeGrid(cells: number, what: string, narrowing: string) {
  const max = env().JOURNEYLENS_REPORT_MAX_CELLS;
  if (cells > max)
    throw new AppError(
      "too_costly",
      `This report would have ${formatNumber(cells)} ${what}; the most is ${formatNumber(max)} (JOURNEYLENS_REPORT_MAX_CELLS). ${narrowing}`,
    );
}
