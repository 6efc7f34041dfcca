import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { refuseLargeGrid } from "../grid";
import { periodsBetween } from "../periods";
import { runQuery, type ReportContext } from "../run-query";
import { lifecycleDefinition, MAX_LIFECYCLE_PERIODS, type LifecycleGroup, type LifecycleParams, type LifecycleResult } from "./definition";
import { lifecycleBoundsQuery, lifecycleQuery, type LifecycleBoundsRow } from "./query";

type Row = { everyone: boolean; value: string | null; period: string; complete: boolean; new: number; returning: number; resurrected: number; dormant: number };

export async function runLifecycle(ctx: ReportContext, p: LifecycleParams): Promise<LifecycleResult> {
  const [b] = await runQuery<LifecycleBoundsRow>(ctx, "Bounds", lifecycleBoundsQuery(ctx.project, p, ctx.now));
  if (!b) throw new Error("The bounds query returned no row");
  if (b.from_period > b.to_period) throw new AppError("invalid", `from (${p.from}) is after to (${p.to ?? "the as-of day"}).`);
  const periods = periodsBetween(p.period, b.from_period, b.to_period) + 1;
  if (periods > MAX_LIFECYCLE_PERIODS[p.period])
    throw new AppError("invalid", `At most ${MAX_LIFECYCLE_PERIODS[p.period]} ${p.period}s at a time; this range has ${periods}. ${lifecycleDefinition.narrowing}`);
  refuseLargeGrid(periods * (p.breakdown ? env().JOURNEYLENS_BREAKDOWN_GROUPS + 2 : 1), "periods × groups", lifecycleDefinition.narrowing);
  const rows = await runQuery<Row>(ctx, "New, returning, resurrected and dormant people", lifecycleQuery(ctx.project, p, b));
  const groups = new Map<string, LifecycleGroup>();
  for (const r of rows) {
    const value = r.everyone ? null : r.value;
    const key = value ?? "\u0000all";
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { value, periods: [] }));
    const { period, complete, new: fresh, returning, resurrected, dormant } = r;
    group.periods.push({ period, complete, new: fresh, returning, resurrected, dormant, quickRatio: dormant > 0 ? (fresh + resurrected) / dormant : null });
  }
  return { asOf: b.as_of.toISOString(), period: p.period, fromPeriod: b.from_period, toPeriod: b.to_period, breakdown: p.breakdown ?? null, groups: [...groups.values()] };
}
