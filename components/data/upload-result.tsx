import type { UploadResult } from "@/lib/data/uploads";
import { formatNumber } from "@/lib/format";

export function UploadResultView({ result }: { result: UploadResult }) {
  const skipped = Object.entries(result.skipped);
  return (
    <div role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="upload-result">
      <p className="font-medium">
        Stored upload #{result.upload}: {formatNumber(result.rowsStored)} of {formatNumber(result.rowsRead)} rows in {result.seconds} s (
        {formatNumber(result.rowsPerSecond)} rows/s).
      </p>
      <p>
        {formatNumber(result.events)} events · {formatNumber(result.peopleCreated)} people created · {formatNumber(result.peopleUpdated)} updated
      </p>
      {skipped.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {skipped.map(([reason, n]) => (
            <li key={reason}>
              skipped, {reason}: {formatNumber(n)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
