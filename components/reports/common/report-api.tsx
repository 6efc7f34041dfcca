"use client";

import { createContext, useContext } from "react";
import { CsvDownloads } from "@/components/ui/download";
import { signedInApi, type ReportApi } from "./signed-in-api";

export type { ReportApi };

/**
 * Where a report's client parts fetch from and what they may offer. Signed in: the API under the project, with CSV,
 * people lists and each person's timeline page. Under a share link: the link's own routes, and only what the link
 * allows (never timelines, which are pages of the signed-in app).
 */
const ReportApiContext = createContext<ReportApi | null>(null);

export function ReportApiProvider({ value, children }: { value: ReportApi; children: React.ReactNode }) {
  return (
    <ReportApiContext.Provider value={value}>
      <CsvDownloads allowed={value.csv}>{children}</CsvDownloads>
    </ReportApiContext.Provider>
  );
}

/** The base URL of a project's reports (`<base>/<kind>[/<drill-down>]`) and what the viewer may download. */
export function useReportApi(slug: string): ReportApi {
  return useContext(ReportApiContext) ?? signedInApi(slug);
}
