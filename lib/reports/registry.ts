import "server-only";
import type { Db } from "@/lib/db/client";
import type { ReportDefinition, ReportProject, ReportQuery } from "./definition";
import { overviewReport } from "./overview/definition";
import { runOverview } from "./overview/run";
import { retentionReport } from "./retention/definition";
import { runRetention } from "./retention/run";

/** Every report kind: its definition (params, words, table) and the function that computes it in PostgreSQL. */
export type Entry<P, R> = {
  definition: ReportDefinition<P, R>;
  run: (db: Db, project: ReportProject, params: P, now: Date, log: ReportQuery[]) => Promise<R>;
};

function entry<P, R>(definition: ReportDefinition<P, R>, run: Entry<P, R>["run"]): Entry<P, R> {
  return { definition, run };
}

export const REPORTS = {
  overview: entry(overviewReport, runOverview),
  retention: entry(retentionReport, runRetention),
};

export type ReportKind = keyof typeof REPORTS;

export function isReportKind(kind: string): kind is ReportKind {
  return Object.hasOwn(REPORTS, kind);
}
