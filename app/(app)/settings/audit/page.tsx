import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { auditActions, listAudit } from "@/lib/data/audit";
import { pageData } from "@/lib/http/page-data";
import { SettingsHeader } from "@/components/settings/settings-header";
import { ListTable } from "@/components/ui/list-table";

export const metadata: Metadata = { title: "Audit log" };

type Search = { action?: string; user?: string; target?: string; from?: string; to?: string; page?: string };

/** Who did what and when: sign-ins, uploads, roles, keys, links and the rest; filtered by the URL's parameters. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const search = await searchParams;
  const data = await pageData(async () => ({ log: await listAudit(actor, search), actions: await auditActions(actor) }));
  const filters = { action: search.action ?? "", user: search.user ?? "", target: search.target ?? "", from: search.from ?? "", to: search.to ?? "" };
  const pageHref = (page: number) => `/settings/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(page) })}`;
  return (
    <>
      <SettingsHeader title="Audit log" body="Sign-ins and failed sign-ins, uploads and removals, users and roles, API keys and share links — made, used and revoked. Times are UTC." />
      <form method="get" className="card flex flex-wrap items-end gap-3 p-4" aria-label="Filter the audit log">
        <label className="text-xs text-slate-600">
          Action
          <select name="action" defaultValue={filters.action} className="input mt-1 w-56" aria-label="Action">
            <option value="">Every action</option>
            {data.ok &&
              [...new Set(data.data.actions.map((a) => a.split(".")[0] + "."))].map((prefix) => (
                <optgroup key={prefix} label={prefix.slice(0, -1)}>
                  <option value={prefix}>{prefix}*</option>
                  {data.data.actions
                    .filter((a) => a.startsWith(prefix))
                    .map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                </optgroup>
              ))}
          </select>
        </label>
        <label className="text-xs text-slate-600">
          User (email contains)
          <input name="user" defaultValue={filters.user} className="input mt-1 w-48" aria-label="User" />
        </label>
        <label className="text-xs text-slate-600">
          Target contains
          <input name="target" defaultValue={filters.target} className="input mt-1 w-48" aria-label="Target" />
        </label>
        <label className="text-xs text-slate-600">
          From
          <input name="from" type="date" defaultValue={filters.from} className="input mt-1 w-40" aria-label="From" />
        </label>
        <label className="text-xs text-slate-600">
          To
          <input name="to" type="date" defaultValue={filters.to} className="input mt-1 w-40" aria-label="To" />
        </label>
        <button type="submit" className="btn-primary">
          Filter
        </button>
        <Link href="/settings/audit" className="btn-secondary">
          Clear
        </Link>
      </form>
      {!data.ok ? (
        <p role="alert" className="card p-4 text-sm text-red-700">
          {data.message}
        </p>
      ) : (
        <section className="card overflow-x-auto">
          <p className="px-4 pt-3 text-xs text-slate-500">
            {data.data.log.total.toLocaleString("en-US")} entries · page {data.data.log.page} of {data.data.log.pages}
          </p>
          <ListTable headers={["When (UTC)", "Who", "Action", "Target", "Details"]} count={data.data.log.entries.length} empty="Nothing matches these filters.">
            {data.data.log.entries.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="px-4 py-2 whitespace-nowrap tabular-nums">{e.at.slice(0, 19).replace("T", " ")}</td>
                <td className="px-4 py-2">
                  {e.user ?? <span className="text-slate-500">{e.via === "share" ? "a link's holder" : e.via === "cli" ? "the CLI" : "nobody signed in"}</span>}
                  {e.via !== "user" && e.user && <span className="text-xs text-slate-500"> ({e.via.replace("_", " ")})</span>}
                </td>
                <td className="px-4 py-2">
                  <code className={e.action.endsWith("_failed") ? "text-red-700" : ""}>{e.action}</code>
                </td>
                <td className="px-4 py-2 break-all">{e.target ?? "—"}</td>
                <td className="px-4 py-2 font-mono text-xs break-all text-slate-600">{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</td>
              </tr>
            ))}
          </ListTable>
          <nav className="flex justify-between px-4 py-3 text-sm" aria-label="Pages">
            {data.data.log.page > 1 ? <Link href={pageHref(data.data.log.page - 1)} className="text-brand-700 hover:underline">← Newer</Link> : <span />}
            {data.data.log.page < data.data.log.pages ? <Link href={pageHref(data.data.log.page + 1)} className="text-brand-700 hover:underline">Older →</Link> : <span />}
          </nav>
        </section>
      )}
    </>
  );
}
