import { PathsSankey } from "@/components/charts/paths-sankey";
import { RateLineChart } from "@/components/charts/rate-line-chart";
import { ListTable } from "@/components/ui/list-table";
import { STAGE_LABELS, STAGES, type Stage, type StagesResult } from "@/lib/reports/stages/definition";
import { formatDuration, formatNumber, formatPercent } from "@/lib/format";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { StageDefinition } from "./stage-definition";

const percent = (v: number | null) => (v === null ? "—" : formatPercent(v));
const TO: (Stage | "none")[] = [...STAGES.filter((s) => s !== "first_purchase"), "none"];

/** A shop's stages: how many reach each, how they move between them, how soon, the returns, and the categories. */
export function StagesView({ project, output, viewer }: ReportViewProps<StagesResult>) {
  const r = output.result;
  const reached = (s: Stage) => r.stages.find((x) => x.stage === s)!;
  const cell = (from: Stage, to: Stage | "none") => r.transitions.find((t) => t.from === from && t.to === to);
  const levels = [...new Set(r.categoryPaths.flatMap((l) => [l.from.level, l.to.level]))];
  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Headline">
        <StatCard label="New buyers" value={formatNumber(r.buyers)} hint={`first purchase from ${r.fromDay} to ${r.toDay}`} testId="stat-buyers" />
        <StatCard label="Bought again" value={percent(reached("repeat_purchase").share)} hint={`${formatNumber(reached("repeat_purchase").people)} people`} testId="stat-repeat" />
        <StatCard label="Tried a new category" value={percent(reached("new_category").share)} hint={`${formatNumber(reached("new_category").people)} people`} testId="stat-new-category" />
        <StatCard label="Returned something" value={percent(reached("return").share)} hint={`${formatNumber(reached("return").people)} people`} testId="stat-return" />
      </section>
      <StageDefinition slug={project.slug} definition={r.definition} editable={viewer.editsDefinitions} />
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card overflow-x-auto" data-testid="stage-counts">
          <h2 className="px-4 pt-4 text-sm font-semibold text-slate-700">Stages reached, and how soon after the first purchase</h2>
          <ListTable stickyFirst headers={["Stage", { label: "People", align: "right" }, { label: "Of new buyers", align: "right" }, { label: "Median time", align: "right" }, { label: "p25 – p75", align: "right" }]} count={r.stages.length}>
            {r.stages.map((s) => {
              const t = r.timeFromFirst.find((x) => x.stage === s.stage)?.time;
              return (
                <tr key={s.stage}>
                  <td className="px-4 py-2">{STAGE_LABELS[s.stage]}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatNumber(s.people)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{percent(s.share)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{t ? formatDuration(t.median) : "—"}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{t ? `${formatDuration(t.p25)} – ${formatDuration(t.p75)}` : "—"}</td>
                </tr>
              );
            })}
          </ListTable>
        </section>
        <section className="card overflow-x-auto" data-testid="transitions">
          <h2 className="px-4 pt-4 text-sm font-semibold text-slate-700">What came next</h2>
          <p className="px-4 text-xs text-slate-500">From each stage event to the same person&apos;s next one: how often, and the median time between.</p>
          <ListTable stickyFirst headers={["From ↓ · to →", ...TO.map((t) => ({ label: t === "none" ? "Nothing yet" : STAGE_LABELS[t], align: "right" as const }))]} count={STAGES.length}>
            {STAGES.map((from) => (
              <tr key={from}>
                <td className="px-4 py-2">{STAGE_LABELS[from]}</td>
                {TO.map((to) => {
                  const c = cell(from, to);
                  return (
                    <td key={to} className="px-4 py-2 text-right tabular-nums">
                      {c ? formatNumber(c.count) : "—"}
                      {c?.medianSeconds != null && <span className="block text-xs text-slate-500">{formatDuration(c.medianSeconds)}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </ListTable>
        </section>
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card p-5" data-testid="returns-by-cohort">
          <h2 className="text-sm font-semibold text-slate-700">Returns by the {output.params.cohort === "week" ? "week" : "month"} of the first purchase</h2>
          <p className="mb-3 text-xs text-slate-500">Return events ÷ purchase lines, and the share of new buyers who returned something. The latest cohorts have had less time to return.</p>
          <RateLineChart
            xLabel="first purchase"
            title="Returns by cohort"
            height={240}
            emptyMessage="No new buyers in this range."
            series={[
              { id: "Lines returned", points: r.returnsByCohort.map((c) => ({ x: c.cohort, y: c.returnRate })) },
              { id: "Buyers who returned", points: r.returnsByCohort.map((c) => ({ x: c.cohort, y: c.returnerShare })) },
            ]}
          />
        </section>
        <section className="card overflow-x-auto" data-testid="returns-by-size">
          <h2 className="px-4 pt-4 text-sm font-semibold text-slate-700">Returns by size</h2>
          <ListTable stickyFirst headers={["Size", { label: "Lines bought", align: "right" }, { label: "Returned", align: "right" }, { label: "Return rate", align: "right" }]} count={r.returnsBySize.length} empty="No purchases.">
            {r.returnsBySize.map((s) => (
              <tr key={s.size}>
                <td className="px-4 py-1.5">{s.size}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">{formatNumber(s.purchases)}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">{formatNumber(s.returns)}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">{percent(s.returnRate)}</td>
              </tr>
            ))}
          </ListTable>
        </section>
      </div>
      <section className="card p-5" data-testid="category-progression">
        <h2 className="text-sm font-semibold text-slate-700">Category progression</h2>
        <p className="mb-3 text-xs text-slate-500">The categories new buyers bought, in the order they first bought each; “(no more)” where they stopped.</p>
        <div className="overflow-x-auto">
          <PathsSankey
            links={r.categoryPaths}
            title="Category progression"
            unit="people"
            total={r.buyers}
            align="start"
            levelNames={Object.fromEntries(levels.map((l) => [l, `category bought ${l === 1 ? "first" : `${l}${l === 2 ? "nd" : l === 3 ? "rd" : "th"}`}`]))}
            empty="No new buyers in this range."
          />
        </div>
      </section>
    </>
  );
}
