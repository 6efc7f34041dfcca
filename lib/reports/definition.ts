import type { z } from "zod";
import type { RawParams } from "./params";
import type { EventReference, PropertyReference } from "./vocabulary";

/**
 * What a report is, apart from how it runs: the client-safe half of a report, read by its controls (defaults and
 * options), by the data layer (parsing, the words, CSV) and by the tests (examples). The server half, in each
 * report's report.ts, adds the functions that run its SQL.
 */
export type ReportProject = { id: string; slug: string; name: string; timezone: string };

/** One statement a report ran, as shown under the report; `plan` only when plans were asked for (tests, benchmarks). */
export type ReportQuery = { label: string; sql: string; ms: number; plan?: unknown };

/** A flat table of a result: what CSV export writes. */
export type ReportTable = { columns: string[]; rows: (string | number | null)[][] };

/** A list behind one number of a report (a heatmap cell's people…): its own parameters beside the report's. */
export type DrilldownDefinition<Params, Drill, Row> = {
  title: string;
  /** The names of its own URL parameters (besides the report's and page / page_size). */
  parameters: readonly string[];
  schema: z.ZodType<Drill, unknown>;
  /** Checks that need the report's parameters too (a cell inside the grid); a message, or null when fine. */
  check?(params: Params, drill: Drill): string | null;
  /** The rows as a CSV table. */
  table(rows: Row[]): ReportTable;
  /** Representative parameters, run by the plan test over every report. */
  examples: RawParams[];
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each drill-down has its own parameter and row types
type AnyDrilldowns = Record<string, DrilldownDefinition<any, any, any>>;

export type ReportDefinition<Params, Result, Drilldowns extends AnyDrilldowns = Record<never, never>> = {
  kind: string;
  title: string;
  /** The names of the URL parameters the report reads; any other answers 400 (strict parameters). */
  parameters: readonly string[];
  /** How to ask for less, said when a report would cost more than the server allows. */
  narrowing: string;
  /** Names the report's page keeps in its URL for the view alone (a toggle, a tab): accepted, never computed on. */
  viewParameters: readonly string[];
  /** Parameters a project may fix as its own defaults (lib/data/report-defaults.ts), filled in where a view leaves them out. */
  projectDefaults?: readonly string[];
  /** Parses the flat URL form; its output is the report's typed parameters. */
  schema: z.ZodType<Params, unknown>;
  /** The canonical URL form of typed parameters (parse(toRaw(p)) equals p). */
  toRaw(params: Params): RawParams;
  /** The properties the parameters name (filters, breakdowns), checked against the project's own. */
  references(params: Params): PropertyReference[];
  /**
   * The event names the parameters name (steps, a goal, a returning event). A name the project has no event of is
   * not refused: the report runs, and its output carries a warning naming the nearest name the project has.
   */
  events?(params: Params): EventReference[];
  /** The definition in words, shown with the numbers. */
  describe(params: Params, project: ReportProject): string[];
  /** Flattens a result for CSV export. */
  table(result: Result): ReportTable;
  drilldowns: Drilldowns;
  /**
   * For a report computed from timed events alone: the kind of report that reads events without a timestamp, pointed
   * to when a project's events all lack one (page journeys), instead of showing empty numbers.
   */
  timedEvents?: { instead: string };
  /** Representative parameters, run by the plan test over every report. */
  examples: RawParams[];
};

/** Where the as_of a report was read at came from: the parameter, the clock, or the end of the project's data. */
export type AsOfSource = "given" | "now" | "data_end";

/**
 * A report that cannot be computed on a project's data: why, what would make it possible, and the kind (and title) of
 * the report that reads that data instead. Shown as "<reason>; see <instead>. <remedy>".
 */
export type ReportUnavailable = { reason: string; remedy: string; instead: string; insteadTitle: string };

export type ReportOutput<Result> = {
  kind: string;
  project: string;
  params: RawParams;
  definition: string[];
  result: Result;
  queries: ReportQuery[];
  /** What the viewer should know about the parameters to read the numbers right (an event name the project lacks). */
  warnings: string[];
  /** When the numbers were computed, and whether this answer came from the result cache. */
  computedAt: string;
  cached: boolean;
  /**
   * The moment the numbers were read at (as_of resolved, ISO) and where it came from. Without as_of a report reads
   * up to now, or up to the end of the project's last event day when its data ends before now (`data_end`).
   */
  asOf: string;
  asOfSource: AsOfSource;
  /** The project's last local day with a timed event (`YYYY-MM-DD`); null when it has none. */
  dataEnd: string | null;
  /** Set when the report cannot be computed on this project's data (it needs timed events and has none). */
  unavailable: ReportUnavailable | null;
};

/** A page of a drill-down's rows, with the total over every page. */
export type DrilldownPage<Row> = { total: number; page: number; pageSize: number; people: Row[] };
