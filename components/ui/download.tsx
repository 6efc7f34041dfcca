"use client";

import { createContext, useContext } from "react";
import { toCsv } from "@/lib/reports/csv";
import type { ReportTable } from "@/lib/reports/definition";

/** Whether this page may offer CSV downloads: always signed in; under a share link, when the link allows it. */
const CsvAllowed = createContext(true);

export function CsvDownloads({ allowed, children }: { allowed: boolean; children: React.ReactNode }) {
  return <CsvAllowed.Provider value={allowed}>{children}</CsvAllowed.Provider>;
}

export const useCsvAllowed = () => useContext(CsvAllowed);

/** A file name from a title: "Retention by month" → "retention-by-month". */
export const fileName = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "export";

/** Saves a URL (a data: or blob: URL) as a file, as a link with `download` would. */
export function saveFile(name: string, href: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/** Saves a table as CSV, with the same formula guard as the server's exports. */
export function saveCsv(name: string, table: ReportTable) {
  const url = URL.createObjectURL(new Blob([toCsv(table)], { type: "text/csv;charset=utf-8" }));
  saveFile(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The small buttons above a chart or a table. */
export function DownloadButton({ label, onClick, children }: { label: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button type="button" onClick={onClick} aria-label={label} title={label} className="rounded px-1.5 py-0.5 text-xs font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-800">
      {children}
    </button>
  );
}
