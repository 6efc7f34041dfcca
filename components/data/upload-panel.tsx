"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { UploadPreview } from "@/lib/ingest/preview";
import type { UploadResult, ValidationResult } from "@/lib/data/uploads";
import { formatNumber } from "@/lib/format";
import { RowErrors } from "./row-errors";
import { failureOf, optionsQuery, sendFile, type Failure } from "./send-file";
import { UploadMapping } from "./upload-mapping";
import { UploadProgress, type Progress } from "./upload-progress";
import { UploadResultView } from "./upload-result";
import { ValidationSummary } from "./validation-summary";

const KINDS = [
  { value: "events", label: "Events" },
  { value: "people", label: "People" },
  { value: "journeys", label: "Page journeys" },
  { value: "campaign-sends", label: "Campaign sends" },
  { value: "spend", label: "Marketing spend" },
];
const SAMPLE = 64 * 1024;

/**
 * A check of the whole file (a dry run), kept with the file and the options it was made for: a change to either
 * makes it stale, and the file can be stored only while its check is current.
 */
type Check = { file: File; options: string } & ({ summary: ValidationResult; failure?: never } | { failure: Failure; summary?: never });

/** Pick a file and a kind, check the preview and mapping, check every row, then store it; each with a progress bar. */
export function UploadPanel({ slug }: { slug: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState("events");
  const [preview, setPreview] = useState<UploadPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [force, setForce] = useState(false);
  const [check, setCheck] = useState<Check | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [previewError, setPreviewError] = useState<Failure | null>(null);
  const [progress, setProgress] = useState<(Progress & { label: string }) | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const base = `/api/v1/projects/${slug}/uploads`;
  const mapped = useRef(false);
  // Everything that changes what a check finds; force does not, it only lets a duplicate be stored.
  const options = JSON.stringify([kind, mapping, constants, skipInvalid]);
  const current = check && check.file === file && check.options === options ? check : null;

  useEffect(() => {
    if (!file) return;
    let cancelled = false;
    const sample = file.slice(0, SAMPLE);
    const query = optionsQuery(kind, mapped.current ? mapping : {}, constants, { final: file.size <= SAMPLE ? "1" : "0" });
    fetch(`${base}/preview?${query}`, { method: "POST", body: sample, headers: { "content-type": "text/csv" } }).then(async (res) => {
      if (cancelled) return;
      if (!res.ok) {
        setPreview(null);
        setPreviewError(failureOf(res.status, await res.text()));
        return;
      }
      const p = (await res.json()) as UploadPreview;
      setPreviewError(null);
      setPreview(p);
      // The proposal is applied once per file and kind; after that the mapping is the user's.
      if (!mapped.current) {
        mapped.current = true;
        setMapping(p.mapping);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [file, kind, mapping, constants, base]);

  function chooseFile(f: File | null) {
    mapped.current = false;
    setFile(f);
    setResult(null);
    setFailure(null);
    setPreviewError(null);
    setPreview(null);
    setMapping({});
  }

  function uploadQuery(f: File, extra: Record<string, string>) {
    return optionsQuery(kind, mapping, constants, { file_name: f.name, ...(skipInvalid ? { skip_invalid: "true" } : {}), ...extra });
  }

  function startProgress(f: File, label: string, rows: number | null) {
    const started = Date.now();
    setProgress({ label, bytes: 0, total: f.size, rows, started, now: started });
  }
  const sentBytes = (bytes: number) => setProgress((p) => (p ? { ...p, bytes, now: Date.now() } : p));

  /** A dry run of the whole file: the server reads and checks every row as the upload would, and stores nothing. */
  async function checkRows() {
    if (!file) return;
    const checked = { file, options };
    setCheck(null);
    setResult(null);
    setFailure(null);
    setForce(false);
    startProgress(file, "Check progress", null);
    const res = await sendFile(`${base}?${uploadQuery(file, { dry_run: "true" })}`, file, sentBytes);
    setProgress(null);
    setCheck(res.status === 200 ? { ...checked, summary: JSON.parse(res.text) as ValidationResult } : { ...checked, failure: failureOf(res.status, res.text) });
  }

  async function store() {
    if (!file || !current?.summary) return;
    const stored = file;
    setResult(null);
    setFailure(null);
    startProgress(stored, "Upload progress", 0);
    // Rows come from the server's own count of the running upload.
    const poll = setInterval(async () => {
      const res = await fetch(base);
      if (!res.ok) return;
      const running = ((await res.json()).uploads as { status: string; fileName: string; progress: { rows?: number } }[]).find(
        (u) => u.status === "running" && u.fileName === stored.name,
      );
      if (running?.progress.rows) setProgress((p) => (p ? { ...p, rows: running.progress.rows!, now: Date.now() } : p));
    }, 700);
    const res = await sendFile(`${base}?${uploadQuery(stored, force ? { force: "true" } : {})}`, stored, sentBytes);
    clearInterval(poll);
    setProgress(null);
    if (res.status === 200) {
      setResult(JSON.parse(res.text) as UploadResult);
      setCheck(null);
    } else setFailure(failureOf(res.status, res.text));
    router.refresh();
  }

  const ready = !!preview && preview.problems.length === 0 && !progress;
  const duplicate = !!current?.summary?.duplicateOf;
  const storable = ready && !!current?.summary && (!duplicate || force);

  return (
    <section className="card space-y-5 p-5" aria-label="Upload a file">
      <div className="flex flex-wrap items-end gap-4">
        <label className="block">
          <span className="text-sm font-medium text-slate-700">CSV file</span>
          <input type="file" accept=".csv,.tsv,.txt,text/csv" className="mt-1 block text-sm text-slate-600 file:mr-3 file:cursor-pointer file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-50" onChange={(e) => chooseFile(e.target.files?.[0] ?? null)} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Kind of data</span>
          <select
            value={kind}
            onChange={(e) => {
              mapped.current = false;
              setMapping({});
              setKind(e.target.value);
            }}
            className="input mt-1 w-48"
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {file && <p className="pb-2 text-sm text-slate-500">{formatNumber(file.size)} bytes</p>}
      </div>

      {preview && (
        <>
          <UploadMapping preview={preview} mapping={mapping} constants={constants} onMapping={setMapping} onConstants={setConstants} />
          {preview.problems.length > 0 ? (
            <ul role="alert" className="list-disc space-y-1 rounded-md bg-amber-50 px-8 py-3 text-sm text-amber-900">
              {preview.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-emerald-700">
              {check && !current
                ? "The file or its options changed since the last check: check every row again before storing."
                : "The mapping fits the start of the file. Check every row to see what storing it would do; nothing is stored by the check."}
            </p>
          )}
          <div className="flex flex-wrap items-center gap-4">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> Skip invalid rows
            </label>
            <button type="button" className="btn-secondary" disabled={!ready} onClick={checkRows}>
              Check every row
            </button>
            {duplicate && (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Store it again anyway
              </label>
            )}
            <button type="button" className="btn-primary" disabled={!storable} onClick={store}>
              Store the file
            </button>
          </div>
        </>
      )}

      {progress && <UploadProgress progress={progress} label={progress.label} />}
      {current?.summary && <ValidationSummary summary={current.summary} />}
      {[previewError, current?.failure, failure].map(
        (f, i) =>
          f && (
            <div key={i} role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
              <p className="font-medium">{f.message}</p>
              {f.errors.length > 1 && <RowErrors errors={f.errors} caption={`${formatNumber(f.errors.length)} row errors`} />}
              <p className="mt-2">Nothing was stored.</p>
            </div>
          ),
      )}
      {result && <UploadResultView result={result} />}
    </section>
  );
}
