import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { getPersonTimeline } from "@/lib/data/people";
import { pageData } from "@/lib/http/page-data";
import { formatNumber } from "@/lib/format";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import { ListTable } from "@/components/ui/list-table";
import { ReportError } from "@/components/reports/common/report-error";

type Props = { params: Promise<{ project: string; person: string }>; searchParams: Promise<{ page?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Person ${decodeURIComponent((await params).person)}` };
}

const propertyText = (properties: Record<string, unknown>) =>
  Object.entries(properties)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");

/** One person: their properties, then every event in the order the reports use, a page at a time. */
export default async function PersonPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { project: slug, person: encoded } = await params;
  const person = decodeURIComponent(encoded);
  const { page } = await searchParams;
  const data = await pageData(() => getPersonTimeline(actor, slug, person, { page }));
  if (!data.ok) return <ReportError message={data.message} />;
  const t = data.data;
  const pages = Math.max(1, Math.ceil(t.total / t.pageSize));
  const pageHref = (n: number) => `/p/${slug}/people/${encodeURIComponent(person)}?page=${n}`;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-500">Person</p>
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="person-id">
          {t.person.id}
        </h1>
      </header>
      <section className="card grid grid-cols-2 gap-4 p-5 text-sm md:grid-cols-4 xl:grid-cols-7" aria-label="Properties">
        {PERSON_ATTRIBUTES.map((a) => (
          <div key={a}>
            <p className="text-xs font-medium text-slate-500 capitalize">{a}</p>
            <p className="text-slate-900">{t.person[a] ?? "—"}</p>
          </div>
        ))}
        <div>
          <p className="text-xs font-medium text-slate-500">Signed up</p>
          <p className="text-slate-900 tabular-nums">{t.person.signupAt ?? "—"}</p>
        </div>
        <div>
          <p className="text-xs font-medium text-slate-500">First seen</p>
          <p className="text-slate-900 tabular-nums">{t.person.firstSeen ?? "—"}</p>
        </div>
        <div>
          <p className="text-xs font-medium text-slate-500">Events</p>
          <p className="text-slate-900 tabular-nums">{formatNumber(t.total)}</p>
        </div>
        {Object.keys(t.person.properties).length > 0 && (
          <div className="col-span-full">
            <p className="text-xs font-medium text-slate-500">Other properties</p>
            <p className="text-slate-700">{propertyText(t.person.properties)}</p>
          </div>
        )}
      </section>
      <section className="card overflow-x-auto" aria-label="Timeline">
        <p className="px-4 pt-3 text-xs text-slate-500">
          Times in the project&apos;s zone; page journeys have no clock and keep their sessions&apos; order. Page {t.page} of {pages}.
        </p>
        <ListTable headers={["#", "When", "Event", "Session", { label: "Revenue", align: "right" }, "Properties"]} count={t.events.length} empty="No events.">
          {t.events.map((e, i) => {
            const newSession = i > 0 && e.session !== null && e.session !== t.events[i - 1]!.session;
            return (
              <tr key={i} className={newSession ? "border-t-2 border-slate-300" : undefined} data-testid="timeline-event">
                <td className="px-4 py-1.5 text-slate-400 tabular-nums">{(t.page - 1) * t.pageSize + i + 1}</td>
                <td className="px-4 py-1.5 whitespace-nowrap tabular-nums">{e.at ?? <span className="text-slate-400">no clock</span>}</td>
                <td className="px-4 py-1.5 font-medium text-slate-900">{e.name}</td>
                <td className="px-4 py-1.5 text-slate-600">{e.session ?? "—"}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">{e.revenue ?? ""}</td>
                <td className="max-w-md truncate px-4 py-1.5 text-slate-500">{propertyText(e.properties) || "—"}</td>
              </tr>
            );
          })}
        </ListTable>
        {pages > 1 && (
          <nav className="flex justify-between px-4 py-3 text-sm" aria-label="Pages">
            {t.page > 1 ? <Link href={pageHref(t.page - 1)} className="btn-secondary">Previous</Link> : <span />}
            {t.page < pages ? <Link href={pageHref(t.page + 1)} className="btn-secondary">Next</Link> : <span />}
          </nav>
        )}
      </section>
    </div>
  );
}
