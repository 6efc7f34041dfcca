import type { z } from "zod";
import type { RawParams } from "./params";

export type ReportProject = { id: string; slug: string; name: string; timezone: string };

/** One statement a report ran, as shown under the report. */
export type ReportQuery = { label: string; sql: string; ms: number };

/** A flat table of a report's result: what CSV export writes. */
export type ReportTable = { columns: string[]; rows: (string | number | null)[][] };

/** What each report kind provides; the page, the JSON API and the CLI all go through it. */
export type ReportDefinition<Params, Result> = {
  kind: string;
  title: string;
  /** Parses the flat URL form; its output is the report's typed parameters. */
  schema: z.ZodType<Params, unknown>;
  /** The canonical URL form of typed parameters (parse(toRaw(p)) equals p). */
  toRaw(params: Params): RawParams;
  /** The definition in words, shown with the numbers. */
  describe(params: Params, project: ReportProject): string[];
  /** Flattens a result for CSV export. */
  table(result: Result): ReportTable;
};

export type ReportOutput<Result> = {
  kind: string;
  project: string;
  params: RawParams;
  definition: string[];
  result: Result;
  queries: ReportQuery[];
  /** When the numbers were computed, and whether this answer came from the result cache. */
  computedAt: string;
  cached: boolean;
};
