import type { JourneySegment, JourneysResult, PageCount } from "@/lib/reports/journeys/definition";
import type { PathLink } from "@/lib/reports/paths";
import { formatNumber } from "@/lib/format";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { LengthChart } from "./length-chart";
import { PathsSankey } from "@/components/charts/paths-sankey";
import { SideBySide, type SegmentList } from "./side-by-side";

/** "2 pages after", "the anchor page", "1 page before": each level of the path chart in words. */
const levelNames = (links: PathLink[]) =>
  Object.fromEntries(
    [...new Set(links.flatMap((l) => [l.from.level, l.to.level]))].map((level) => [
      level,
      level === 0 ? "the anchor page" : `${Math.abs(level)} ${Math.abs(level) === 1 ? "page" : "pages"} ${level > 0 ? "after" : "before"}`,
    ]),
  );
const label = (s: JourneySegment) => s.value ?? "Everyone";
const listOf = (s: JourneySegment, rows: PageCount[]): SegmentList => ({ label: label(s), rows: rows.map((r) => ({ key: r.page, n: r.count })) });

function Card({ title, hint, children, testId }: { title: string; hint?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="card p-5" data-testid={testId}>
      <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** Journeys: headline numbers, then every metric with the segments side by side, the lengths and the paths. */
export function JourneysView({ output }: ReportViewProps<JourneysResult>) {
  const r = output.result;
  const everyone = r.segments[0]!;
  const values = r.segments.slice(1);
  const shown = values.length ? [everyone, ...values] : [everyone];
  const baseline = values[0]?.value ?? "";
  const presence: SegmentList[] = shown.map((s) => ({
    label: label(s),
    rows: s.presence.map((p) => {
      const test = s.value !== null && s.value !== baseline ? r.comparisons.find((c) => c.segment === s.value && c.page === p.page)?.comparison : undefined;
      return { key: p.page, n: p.journeys, share: p.share, ...(s.value !== null && s.value !== baseline ? { p: test?.p ?? null, significant: test?.significant ?? false } : {}) };
    }),
  }));
  const unit = r.unit === "person" ? "people" : "sessions";
  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Headline">
        <StatCard label="Journeys" value={formatNumber(everyone.journeys)} hint={`one per ${r.unit}, from ${r.source}`} testId="stat-journeys" />
        <StatCard label="Emptied" value={formatNumber(everyone.emptied)} hint={`${unit} with no page left after removal`} testId="stat-emptied" />
        <StatCard label="Mean length" value={everyone.length.mean === null ? "—" : everyone.length.mean.toFixed(2)} hint="pages a journey" testId="stat-mean-length" />
        <StatCard label="Median length" value={everyone.length.median === null ? "—" : String(everyone.length.median)} hint="pages a journey" testId="stat-median-length" />
      </section>
      {r.paths ? (
        <Card
          title={`Paths ${r.paths.anchor === "start" ? "from" : "to"} ${r.paths.page}`}
          hint={`${formatNumber(r.paths.journeys)} journeys ${r.paths.anchor === "start" ? "with this page: the pages that came next" : "with this page: the pages that led to it"}, ${r.paths.depth} deep.`}
          testId="paths"
        >
          <div className="overflow-x-auto">
            <PathsSankey
              links={r.paths.links}
              title={`Paths ${r.paths.anchor === "start" ? "from" : "to"} ${r.paths.page}`}
              unit="journeys"
              total={r.paths.journeys}
              align={r.paths.anchor}
              levelNames={levelNames(r.paths.links)}
              empty={`No journey ${r.paths.anchor === "start" ? "goes on from" : "leads to"} “${r.paths.page}” with these settings.`}
            />
          </div>
        </Card>
      ) : (
        <p className="text-xs text-slate-500">Choose a start page or an end page in the form to draw the paths from it or to it.</p>
      )}
      <Card
        title="Page presence"
        hint={`Journeys that contain each page at least once${values.length > 1 ? `; p: two-proportion z-test against ${baseline}, * when p < 0.05` : ""}.`}
        testId="presence"
      >
        <SideBySide keyHeader="Page" lists={presence} caption="Page presence" empty="No journeys." baseline={baseline} />
      </Card>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Page views" hint="Every occurrence, after preprocessing." testId="page-counts">
          <SideBySide keyHeader="Page" lists={shown.map((s) => listOf(s, s.pageCounts))} caption="Page views" empty="No pages." />
        </Card>
        <Card title={`Top sequences of ${r.n} pages`} hint="Contiguous runs, each counted once a journey." testId="sequences">
          <SideBySide
            keyHeader="Sequence"
            lists={shown.map((s) => ({ label: label(s), rows: s.sequences.map((q) => ({ key: q.pages.join(" → "), n: q.journeys })) }))}
            caption="Top sequences"
            empty={`No journey has ${r.n} pages.`}
          />
        </Card>
        {r.page && (
          <>
            <Card title={`Before ${r.page}`} hint="The page just before each occurrence." testId="before">
              <SideBySide keyHeader="Page" lists={shown.map((s) => listOf(s, s.before))} caption={`Before ${r.page}`} empty={`No journey has ${r.page}.`} />
            </Card>
            <Card title={`After ${r.page}`} hint="The page just after each occurrence." testId="after">
              <SideBySide keyHeader="Page" lists={shown.map((s) => listOf(s, s.after))} caption={`After ${r.page}`} empty={`No journey has ${r.page}.`} />
            </Card>
          </>
        )}
        <Card title="First pages" testId="first-pages">
          <SideBySide keyHeader="Page" lists={shown.map((s) => listOf(s, s.firstPages))} caption="First pages" empty="No journeys." />
        </Card>
        <Card title="Last pages" testId="last-pages">
          <SideBySide keyHeader="Page" lists={shown.map((s) => listOf(s, s.lastPages))} caption="Last pages" empty="No journeys." />
        </Card>
      </div>
      <Card title="Journey length" hint={shown.map((s) => `${label(s)}: mean ${s.length.mean?.toFixed(2) ?? "—"}, median ${s.length.median ?? "—"}`).join(" · ")} testId="lengths">
        <LengthChart segments={shown} />
      </Card>
    </>
  );
}
