"use client";

import { useRef, useState } from "react";
import { toPng } from "html-to-image";
import type { ReportTable } from "@/lib/reports/definition";
import { DownloadButton, fileName, saveCsv, saveFile, useCsvAllowed } from "@/components/ui/download";

/**
 * A chart with its downloads: a PNG of the chart as drawn (legend included; html-to-image copies the drawn SVG and
 * its computed styles into an image) and a CSV of the numbers it draws.
 */
export function ChartExport({ title, table, children }: { title: string; table: ReportTable; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const csv = useCsvAllowed();
  const [busy, setBusy] = useState(false);
  const png = async () => {
    if (!ref.current) return;
    setBusy(true);
    try {
      saveFile(`${fileName(title)}.png`, await toPng(ref.current, { backgroundColor: "#ffffff", pixelRatio: 2, skipFonts: true }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="chart-export">
      <div className="export-controls flex justify-end gap-1">
        <DownloadButton label={`Download ${title} as PNG`} onClick={png}>
          {busy ? "…" : "PNG"}
        </DownloadButton>
        {csv && (
          <DownloadButton label={`Download ${title} data as CSV`} onClick={() => saveCsv(`${fileName(title)}.csv`, table)}>
            CSV
          </DownloadButton>
        )}
      </div>
      <div ref={ref} className="chart-frame bg-white">
        {children}
      </div>
    </div>
  );
}

/** The numbers of line series as a table: one row per x, one column per series. */
export function seriesTable(xHeader: string, series: { id: string; points: { x: string; y: number | null }[] }[]): ReportTable {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))];
  const values = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  return { columns: [xHeader, ...series.map((s) => s.id)], rows: xs.map((x) => [x, ...values.map((v) => v.get(x) ?? null)]) };
}
