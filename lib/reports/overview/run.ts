import "server-only";
import { runQuery, type ReportContext } from "../run-query";
import type { OverviewParams, OverviewResult } from "./definition";
import { overviewQuery } from "./query";

type Row = {
  as_of: Date;
  from_day: string | null;
  to_day: string;
  events: number;
  people: number;
  untimed_events: number;
  first_event: Date | null;
  last_event: Date | null;
  per_day: OverviewResult["perDay"];
  top_events: OverviewResult["topEvents"];
};

export async function runOverview(ctx: ReportContext, params: OverviewParams): Promise<OverviewResult> {
  const [row] = await runQuery<Row>(ctx, "Overview", overviewQuery(ctx.project, params, ctx.now));
  if (!row) throw new Error("The overview query returned no row");
  return {
    asOf: row.as_of.toISOString(),
    fromDay: row.from_day,
    toDay: row.to_day,
    totals: {
      people: row.people,
      events: row.events,
      untimedEvents: row.untimed_events,
      firstEvent: row.first_event?.toISOString() ?? null,
      lastEvent: row.last_event?.toISOString() ?? null,
    },
    perDay: row.per_day,
    topEvents: row.top_events,
  };
}
