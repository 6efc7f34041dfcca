"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ListTable } from "@/components/ui/list-table";

type Source = {
  id: string;
  url: string;
  hasCredentials: boolean;
  kind: string;
  cron: string;
  nextRunAt: string;
  runs: { id: string; startedAt: string; status: string; message: string | null }[];
};

const KINDS = ["events", "people", "journeys", "campaign-sends", "spend"];

function fieldPairs(text: string) {
  const out: Record<string, string> = {};
  for (const line of text.split(/[\n,]/)) {
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Scheduled imports of the project: each source's schedule, next run and latest results; add, run now, remove. */
export function ImportSources({ slug, sources }: { slug: string; sources: Source[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const base = `/api/v1/projects/${slug}/sources`;

  async function call(url: string, init: RequestInit, done: (body: Record<string, string>) => string) {
    const res = await fetch(url, init);
    const body = await res.json().catch(() => ({}));
    setMessage(res.ok ? { ok: true, text: done(body) } : { ok: false, text: body?.error?.message ?? `The server answered ${res.status}.` });
    router.refresh();
  }

  async function add(form: FormData) {
    await call(
      base,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          url: form.get("url"),
          cron: form.get("cron"),
          ...(form.get("username") ? { username: form.get("username"), password: form.get("password") } : {}),
          options: { kind: form.get("kind"), map: fieldPairs(String(form.get("map") ?? "")), set: fieldPairs(String(form.get("set") ?? "")) },
        }),
      },
      (b) => `Added; the first run is at ${b.nextRunAt?.slice(0, 16).replace("T", " ")} UTC.`,
    );
  }

  return (
    <section className="card space-y-4 p-5" aria-label="Scheduled imports">
      <div>
        <h2 className="font-semibold">Scheduled imports</h2>
        <p className="text-sm text-slate-500">A CSV at a URL, fetched and imported on a schedule (cron, in the project&apos;s time zone). A file that has not changed is not stored twice.</p>
      </div>
      {sources.length > 0 && (
        <ListTable headers={["Source", "Schedule", "Latest runs", ""]} count={sources.length}>
          {sources.map((s) => (
            <tr key={s.id} className="align-top">
              <td className="px-4 py-2">
                <p className="max-w-96 truncate font-medium">{s.url}</p>
                <p className="text-xs text-slate-500">
                  {s.kind}
                  {s.hasCredentials ? " · with stored credentials (encrypted)" : ""}
                </p>
              </td>
              <td className="px-4 py-2">
                <code>{s.cron}</code>
                <p className="text-xs text-slate-500">next {s.nextRunAt.slice(0, 16).replace("T", " ")} UTC</p>
              </td>
              <td className="px-4 py-2 text-xs">
                {s.runs.length === 0 && <span className="text-slate-500">not run yet</span>}
                {s.runs.slice(0, 3).map((r) => (
                  <p key={r.id}>
                    {r.startedAt.slice(0, 16).replace("T", " ")} · <strong>{r.status}</strong> {r.message}
                  </p>
                ))}
              </td>
              <td className="px-4 py-2 text-right whitespace-nowrap">
                <button type="button" className="btn-secondary mr-2" onClick={() => call(`${base}/${s.id}/run`, { method: "POST" }, (b) => `${b.status}: ${b.message ?? ""}`)}>
                  Run now
                </button>
                <button
                  type="button"
                  className="btn-secondary"
                  onClick={() => window.confirm("Stop this scheduled import? What it stored stays.") && call(`${base}/${s.id}`, { method: "DELETE" }, () => "Removed.")}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <form action={add} className="grid grid-cols-1 gap-3 md:grid-cols-6">
        <label className="block text-xs text-slate-600 md:col-span-2">
          CSV URL
          <input name="url" placeholder="https://…/export.csv" required className="input mt-1" />
        </label>
        <label className="block text-xs text-slate-600">
          Kind
          <select name="kind" className="input mt-1">
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="block text-xs text-slate-600">
          Schedule (cron)
          <input name="cron" placeholder="0 2 * * *" defaultValue="0 2 * * *" required className="input mt-1" />
        </label>
        <label className="block text-xs text-slate-600">
          Mapping (field=column)
          <input name="map" placeholder="person=CustomerID, time=InvoiceDate" className="input mt-1" />
        </label>
        <label className="block text-xs text-slate-600">
          Fixed values
          <input name="set" placeholder="name=purchase" className="input mt-1" />
        </label>
        <label className="block text-xs text-slate-600 md:col-span-2">
          Source user name (if the source asks)
          <input name="username" autoComplete="off" className="input mt-1" />
        </label>
        <label className="block text-xs text-slate-600 md:col-span-2">
          Source password (kept encrypted)
          <input name="password" type="password" autoComplete="new-password" className="input mt-1" />
        </label>
        <button type="submit" className="btn-primary md:col-span-6 md:justify-self-start">
          Add scheduled import
        </button>
      </form>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </p>
      )}
    </section>
  );
}
