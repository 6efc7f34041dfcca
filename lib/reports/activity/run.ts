import "server-only";
import { env } from "@/lib/env";
import { refuseLargeGrid } from "../grid";
import { runQuery, type ReportContext } from "../run-query";
import { formatBreakdown } from "../breakdown";
import { addDays, periodsBetween } from "../periods";
import { activityDefinition, type ActivityDay, type ActivityParams, type ActivityResult, type HourCell } from "./definition";
import { activityBoundsQuery, activityQuery, activityUsesRollup, type ActivityBoundsRow } from "./query";

type SqlDay = { day: string; dau: number; wau: number; mau: number; average7: number };
type Row = { groups: { value: string | null; everyone: boolean; people: number; days: SqlDay[] | null }[]; hours: HourCell[]; previous: SqlDay[] };

function activityDay(d: SqlDay, partial: boolean): ActivityDay {
  return { day: d.day, dau: d.dau, wau: d.wau, mau: d.mau, stickiness: d.mau > 0 ? d.dau / d.mau : null, dauAverage7: d.average7, partial };
}

export async function runActivity(ctx: ReportContext, p: ActivityParams): Promise<ActivityResult> {
  const [b] = await runQuery<ActivityBoundsRow>(ctx, "Bounds", activityBoundsQuery(ctx.project, p, ctx.now));
  if (!b) throw new Error("The bounds query returned no row");
  const days = periodsBetween("day", b.from_day, b.to_day) + 1;
  refuseLargeGrid(Math.max(0, days) * (p.breakdown ? env().JOURNEYLENS_BREAKDOWN_GROUPS + 2 : 1), "days × groups", activityDefinition.narrowing);
  const bounds = {
    asOf: b.as_of.toISOString(), asOfDay: b.as_of_day, fromDay: b.from_day, toDay: b.to_day, previousFromDay: b.previous_from_day,
    readFrom: b.read_from.toISOString(), readBefore: b.read_before.toISOString(), partialDay: b.partial_day,
    nothingAfterAsOf: b.nothing_after_as_of,
  };
  const [row] = await runQuery<Row>(ctx, "Daily, weekly and monthly active people", activityQuery(ctx.project, p, bounds));
  if (!row) throw new Error("The activity query returned no row");
  return {
    asOf: bounds.asOf,
    fromDay: b.from_day,
    toDay: b.to_day,
    breakdown: formatBreakdown(p.breakdown) ?? null,
    groups: row.groups.map((g) => ({
      value: g.everyone ? null : g.value,
      people: g.people,
      days: (g.days ?? []).map((d) => activityDay(d, bounds.partialDay && d.day === bounds.asOfDay)),
    })),
    hours: row.hours,
    previous: { fromDay: b.previous_from_day, toDay: addDays(b.from_day, -1), days: row.previous.map((d) => activityDay(d, false)) },
    source: activityUsesRollup(p, bounds) ? "rollup" : "events",
  };
}
