"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { UploadPreview } from "@/lib/ingest/preview";
import type { UploadResult } from "@/lib/data/uploads";
import { formatNumber } from "@/lib/format";
import { UploadProgress, type Progress } from "./upload-progress";
import { UploadResultView } from "./upload-result";

const KINDS = [
  { value: "events", label: "Events" },
  { value: "people", label: "People" },
  { value: "journeys", label: "Page journeys" },
  { value: "campaign-sends", label: "Campaign sends" },
  { value: "spend", label: "Marketing spend" },
];
const SAMPLE = 64 * 1024;
const DELIMITER_NAMES: Record<string, string> = { ",": "commas", ";": "semicolons", tab: "tabs" };

type Failure = { message: string; errors: string[] };

function optionsQuery(kind: string, mapping: Record<string, string>, constants: Record<string, string>, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({ kind, ...extra });
  for (const [field, column] of Object.entries(mapping)) if (column) q.append("map", `${field}=${column}`);
  for (const [field, value] of Object.entries(constants)) if (value) q.append("set", `${field}=${value}`);
  return q;
}

async function readError(res: Response): Promise<Failure> {
  const body = await res.json().catch(() => null);
  const errors = (body?.error?.details?.errors ?? []) as { row: number | null; column: string | null; value: string | null; reason: string }[];
  return {
    message: body?.error?.message ?? `The server answered ${res.status}.`,
    errors: errors.map((e) => [e.row !== null ? `Row ${e.row}` : "", e.column ? `column "${e.column}"` : "", e.value !== null ? JSON.stringify(e.value) : "", e.reason].filter(Boolean).join(" · ")),
  };
}

/** Pick a file and a kind, check the preview and mapping, then store it with a progress bar. */
export function UploadPanel({ slug }: { slug: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState("events");
  const [preview, setPreview] = useState<UploadPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [previewError, setPreviewError] = useState<Failure | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const base = `/api/v1/projects/${slug}/uploads`;
  const mapped = useRef(false);

  useEffect(() => {
    if (!file) return;
    let cancelled = false;
    const sample = file.slice(0, SAMPLE);
    const query = optionsQuery(kind, mapped.current ? mapping : {}, constants, { final: file.size <= SAMPLE ? "1" : "0" });
    fetch(`${base}/preview?${query}`, { method: "POST", body: sample, headers: { "content-type": "text/csv" } }).then(async (res) => {
      if (cancelled) return;
      if (!res.ok) {
        setPreview(null);
        setPreviewError(await readError(res));
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

  function upload() {
    if (!file || !preview) return;
    setResult(null);
    setFailure(null);
    const started = Date.now();
    setProgress({ bytes: 0, total: file.size, rows: 0, started, now: started });
    const query = optionsQuery(kind, mapping, constants, { file_name: file.name, ...(skipInvalid ? { skip_invalid: "true" } : {}) });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${base}?${query}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => setProgress((p) => (p ? { ...p, bytes: e.loaded, now: Date.now() } : p));
    // Rows come from the server's own count of the running upload.
    const poll = setInterval(async () => {
      const res = await fetch(base);
      if (!res.ok) return;
      const running = ((await res.json()).uploads as { status: string; fileName: string; progress: { rows?: number } }[]).find(
        (u) => u.status === "running" && u.fileName === file.name,
      );
      if (running?.progress.rows) setProgress((p) => (p ? { ...p, rows: running.progress.rows!, now: Date.now() } : p));
    }, 700);
    xhr.onloadend = async () => {
      clearInterval(poll);
      setProgress(null);
      const res = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status === 200) setResult((await res.json()) as UploadResult);
      else setFailure(xhr.status === 0 ? { message: "The connection was lost; nothing was stored.", errors: [] } : await readError(res));
      router.refresh();
    };
    xhr.send(file);
  }

  const ready = !!preview && preview.problems.length === 0 && !progress;

  return (
    <section className="card space-y-5 p-5" aria-label="Upload a file">
      <div className="flex flex-wrap items-end gap-4">
        <label className="block">
          <span className="text-sm font-medium text-slate-700">CSV file</span>
          <input type="file" accept=".csv,.tsv,.txt,text/csv" className="mt-1 block text-sm" onChange={(e) => chooseFile(e.target.files?.[0] ?? null)} />
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
          <p className="text-sm text-slate-600" data-testid="detected">
            Detected: {preview.encoding}, separated by {DELIMITER_NAMES[preview.delimiter] ?? preview.delimiter}, {preview.header.length} columns.
          </p>
          <div className="overflow-x-auto rounded-md border border-slate-200">
            <table className="min-w-full text-xs">
              <thead className="bg-slate-50 text-left">
                <tr>
                  {preview.header.map((h, i) => (
                    <th key={h} className="px-2 py-1.5 font-medium whitespace-nowrap">
                      {h} <span className="font-normal text-slate-400">{preview.types[i]}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((v, c) => (
                      <td key={c} className="max-w-48 truncate px-2 py-1 whitespace-nowrap">
                        {v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="grid grid-cols-1 gap-3 md:grid-cols-3">
            <legend className="mb-2 text-sm font-semibold text-slate-700">Mapping</legend>
            {preview.fields.map((f) => (
              <label key={f.field} className="block text-sm">
                <span className="font-medium text-slate-700">
                  {f.label}
                  {f.required ? " *" : ""}
                </span>
                <select
                  aria-label={`Column for ${f.label}`}
                  className="input mt-1"
                  value={mapping[f.field] ?? ""}
                  onChange={(e) => setMapping({ ...mapping, [f.field]: e.target.value })}
                >
                  <option value="">{f.constantAllowed ? "— one value for all rows —" : "— not in this file —"}</option>
                  {preview.header.map((h) => (
                    <option key={h}>{h}</option>
                  ))}
                </select>
                {f.constantAllowed && !mapping[f.field] && (
                  <input
                    aria-label={`One ${f.label} for every row`}
                    placeholder={`e.g. purchase`}
                    className="input mt-1"
                    value={constants[f.field] ?? ""}
                    onChange={(e) => setConstants({ ...constants, [f.field]: e.target.value })}
                  />
                )}
              </label>
            ))}
          </fieldset>
          <p className="text-xs text-slate-500">Columns mapped to no field become properties under their header names.</p>
          {preview.problems.length > 0 ? (
            <ul role="alert" className="list-disc space-y-1 rounded-md bg-amber-50 px-8 py-3 text-sm text-amber-900">
              {preview.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-emerald-700">The mapping fits the file. Every row is checked while it is stored; any invalid row stops the upload unless you skip invalid rows.</p>
          )}
          <div className="flex items-center gap-4">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> Skip invalid rows
            </label>
            <button type="button" className="btn-primary" disabled={!ready} onClick={upload}>
              Store the file
            </button>
          </div>
        </>
      )}

      {progress && <UploadProgress progress={progress} />}
      {[previewError, failure].map(
        (f, i) =>
          f && (
            <div key={i} role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
              <p className="font-medium">{f.message}</p>
              {f.errors.length > 1 && (
                <ul className="mt-2 max-h-48 list-disc overflow-auto pl-5">
                  {f.errors.map((e, j) => (
                    <li key={j}>{e}</li>
                  ))}
                </ul>
              )}
              <p className="mt-2">Nothing was stored.</p>
            </div>
          ),
      )}
      {result && <UploadResultView result={result} />}
    </section>
  );
}
