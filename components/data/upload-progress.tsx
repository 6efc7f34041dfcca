import { formatNumber } from "@/lib/format";

/**
 * `now` is the time of the latest update, so rendering stays pure. `rows` is null while the server's count is not
 * known: a check records no upload, so there is no running upload to read it from.
 */
export type Progress = { bytes: number; total: number; rows: number | null; started: number; now: number };

export function UploadProgress({ progress, label }: { progress: Progress; label: string }) {
  const share = progress.total ? Math.min(1, progress.bytes / progress.total) : 0;
  const seconds = Math.max((progress.now - progress.started) / 1000, 0.001);
  return (
    <div aria-label={label} className="space-y-1">
      <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)} className="h-2.5 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="text-xs text-slate-600 tabular-nums">
        {formatNumber(progress.bytes)} of {formatNumber(progress.total)} bytes
        {progress.rows !== null && ` · ${formatNumber(progress.rows)} rows · ${formatNumber(Math.round(progress.rows / seconds))} rows/s`}
      </p>
    </div>
  );
}
