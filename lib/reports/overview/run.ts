import "server-only";
import { runQuery, type ReportContext } from "../run-query";
import { refuseLargeGrid } from "../grid";
import { overviewDefinition, type OverviewParams, type OverviewResult } from "./definition";
import { overviewBounds, overviewBoundsQuery, overviewQuery, overviewUsesRollup, type OverviewBoundsRow } from "./query";

type Row = {
  events: number;
  people: number;
  untimed_events: number;
  first_event: Date | null;
  last_event: Date | null;
  per_day: OverviewResult["perDay"];
  top_events: OverviewResult["topEvents"];
  previous: OverviewResult["previous"];
};

/** Days the daily series would span, when the range says (an absolute `from`; `to` or the as-of day). */
function spanDays(p: OverviewParams, now: Date): number {
  if (!p.from || p.from.startsWith("-")) return p.from ? Number(p.from.slice(1, -1)) + 1 : 0;
  const to = p.to && !p.to.startsWith("-") ? p.to : (p.as_of ?? now.toISOString()).slice(0, 10);
  return Math.round((Date.parse(to) - Date.parse(p.from)) / 86_400_000) + 1;
}

export async function runOverview(ctx: ReportContext, params: OverviewParams): Promise<OverviewResult> {
  refuseLargeGrid(spanDays(params, ctx.now), "days", overviewDefinition.narrowing);
  const [boundsRow] = await runQuery<OverviewBoundsRow>(ctx, "Bounds", overviewBoundsQuery(ctx.project, params, ctx.now));
  if (!boundsRow) throw new Error("The bounds query returned no row");
  const b = overviewBounds(boundsRow);
  const [row] = await runQuery<Row>(ctx, "Overview", overviewQuery(ctx.project, params, b));
  if (!row) throw new Error("The overview query returned no row");
  return {
    asOf: b.asOf,
    fromDay: b.fromDay,
    toDay: b.toDay,
    partialDay: b.partialDay ? b.toDay : null,
    totals: {
      people: row.people,
      events: row.events,
      untimedEvents: row.untimed_events,
      firstEvent: row.first_event?.toISOString() ?? null,
      lastEvent: row.last_event?.toISOString() ?? null,
    },
    perDay: row.per_day,
    previous: row.previous,
    topEvents: row.top_events,
    source: overviewUsesRollup(params, b) ? "rollup" : "events",
  };
}
