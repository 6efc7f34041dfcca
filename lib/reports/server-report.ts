import "server-only";
import type { DrilldownDefinition, ReportDefinition } from "./definition";
import type { ReportContext } from "./run-query";

/** One page of a drill-down's rows, and how many there are over every page. */
export type DrilldownRows<Row> = { total: number; rows: Row[] };
export type Paging = { limit: number; offset: number };

/* eslint-disable @typescript-eslint/no-explicit-any -- drill-downs differ in their own parameter and row types; each
   is checked where it is declared, and these only carry them from the definition to its run. */
type AnyDrilldowns = Record<string, DrilldownDefinition<any, any, any>>;
type DrillOf<D> = D extends DrilldownDefinition<any, infer Drill, any> ? Drill : never;
type RowOf<D> = D extends DrilldownDefinition<any, any, infer Row> ? Row : never;

/**
 * A report as the server runs it: its definition, the function that computes its result in PostgreSQL, and one
 * function per declared drill-down. Every report statement goes through runQuery, so it is logged and timed.
 */
export type ServerReport<P, R, D extends AnyDrilldowns> = {
  definition: ReportDefinition<P, R, D>;
  run(ctx: ReportContext, params: P): Promise<R>;
  drilldowns: { [K in keyof D]: (ctx: ReportContext, params: P, drill: DrillOf<D[K]>, paging: Paging) => Promise<DrilldownRows<RowOf<D[K]>>> };
};

export function serverReport<P, R, D extends AnyDrilldowns>(
  definition: ReportDefinition<P, R, D>,
  run: ServerReport<P, R, D>["run"],
  drilldowns: ServerReport<P, R, D>["drilldowns"],
): ServerReport<P, R, D> {
  return { definition, run, drilldowns };
}

/** The result type of a server report. */
export type ResultOf<S> = S extends ServerReport<any, infer R, any> ? R : never;
/* eslint-enable @typescript-eslint/no-explicit-any */
