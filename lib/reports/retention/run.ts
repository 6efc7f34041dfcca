import "server-only";
import { env } from "@/lib/env";
import { refuseLargeGrid } from "../grid";
import { periodsBetween } from "../periods";
import { runQuery, type ReportContext } from "../run-query";
import { retentionDefinition, type CellState, type ReactivationRow, type RetentionGroup, type RetentionParams, type RetentionResult } from "./definition";
import { resolveBounds } from "./bounds";
import { matrixUsesMasks } from "./mask-activity";
import { retentionMatrixQuery } from "./matrix-query";
import { reactivationQuery } from "./reactivation-query";

type MatrixRow = {
  bvalue: string | null;
  everyone: boolean;
  cohort: string;
  size: number;
  cells: { k: number; retained: number; state: CellState }[];
};
type ReactivationSqlRow = Omit<ReactivationRow, "inactiveBase" | "reactivationRate"> & { inactive_base: number };
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * The bounds first (a tiny statement), then the matrix and the reactivation table side by side on two connections,
 * with the bounds bound as values so the planner can use its statistics; Node only arranges their rows.
 */
export async function runRetention(ctx: ReportContext, p: RetentionParams): Promise<RetentionResult> {
  const bounds = await resolveBounds(ctx, p);
  const cohorts = periodsBetween(p.period, bounds.actFrom, bounds.lastCohort) + 1;
  const groupCount = p.breakdown ? env().JOURNEYLENS_BREAKDOWN_GROUPS + 2 : 1;
  refuseLargeGrid(cohorts * p.periods * groupCount, "cells (cohorts × periods × groups)", retentionDefinition.narrowing);
  const [matrix, reactivation] = await Promise.all([
    runQuery<MatrixRow>(ctx, "Retention matrix", retentionMatrixQuery(ctx.project, p, bounds)),
    runQuery<ReactivationSqlRow>(ctx, "Reactivation and churn", reactivationQuery(ctx.project, p, bounds)),
  ]);
  const groups = new Map<string, RetentionGroup>();
  for (const row of matrix) {
    const value = row.everyone ? null : row.bvalue;
    const key = value ?? "\u0000all";
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { value, size: 0, cohorts: [], average: [] }));
    group.size += row.size;
    group.cohorts.push({
      cohort: row.cohort,
      size: row.size,
      cells: row.cells.map((c) => ({
        retained: c.state === "future" ? 0 : c.retained,
        rate: c.state === "future" ? null : rate(c.retained, row.size),
        state: c.state,
      })),
    });
  }
  for (const group of groups.values()) group.average = averages(group, p.periods);
  return {
    asOf: bounds.asOf,
    period: p.period,
    periods: p.periods,
    fromDay: bounds.fromDay,
    toDay: bounds.toDay,
    breakdown: p.breakdown ?? null,
    groups: [...groups.values()].sort((a, b) => (a.value === null ? -1 : b.value === null ? 1 : b.size - a.size || a.value.localeCompare(b.value))),
    reactivation: reactivation.map((r) => ({
      period: r.period,
      complete: r.complete,
      active: r.active,
      new: r.new,
      retained: r.retained,
      reactivated: r.reactivated,
      inactiveBase: r.inactive_base,
      reactivationRate: rate(r.reactivated, r.inactive_base),
      churned: r.churned,
    })),
    source: matrixUsesMasks(p, bounds) ? "rollup" : "events",
  };
}

/** Size-weighted average per period over the cohorts whose period is complete. */
function averages(group: RetentionGroup, periods: number): (number | null)[] {
  return Array.from({ length: periods }, (_, k) => {
    let retained = 0;
    let size = 0;
    for (const c of group.cohorts) {
      if (c.cells[k]?.state !== "complete" || c.size === 0) continue;
      retained += c.cells[k]!.retained;
      size += c.size;
    }
    return rate(retained, size);
  });
}
